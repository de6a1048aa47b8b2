"""One build at a time per output folder: a second build waits for the first (or fails naming it),
a lock left by a dead build is taken over, and recovery removes only dead builds' staging folders."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from failed_builds import GOOD

from sitegen.build_lock import build_lock, lock_path
from sitegen.cli import main

SITEGEN = [sys.executable, "-m", "sitegen", "build"]
ENV = {**os.environ, "PYTHONUNBUFFERED": "1"}
ARTICLES = {"alpha": "Berlin is a city.", "beta": "Paris is a city too.", "gamma": "Rome has old bridges."}


def write_articles(seeds: Path, round_: int) -> None:
    """The same texts (their annotations stay cached) under titles that name the round."""
    for name, text in ARTICLES.items():
        (seeds / f"{name}.md").write_text(f"---\ntitle: {name} round {round_}\nlang: en\ndate: 2026-11-01\n---\n{text}\n",
                                          encoding="utf-8")


def site_files(site: Path) -> set[str]:
    """The site's files but Pagefind's index fragments (named by their content)."""
    return {p.relative_to(site).as_posix() for p in site.rglob("*")
            if p.is_file() and not p.relative_to(site).as_posix().startswith("pagefind/")}


def assert_complete(site: Path, files: set[str], round_: int) -> None:
    assert site_files(site) == files, f"round {round_}: an incomplete site was published"
    assert (site / "pagefind" / "pagefind-ui.js").is_file() and (site / "pagefind" / "pagefind-entry.json").is_file()
    index = (site / "index.html").read_text(encoding="utf-8")
    for name in ARTICLES:
        assert f"{name} round {round_}" in index, f"round {round_}: the index does not show this round's titles"
        assert f"{name} round {round_}" in (site / "articles" / f"{name}.html").read_text(encoding="utf-8")


@pytest.fixture
def small_site(tmp_path: Path) -> Path:
    (tmp_path / "seeds").mkdir()
    write_articles(tmp_path / "seeds", 0)
    done = subprocess.run(SITEGEN, cwd=tmp_path, env=ENV, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return tmp_path


@pytest.mark.timeout(600)
def test_two_builds_at_once_publish_a_complete_site_every_time(small_site: Path):
    site = small_site / "site"
    files = site_files(site)
    assert {"index.html", "articles/alpha.html", "articles/gamma.json", "feed.xml", "sitemap.xml"} <= files
    for round_ in range(1, 21):
        write_articles(small_site / "seeds", round_)
        builds = [subprocess.Popen(SITEGEN, cwd=small_site, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True) for _ in range(2)]
        results = [(build.wait(timeout=300), build.stderr.read()) for build in builds]
        for build in builds:
            build.stderr.close()
            build.stdout.close()
        for code, err in results:
            assert code == 0, f"round {round_}: {err}"
        assert_complete(site, files, round_)
        assert not list(small_site.glob(".site-new-*")), f"round {round_}: a staging folder was left behind"


HOLD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from sitegen.build_lock import build_lock

    with build_lock(Path(sys.argv[1]), purpose="sitegen serve"):
        print("held", flush=True)
        time.sleep(120)
    """
)


def hold_lock(site: Path) -> subprocess.Popen:
    """Another process holding the build lock of ``site`` until it is killed."""
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(site)], env=ENV, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    return holder


def test_a_second_build_waits_then_fails_with_one_line_naming_the_holder(built_site: Path, capsys, caplog):
    holder = hold_lock(built_site / "site")
    try:
        (built_site / "seeds" / "other.md").write_text(GOOD.replace("Good", "Other"), encoding="utf-8")
        capsys.readouterr()
        started = time.monotonic()
        assert main(["build", "--wait", "1"]) == 1
        err = capsys.readouterr().err.strip()
        assert time.monotonic() - started >= 1
        assert len(err.splitlines()) == 1 and err.startswith("sitegen: error: "), err
        assert f"pid {holder.pid} (sitegen serve)" in err and "gave up after 1 s" in err, err
        assert f"waiting for the build of {built_site / 'site'} by pid {holder.pid}" in caplog.text
        assert main(["build", "--wait", "0"]) == 1
        assert f"pid {holder.pid}" in capsys.readouterr().err
        assert not (built_site / "site" / "articles" / "other.html").exists()
    finally:
        holder.kill()
        holder.wait()
    # The holder died holding the lock (SIGKILL): the kernel dropped it, the next build takes it.
    assert main(["build", "--wait", "0"]) == 0
    assert (built_site / "site" / "articles" / "other.html").exists()


def test_a_lock_file_left_by_a_dead_build_is_no_lock(built_site: Path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    lock_path(built_site / "site").write_text(f"{dead.pid} sitegen build\n", encoding="utf-8")
    (built_site / "seeds" / "other.md").write_text(GOOD.replace("Good", "Other"), encoding="utf-8")
    assert main(["build", "--wait", "0"]) == 0
    assert (built_site / "site" / "articles" / "other.html").exists()


def test_the_lock_is_reentrant_in_one_process(tmp_path: Path):
    with build_lock(tmp_path / "site", wait=0), build_lock(tmp_path / "site", wait=0):
        pass
    with build_lock(tmp_path / "site", wait=0):  # released: taken again at once
        pass


def test_recovery_removes_only_dead_builds_staging_folders(built_site: Path):
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    try:
        live_stage = built_site / f".site-new-{alive.pid}-abc"
        dead_stage = built_site / f".site-new-{dead.pid}-abc"
        dead_old = built_site / f".site-old-{dead.pid}"
        for folder in (live_stage, dead_stage, dead_old):
            folder.mkdir()
            (folder / "index.html").write_text("partial", encoding="utf-8")
        assert main(["build", "--force"]) == 0
        assert live_stage.is_dir(), "the staging folder of a running process was removed"
        assert not dead_stage.exists() and not dead_old.exists()
    finally:
        alive.send_signal(signal.SIGKILL)
        alive.wait()
