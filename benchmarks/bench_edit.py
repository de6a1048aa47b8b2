"""One-article edit, in process: the time of ``SiteState.update`` for an edited article.

    .venv/bin/python benchmarks/bench_edit.py SITE_FOLDER [--edits 20] [--profile 1] [--kind body]
    .venv/bin/python benchmarks/bench_edit.py SITE_FOLDER --serve [--edits 10] [--after 0]

``SITE_FOLDER`` is a site root with ``sitegen.toml`` and ``seeds/``, e.g. the ``sitegen`` folder
``bench_build.py`` writes (``/tmp/sitegen-bench/1000-md/sitegen``); the first build is not timed.
Each edit appends a sentence to a random article (``--kind body``), or changes its date
(``date``, moving it on the listing pages) or tags (``tags``), then times ``update``; with
``--profile N`` the first N updates run under cProfile and the top functions are printed.
Where ``bench_build.py`` measures the whole path under ``sitegen serve`` (watcher, debounce,
rebuild), this isolates the rebuild. The load average is printed with the figures.

With ``--serve`` it starts ``sitegen serve --port 0`` in ``SITE_FOLDER`` instead and times each
edit from the save to the page file holding it, through watcher and rebuild; the first edit is
made ``--after`` seconds after the server prints ``serving`` (as a user who saves at once) and
reported apart from the later ones.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

from sitegen import paths
from sitegen.config import load_config
from sitegen.incremental import SiteState


def edit(path: Path, number: int, kind: str, chooser: random.Random) -> str:
    text = path.read_text(encoding="utf-8")
    marker = f"Messwert{number}x{chooser.randrange(10**6)}"
    if kind == "date":
        text = re.sub(r"^date: .*$", f"date: 20{chooser.randrange(10, 30)}-0{chooser.randrange(1, 10)}-1{number % 10}",
                      text, count=1, flags=re.M)
    elif kind == "tags":
        text = re.sub(r"^tags: .*$", f"tags: [{marker}]", text, count=1, flags=re.M)
    cut = text.rfind("\n", 0, len(text) - 1)
    path.write_text(text[:cut] + f" {marker}." + text[cut:], encoding="utf-8")
    return marker


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path, help="site folder (sitegen.toml, seeds/)")
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--profile", type=int, default=0, help="profile the first N updates")
    parser.add_argument("--kind", choices=["body", "date", "tags"], default="body")
    parser.add_argument("--top", type=int, default=30, help="functions shown by the profile")
    parser.add_argument("--sort", default="cumulative", help="profile order: cumulative, tottime, ...")
    parser.add_argument("--serve", action="store_true", help="time save -> page under a real `sitegen serve`")
    parser.add_argument("--after", type=float, default=0.0, help="--serve: seconds between `serving` and the first edit")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if args.serve:
        return serve_edits(root, args.edits, args.kind, args.after)
    state = SiteState(lambda: load_config(root / "sitegen.toml"))
    started = time.perf_counter()
    state.build_all()
    print(f"first build {time.perf_counter() - started:.1f} s, {len(state.articles)} articles", file=sys.stderr)
    state.warm()  # pipelines, templates, feed bodies: as `sitegen serve` prepares its first rebuild
    files = sorted(state.articles)
    chooser = random.Random(7)
    profile = cProfile.Profile()
    seconds, written = [], []
    for number in range(args.edits):
        path = chooser.choice(files)
        marker = edit(path, number, args.kind, chooser)
        profiled = number < args.profile
        if profiled:
            profile.enable()
        started = time.perf_counter()
        change = state.update([path])
        took = time.perf_counter() - started
        if profiled:
            profile.disable()
        slug = state.articles[path].article.slug
        page = root / "site" / paths.article(slug)
        assert not state.errors, state.errors
        assert marker in page.read_text(encoding="utf-8"), "the edit is not on the page"
        seconds.append(took)
        written.append(len(change.written))
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{args.edits} {args.kind} edits of {len(files)} articles: update p50 {statistics.median(seconds) * 1000:.0f} ms, "
          f"max {max(seconds) * 1000:.0f} ms, files written p50 {statistics.median(written):.0f} "
          f"(load average {load})")
    if args.profile:
        pstats.Stats(profile).sort_stats(args.sort).print_stats(args.top)
    return 0


def serve_edits(root: Path, edits: int, kind: str, after: float) -> int:
    """Edits under ``sitegen serve``: seconds from each save to the page file holding the edit."""
    log_path = root / "bench-edit-serve.log"
    started = time.perf_counter()
    with log_path.open("w") as log:
        process = subprocess.Popen([sys.executable, "-m", "sitegen", "serve", "--port", "0"], cwd=root, stdout=log,
                                   stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        while "serving http" not in log_path.read_text(errors="replace"):
            if process.poll() is not None or time.perf_counter() - started > 600:
                print(log_path.read_text(errors="replace")[-2000:], file=sys.stderr)
                return 1
            time.sleep(0.01)
        print(f"serving after {time.perf_counter() - started:.1f} s", file=sys.stderr)
        time.sleep(after)
        config = load_config(root / "sitegen.toml")
        from sitegen.read import article_paths, read_article

        files = [(path, read_article(path, config).slug) for path in article_paths(config.content_path)]
        chooser = random.Random(time.time_ns())  # markers no earlier run left in the files
        seconds = []
        for number in range(edits):
            path, slug = chooser.choice(files)
            page = config.output_path / paths.article(slug)
            begun = time.perf_counter()
            marker = edit(path, number, kind, chooser)
            while marker not in page.read_text(encoding="utf-8", errors="replace"):
                if time.perf_counter() - begun > 60:
                    print(f"edit {number} not on the page after 60 s", log_path.read_text()[-2000:], file=sys.stderr)
                    return 1
                time.sleep(0.002)
            seconds.append(time.perf_counter() - begun)
            time.sleep(0.5)  # the rebuild's listings and feeds finish before the next edit
    finally:
        process.terminate()
        process.wait(timeout=20)
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    later = seconds[1:] or [float("nan")]
    print(f"save -> page under sitegen serve, {len(files)} articles: first edit {seconds[0] * 1000:.0f} ms "
          f"({after:.1f} s after `serving`), later {len(later)} p50 {statistics.median(later) * 1000:.0f} ms, "
          f"max {max(later) * 1000:.0f} ms (load average {load})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
