"""A build killed at any moment leaves the previous site/ as it was and the cache usable.

``sitegen build`` runs as a subprocess (in its own process group, with its annotation workers)
and is SIGKILLed at several moments of a build that changes the site; after each kill site/
must equal the previous build, and a build that is left to finish must succeed and give the
same site as a build from scratch.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from sitegen.sqlite_file import unseal

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from bench_scale import make_many_articles  # noqa: E402

SITEGEN = [sys.executable, "-m", "sitegen", "build"]
ENV = {**os.environ, "PYTHONUNBUFFERED": "1"}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build(root: Path, timeout: float = 240) -> float:
    started = time.monotonic()
    done = subprocess.run(SITEGEN, cwd=root, env=ENV, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr
    return time.monotonic() - started


def build_killed_after(root: Path, delay: float) -> int | None:
    """Start a build, SIGKILL its whole process group after ``delay`` s; the exit code when it
    finished before that, else None."""
    process = subprocess.Popen(SITEGEN, cwd=root, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    try:
        return process.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        return None


def change_site(seeds: Path, round_: int) -> None:
    """Edit some articles' text (new annotation work) and titles (every listing page changes)."""
    for path in sorted(seeds.rglob("*.md"))[round_::7]:
        text = path.read_text(encoding="utf-8")
        text = text.replace("title: Article", f"title: Edited {round_} article", 1)
        path.write_text(text + f"\nA new closing paragraph, round {round_}, about Berlin and Joe Biden.\n",
                        encoding="utf-8")


def cache_entries_are_whole(cache: Path) -> int:
    """The annotation cache's entries, each checked to parse (a half-written one would not)."""
    if not (cache / "annotations.sqlite3").exists():
        return 0
    with sqlite3.connect(cache / "annotations.sqlite3") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        values = [value for (value,) in db.execute("SELECT value FROM annotations")]
    for value in values:
        text = unseal(value)
        assert text is not None, "a cache entry is not the value that was written"
        json.loads(text)
    return len(values)


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_build_killed_at_any_moment_leaves_the_previous_site(tmp_path: Path):
    root = tmp_path
    (root / "seeds").mkdir()
    make_many_articles(root / "seeds", 150)
    build(root)
    change_site(root / "seeds", 0)
    # How long a build that changes the site takes; the kills fall across it.
    previous = snapshot(root / "site")
    duration = build(root)
    assert snapshot(root / "site") != previous
    killed = 0
    for round_, fraction in enumerate((0.05, 0.2, 0.4, 0.6, 0.8, 0.95), 1):
        previous = snapshot(root / "site")
        change_site(root / "seeds", round_)
        code = build_killed_after(root, duration * fraction)
        after = snapshot(root / "site")
        if code is None and after == previous:
            killed += 1
        elif code is None:
            # Killed after its swap, on the way out: then site/ must be the whole new site, which
            # a build of the same input leaves as it is (but for Pagefind's index, not byte-stable).
            build(root)
            rebuilt = snapshot(root / "site")
            assert rebuilt.keys() == after.keys(), f"a build killed after {fraction:.0%} left a partial site"
            differ = [name for name in after if after[name] != rebuilt[name] and not name.startswith("pagefind/")]
            assert not differ, f"a build killed after {fraction:.0%} left a partial site: {differ[:5]}"
        else:
            assert code == 0
        cache_entries_are_whole(root / ".sitegen-cache")
    assert killed >= 3, f"only {killed} builds were killed before their swap"
    # The next build recovers, uses the cache and gives the same site as a build from scratch.
    build(root)
    assert not list(root.glob(".site-*")), "staging folders of killed builds were left behind"
    resumed = snapshot(root / "site")
    assert cache_entries_are_whole(root / ".sitegen-cache") > 0
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    (fresh / "seeds").symlink_to(root / "seeds")
    build(fresh)
    scratch = snapshot(fresh / "site")
    assert scratch.keys() == resumed.keys()
    articles = [name for name in scratch if name.startswith("articles/")]
    assert len(articles) >= 300 and all(scratch[name] == resumed[name] for name in articles)


KILL_BETWEEN_RENAMES = textwrap.dedent(
    """
    import os, signal, sys
    import sitegen.write as write
    from sitegen.cli import main

    def publish(self):  # the first rename of StagedSite.publish, then the process dies
        os.replace(self.output, self.output.with_name(f".{self.output.name}-old-{os.getpid()}"))
        os.kill(os.getpid(), signal.SIGKILL)

    write.StagedSite.publish = publish
    sys.exit(main(["build"]))
    """
)


def test_build_killed_between_the_two_renames_is_recovered(tmp_path: Path):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.md").write_text("---\ntitle: A\nlang: en\n---\nBerlin.\n", encoding="utf-8")
    build(tmp_path)
    previous = snapshot(tmp_path / "site")
    (tmp_path / "seeds" / "b.md").write_text("---\ntitle: B\nlang: en\n---\nParis.\n", encoding="utf-8")
    killed = subprocess.run([sys.executable, "-c", KILL_BETWEEN_RENAMES], cwd=tmp_path, env=ENV, timeout=120,
                            capture_output=True, text=True)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert not (tmp_path / "site").exists() and list(tmp_path.glob(".site-old-*"))  # the window was hit
    # Whatever runs next puts the previous site back first (here: a build that then fails).
    (tmp_path / "seeds" / "bad.md").write_text("---\ntitle: [\n---\nx\n", encoding="utf-8")
    failed = subprocess.run(SITEGEN, cwd=tmp_path, env=ENV, capture_output=True, text=True, timeout=120)
    assert failed.returncode == 1 and "bad.md" in failed.stderr
    assert snapshot(tmp_path / "site") == previous
    (tmp_path / "seeds" / "bad.md").unlink()
    build(tmp_path)
    assert "articles/b.html" in snapshot(tmp_path / "site")
    assert not list(tmp_path.glob(".site-*"))


def started_workers(process: subprocess.Popen, timeout: float = 120) -> list:
    """The build's worker processes, once it has forked at least two."""
    import psutil

    build = psutil.Process(process.pid)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "the build ended before it started its workers"
        workers = build.children(recursive=True)
        if len(workers) >= 2:
            return workers
        time.sleep(0.05)
    raise AssertionError("the build started no worker processes")


@pytest.mark.timeout(300)
@pytest.mark.parametrize("how", ["SIGTERM", "SIGINT", "parent killed"])
def test_stopping_a_build_stops_its_workers(tmp_path: Path, how: str):
    """The annotation workers (hundreds of MB each) end with the build within seconds, whether it is
    terminated, interrupted, or killed outright (then the kernel ends them: PR_SET_PDEATHSIG)."""
    import psutil

    (tmp_path / "seeds").mkdir()
    # cache misses, annotated by forked workers; enough that the build is still running when the
    # signal comes on a loaded machine (64 were built in 4 s before it came)
    make_many_articles(tmp_path / "seeds", 400)
    log = tmp_path / "stderr.txt"  # a file: workers left running would hold a pipe open
    with log.open("w") as stderr:
        process = subprocess.Popen(SITEGEN, cwd=tmp_path, env=ENV, stdout=subprocess.DEVNULL, stderr=stderr)
    workers = started_workers(process)
    signals = {"SIGTERM": signal.SIGTERM, "SIGINT": signal.SIGINT, "parent killed": signal.SIGKILL}
    process.send_signal(signals[how])  # to the build alone, not its process group
    code = process.wait(timeout=30)
    err = log.read_text(encoding="utf-8")
    _, alive = psutil.wait_procs(workers, timeout=5)
    for worker in alive:  # left running: end them before failing
        worker.kill()
    assert not alive, f"workers still running 5 s after the build ended: {[p.pid for p in alive]}"
    if how == "parent killed":
        assert code == -signal.SIGKILL
    else:
        assert code == {"SIGTERM": 143, "SIGINT": 130}[how], err
        assert err.strip() in ("sitegen: terminated", "sitegen: interrupted"), err
        assert not list(tmp_path.glob(".site-new-*")), "the stopped build left its staging folder"


POOL_KILLED_MID_RESULT = """
import multiprocessing, os, sys, time
from sitegen.parallel import worker_pool

def big(n):
    return b"x" * n

if __name__ == "__main__":
    try:
        with worker_pool(1, multiprocessing.get_context("fork"), lambda build: None, (), "test") as pool:
            pool.submit(big, 400_000_000)
            time.sleep(0.8)  # the worker is sending its result now
            raise KeyboardInterrupt
    except KeyboardInterrupt:
        print("left the pool", flush=True)
    os._exit(0)  # not waiting for the pool's thread at exit (cli.entry does the same)
"""


@pytest.mark.timeout(120)
def test_a_pool_whose_worker_is_killed_while_sending_a_result_lets_the_build_stop(tmp_path: Path):
    """Killing the workers of an interrupted build can cut a result in the middle of its
    message; the pool's thread then waits for the rest for ever, and waiting for that thread hung
    the build (`sitegen build` did not end after SIGINT/SIGTERM, about one time in seven)."""
    script = tmp_path / "pool.py"
    script.write_text(POOL_KILLED_MID_RESULT, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60, env=ENV)
    assert done.stdout.strip() == "left the pool", done.stderr
