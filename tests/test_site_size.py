"""``sitegen build`` reports the site's size and file count, and warns, naming the setting, when
the site passes the published-site limit (GitHub Pages: 1 GB; ``site_size_limit`` lowers it here)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sitegen.site_size import SiteSize, human, measure, over_limit

REPO = Path(__file__).resolve().parent.parent


def build(root: Path, config: str) -> subprocess.CompletedProcess:
    (root / "sitegen.toml").write_text(config, encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "sitegen", "build", "--force"], cwd=root, text=True,
                          capture_output=True, timeout=240, env={**os.environ, "PYTHONPATH": str(REPO)})


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sized")
    shutil.copytree(REPO / "seeds", folder / "seeds")
    return folder


def test_the_build_reports_size_and_files_and_stays_quiet_under_the_limit(root: Path):
    done = build(root, 'title = "Sized"\n')
    assert done.returncode == 0, done.stderr
    size = measure(root / "site")
    files = [p for p in (root / "site").rglob("*") if p.is_file()]
    assert size == SiteSize(sum(p.stat().st_size for p in files), len(files))
    assert f"site: {size}" in done.stderr
    assert re.search(r"site: [\d.]+ (MB|kB) in [\d,]+ files", done.stderr)
    assert "site_size_limit" not in done.stderr and "over the" not in done.stderr


def test_a_site_over_the_limit_gets_a_warning_naming_the_setting(root: Path):
    done = build(root, 'title = "Sized"\nsite_size_limit = 100000\n')
    assert done.returncode == 0, done.stderr  # a warning, not a failed build
    size = measure(root / "site")
    assert size.bytes > 100_000
    warnings = [line for line in done.stderr.splitlines() if line.startswith("sitegen: warning:")]
    assert warnings == [f"sitegen: warning: the site is {human(size.bytes)}, over the 100 kB limit for a published "
                        "site (site_size_limit in sitegen.toml; GitHub Pages publishes sites of up to 1 GB)"]
    assert (root / "site" / "index.html").is_file()


def test_the_limit_is_inclusive_and_units_are_decimal():
    assert over_limit(SiteSize(1_000_000_000, 10), 1_000_000_000) is None
    assert "1.0 GB" in over_limit(SiteSize(1_000_000_001, 10), 1_000_000_000)
    assert [human(n) for n in (17, 812_400, 36_500_000, 3_700_000_000)] == ["17 bytes", "812 kB", "36.5 MB", "3.7 GB"]
