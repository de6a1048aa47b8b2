"""The repository's seeds/ built once per test session for a GitHub Pages sub-path.

Used by test_publish.py, test_check.py and test_search.py (``from published import ...``):
building takes seconds (spaCy, Pagefind), so the three share one build.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sitegen.cli import main

REPO = Path(__file__).resolve().parent.parent
BASE_URL = "https://user.github.io/repo/"
PREFIX = "/repo/"
GERMAN_SLUG = "2024-11-18-usa-langstreckenraketen-ukraine"
BRIDGE_SLUG = "2026-11-20-harbour-bridge-reopens"
RHINE_SLUG = "2026-11-23-rhine-low-water"

_built: dict[str, Path] = {}


def published_site(factory: pytest.TempPathFactory) -> Path:
    """The output folder of seeds/ built with ``--base-url https://user.github.io/repo/``."""
    if "site" not in _built:
        root = factory.mktemp("published")
        shutil.copytree(REPO / "seeds", root / "seeds")
        (root / "sitegen.toml").write_text('title = "Published test site"\n', encoding="utf-8")
        code = main(["build", "--config", str(root / "sitegen.toml"), "--out", str(root / "site"), "--base-url", BASE_URL])
        assert code == 0
        _built["site"] = root / "site"
    return _built["site"]


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return published_site(tmp_path_factory)


def wait_for(driver, condition, timeout: float = 15.0, message: str = ""):
    """Selenium's WebDriverWait with a bounded timeout; ``condition(driver)`` returns a truthy value."""
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.1).until(condition, message)
