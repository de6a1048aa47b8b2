"""Lighthouse scores of the built seeds site: the German seed article and the index page.

Builds ``seeds/`` into a temporary folder for the address it is served at (so canonical links
and the sitemap are absolute, as on a published site), serves it on 127.0.0.1 and runs
Lighthouse (npm ``lighthouse``, pinned in package.json: ``npm ci``) against Debian's Chromium
in headless mode, with Lighthouse's default mobile settings (simulated slow 4G and CPU).

    make bench-lighthouse        # or: python benchmarks/lighthouse.py [--runs N] [--json FILE]

Prints each page's four scores (median of the runs) and exits 1 when accessibility, best
practices or SEO is below 100 or performance below 95 (issue 19's targets).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("SITEGEN_CHROMIUM", "/usr/bin/chromium")
PAGES = {"article": "articles/2024-11-18-usa-langstreckenraketen-ukraine.html", "index": ""}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def build(folder: Path, base_url: str) -> Path:
    shutil.copytree(REPO / "seeds", folder / "seeds")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    subprocess.run([sys.executable, "-m", "sitegen", "build", "--base-url", base_url], cwd=folder, env=env,
                   check=True, capture_output=True)
    return folder / "site"


def lighthouse(url: str, out: Path) -> dict[str, int]:
    command = [
        str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
    ]
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": CHROMIUM}, timeout=300)
    report = json.loads(out.read_text(encoding="utf-8"))
    failed = [audit["id"] for audit in report["audits"].values()
              if audit.get("score") is not None and audit["score"] < 1 and audit.get("scoreDisplayMode") == "binary"]
    for audit_id in sorted(failed):
        items = report["audits"][audit_id].get("details", {}).get("items", [])
        nodes = [item.get("node", {}).get("snippet", "") for item in items[:3]]
        print(f"  {url}: {audit_id} not passed: {nodes}", file=sys.stderr)
    return {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page; the median is shown (default 3)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the scores as JSON")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        parser.error(f"{LIGHTHOUSE} missing: run npm ci (or make bench-lighthouse)")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    with tempfile.TemporaryDirectory(prefix="sitegen-lighthouse-") as tmp:
        site = build(Path(tmp), base)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Quiet, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            results = {}
            for name, path in PAGES.items():
                runs = [lighthouse(base + path, Path(tmp) / f"{name}-{n}.json") for n in range(args.runs)]
                results[name] = {c: statistics.median_low(run[c] for run in runs) for c in CATEGORIES}
        finally:
            server.shutdown()
            server.server_close()
    print(f"{'page':<9}" + "".join(f"{c:>16}" for c in CATEGORIES))
    for name, scores in results.items():
        print(f"{name:<9}" + "".join(f"{scores[c]:>16}" for c in CATEGORIES))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    below = [f"{name} {c} {s[c]} < {TARGETS[c]}" for name, s in results.items() for c in CATEGORIES if s[c] < TARGETS[c]]
    if below:
        print("below target: " + "; ".join(below), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
