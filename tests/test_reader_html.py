"""The built seeds site is valid HTML: the Nu Html Checker (npm ``vnu-jar``, run with Java)
reports no error on any page. ``make test`` installs it (the version pinned in package.json)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from published import published_site

REPO = Path(__file__).resolve().parent.parent
VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def checker() -> list[str]:
    java = shutil.which("java")
    missing = None if java and VNU.is_file() else f"the Nu Html Checker needs java and {VNU} (make test installs it)"
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(missing)
        pytest.skip(missing)
    return [java, "-Xss4m", "-jar", str(VNU)]


def test_the_nu_html_checker_reports_no_error_on_the_built_seeds_site(tmp_path_factory: pytest.TempPathFactory):
    command = checker()
    site = published_site(tmp_path_factory)
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    kinds = {page.relative_to(site).parts[0] for page in pages}
    assert {"articles", "entities", "speakers", "sources", "tags", "lang", "search", "404.html", "index.html"} <= kinds
    done = subprocess.run([*command, "--errors-only", "--format", "json", "--skip-non-html", str(site)],
                          capture_output=True, text=True, timeout=240)
    messages = json.loads(done.stderr or '{"messages": []}')["messages"]
    errors = [f"{m.get('url', '').split('/site/')[-1]}:{m.get('lastLine')}: {m.get('message')}" for m in messages
              if m.get("type") == "error" or m.get("subType") == "fatal"]
    assert not errors, "\n".join(errors[:30])
    assert done.returncode == 0
