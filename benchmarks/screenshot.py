"""The README's screenshot: the German seed article as sitegen builds it, in headless Chromium.

Builds ``seeds/`` into a temporary folder, serves it on 127.0.0.1, opens the article in Debian's
Chromium (Selenium and chromedriver, as the browser tests), scrolls to the first quote with its
speaker, opens the footnote popover beside it and saves ``docs/screenshot.png``. Run it again
after a change to the templates or the annotators to keep the picture current:

    .venv/bin/python benchmarks/screenshot.py [--out docs/screenshot.png]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ARTICLE = "articles/2024-11-18-usa-langstreckenraketen-ukraine.html"
CHROMIUM = os.environ.get("SITEGEN_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("SITEGEN_CHROMEDRIVER", "/usr/bin/chromedriver")


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


def browser(width: int, height: int):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                 f"--window-size={width},{height}", "--force-device-scale-factor=1"):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshot.png", help="PNG to write")
    parser.add_argument("--width", type=int, default=900)
    parser.add_argument("--height", type=int, default=760)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="sitegen-screenshot-") as tmp:
        shutil.copytree(REPO / "seeds", Path(tmp) / "seeds")
        subprocess.run([sys.executable, "-m", "sitegen", "build"], cwd=tmp, check=True, capture_output=True,
                       env={**os.environ, "PYTHONPATH": str(REPO)})
        handler = functools.partial(Quiet, directory=str(Path(tmp) / "site"))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        driver = browser(args.width, args.height)
        try:
            driver.get(f"http://127.0.0.1:{server.server_address[1]}/{ARTICLE}")
            driver.execute_script("localStorage.clear(); document.fonts && document.fonts.ready")
            # The paragraph before the first quote with a speaker at the top; its footnote opened.
            quote = driver.find_element("css selector", ".body q.quote[data-speaker]")
            driver.execute_script(
                "var p = arguments[0].closest('p'); var before = p.previousElementSibling || p;"
                "window.scrollTo(0, before.getBoundingClientRect().top + window.scrollY - 16);", quote)
            reference = quote.find_element("xpath", "ancestor::p[1]//sup[contains(@class, 'source-ref')]/a")
            driver.execute_script("arguments[0].focus()", reference)
            args.out.parent.mkdir(parents=True, exist_ok=True)
            driver.save_screenshot(str(args.out))
        finally:
            driver.quit()
            server.shutdown()
            server.server_close()
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
