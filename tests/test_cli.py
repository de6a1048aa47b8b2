"""The command line as scripts see it: a console script with --version and --help on each command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from failed_builds import GOOD

from sitegen import __version__
from sitegen.cli import main, make_parser


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sitegen", *args], capture_output=True, text=True, timeout=60)


def test_version():
    result = run("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"sitegen {__version__}"


@pytest.mark.parametrize("command", sorted(make_parser()._subparsers._group_actions[0].choices))
def test_every_command_has_help(command: str):
    result = run(command, "--help")
    assert result.returncode == 0
    assert result.stdout.startswith(f"usage: sitegen {command}")


def test_unknown_command_is_a_usage_error():
    result = run("publish-everything")
    assert result.returncode == 2 and "invalid choice" in result.stderr


def test_missing_content_folder_is_one_line(tmp_path):
    result = subprocess.run([sys.executable, "-m", "sitegen", "build"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"sitegen: error: {tmp_path / 'seeds'}: content folder not found")
    assert "content_dir" in line and "sitegen new" in line  # the hint


@pytest.mark.parametrize("content", ["null", "[]", '"x"', '{"a": 5}', "\x00\xff garbage"])
def test_a_damaged_stamps_file_means_a_full_build(built_site: Path, capsys, content: str):
    stamps = built_site / ".sitegen-cache" / "build-stamps.json"
    stamps.write_text(content, encoding="utf-8")
    (built_site / "seeds" / "good.md").write_text(GOOD.replace("Good", "Better"), encoding="utf-8")
    capsys.readouterr()
    assert main(["build"]) == 0
    assert "Traceback" not in capsys.readouterr().err
    assert "Better" in (built_site / "site" / "index.html").read_text(encoding="utf-8")
    assert main(["build"]) == 0  # the stamp was written again: nothing to do
    assert "is up to date" in capsys.readouterr().err
