"""Checks shared by the bad-input and hostile-input tests: a failed build is one line, changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.cli import main

GOOD = "---\ntitle: Good\ndate: 2026-11-01\nlang: en\n---\nA good article about Berlin.\n"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build_fails(root: Path, capsys: pytest.CaptureFixture, *args: str) -> str:
    """Run a build that must fail: one error line naming no traceback, the previous site intact,
    no staging folder left behind. Returns the error line."""
    before = snapshot(root / "site")
    capsys.readouterr()
    assert main(["build", *args]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    assert err.startswith("sitegen: error: ") and "Traceback" not in err, err
    assert snapshot(root / "site") == before, "a failed build changed the previous site"
    assert not list(root.glob(".site-*")), "a failed build left a staging folder"
    return err
