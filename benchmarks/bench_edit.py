"""One-article edit, in process: the time of ``SiteState.update`` for an edited article.

    .venv/bin/python benchmarks/bench_edit.py SITE_FOLDER [--edits 20] [--profile 1] [--kind body]

``SITE_FOLDER`` is a site root with ``sitegen.toml`` and ``seeds/``, e.g. the ``sitegen`` folder
``bench_build.py`` writes (``/tmp/sitegen-bench/1000-md/sitegen``); the first build is not timed.
Each edit appends a sentence to a random article (``--kind body``), or changes its date
(``date``, moving it on the listing pages) or tags (``tags``), then times ``update``; with
``--profile N`` the first N updates run under cProfile and the top functions are printed.
Where ``bench_build.py`` measures the whole path under ``sitegen serve`` (watcher, debounce,
rebuild), this isolates the rebuild. The load average is printed with the figures.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import re
import statistics
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
    args = parser.parse_args(argv)
    root = args.root.resolve()
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


if __name__ == "__main__":
    sys.exit(main())
