"""Scale: build time and peak memory for many small articles and for one very large article.

    .venv/bin/python benchmarks/bench_scale.py                 # 10,000 small articles and a 5 MB article
    .venv/bin/python benchmarks/bench_scale.py --articles 1000 --big-mb 0
    nice .venv/bin/python benchmarks/bench_scale.py --articles 1000 --big-mb 0 \
        --corpus ../shared/corpora/10kgnad/test.csv --dask  # 10kGNAD news; local processes and Dask

Each build runs ``sitegen build`` in a subprocess on a fresh folder; peak RSS is sampled every
50 ms over the build process and all its children (forked annotation and rendering workers,
Pagefind) together; ``at the peak`` splits that sum by process. A child whose RSS equals the
build's to the byte is the build's own memory, counted once: a process Python starts (Pagefind)
is ``vfork``ed, and shares the build's address space until it runs ``exec``.
``--corpus``: the small articles are 10kGNAD news (``corpus.py``: cycled, each copy with its own title and, past the 998 articles, its own text)
instead of seed paragraphs. ``--dask``: the same articles are built again, cold and cached, on a
``dask.distributed.LocalCluster`` (2 worker processes, 1 thread each, started by this script) with
``--dask-scheduler``; peak RSS then adds the workers' memory, and both sites are compared file by
file (``byte-identical``).
tests/test_hostile.py uses the same helpers with smaller sizes.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus as corpora  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SITEGEN = [sys.executable, "-m", "sitegen"]


def seed_paragraphs() -> list[str]:
    """Real news paragraphs from the repository's seeds (German and English)."""
    paragraphs = []
    for path in sorted((REPO / "seeds").glob("*.md")):
        body = path.read_text(encoding="utf-8").split("---\n", 2)[2]
        paragraphs += [p.strip() for p in body.split("\n\n") if p.strip() and not p.startswith("[^")]
    for path in sorted((REPO / "seeds").glob("*.txt")):
        paragraphs += [line.strip() for line in path.read_text(encoding="utf-8").split("\n") if len(line) > 80]
    return paragraphs


def make_big_article(seeds: Path, size: int, lang: str = "de") -> Path:
    """One Markdown article of about ``size`` bytes: the seed paragraphs over and over."""
    paragraphs = seed_paragraphs()
    parts = [f"---\ntitle: A very long article\nlang: {lang}\ndate: 2026-11-01\n---\n"]
    total, number = len(parts[0]), 0
    while total < size:
        paragraph = paragraphs[number % len(paragraphs)]
        if number % 50 == 0:
            paragraph = f"## Part {number // 50 + 1}\n\n{paragraph}"
        parts.append(paragraph + "\n\n")
        total += len(parts[-1].encode("utf-8"))
        number += 1
    path = seeds / "big.md"
    path.write_text("".join(parts), encoding="utf-8")
    return path


def make_many_articles(seeds: Path, count: int) -> None:
    """``count`` small articles (two or three seed paragraphs each), in folders of 500."""
    paragraphs = seed_paragraphs()
    for number in range(count):
        folder = seeds / f"batch-{number // 500:03d}"
        folder.mkdir(exist_ok=True)
        body = "\n\n".join(paragraphs[(number * 3 + k) % len(paragraphs)] for k in range(2 + number % 2))
        lang = "en" if number % 3 else "de"
        day = 1 + number % 28
        (folder / f"2026-10-{day:02d}-article-{number:05d}.md").write_text(
            f"---\ntitle: Article {number}\nlang: {lang}\ntags: [tag-{number % 40}]\n---\n{body}\n", encoding="utf-8"
        )


@dataclass
class Run:
    seconds: float
    peak_rss: int  # bytes, the build process and its children together
    returncode: int
    stderr: str
    at_peak: str = ""  # the processes' RSS at that moment: "build 215 + pagefind 850 MiB"


def run_build(root: Path, timeout: float, *args: str, also: Sequence[psutil.Process] = ()) -> Run:
    """``sitegen build`` in ``root``; wall time and peak RSS of the process tree (and of the
    processes ``also``, a cluster's workers)."""
    started = time.perf_counter()
    log = tempfile.TemporaryFile("w+")  # not a pipe: a full pipe would stall the build
    process = subprocess.Popen([*SITEGEN, "-v", "build", *args], cwd=root, stderr=log, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    watched = psutil.Process(process.pid)
    peak, at_peak = 0, ""
    try:
        while process.poll() is None:
            if time.perf_counter() - started > timeout:
                process.kill()
                raise TimeoutError(f"sitegen build took more than {timeout} s")
            try:
                tree = [watched, *watched.children(recursive=True), *also]
                sizes = [(process_label(p, watched, also), p.memory_info().rss) for p in tree if p.is_running()]
                sizes = [(label, rss) for n, (label, rss) in enumerate(sizes) if not (n and rss == sizes[0][1])]
                if sum(rss for _, rss in sizes) > peak:
                    peak = sum(rss for _, rss in sizes)
                    at_peak = " + ".join(f"{label} {rss / 2**20:.0f}" for label, rss in sizes) + " MiB"
            except psutil.Error:
                pass
            time.sleep(0.05)
    finally:
        process.wait()
        log.seek(0)
        stderr = log.read()
        log.close()
    return Run(time.perf_counter() - started, peak, process.returncode, stderr, at_peak)


def process_label(process: psutil.Process, build: psutil.Process, also: Sequence[psutil.Process]) -> str:
    """What a process of the tree is: the build, one of its workers, Pagefind, a cluster's worker."""
    if process.pid == build.pid:
        return "build"
    if process in also:
        return "dask worker"
    return "worker" if process.name().startswith("python") else process.name()


def site_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def report(name: str, label: str, run: Run, root: Path) -> None:
    files = [p for p in (root / "site").rglob("*") if p.is_file()] if run.returncode == 0 else []
    pages = sum(1 for p in files if p.suffix == ".html")
    output = sum(p.stat().st_size for p in files)
    print(f"{name}, {label}: exit {run.returncode}, {run.seconds:.1f} s, peak RSS {run.peak_rss / 2**20:.0f} MiB, "
          f"{pages} pages, {len(files)} files, {output / 1e6:.1f} MB written", flush=True)
    print(f"    at the peak: {run.at_peak}", flush=True)
    stages = re.findall(r"^(\w+)\s+([\d.]+) s$", run.stderr, re.MULTILINE)
    print("    " + ", ".join(f"{stage} {float(seconds):.1f} s" for stage, seconds in stages), flush=True)
    if run.returncode:
        print(run.stderr[-2000:], file=sys.stderr)


def bench_local_and_dask(folder: Path, name: str, make: Callable[[Path], None], timeout: float) -> int:
    """The same articles built cold and cached with local processes, then on a 2-worker
    LocalCluster; 1 when a build fails or the two sites differ."""
    from distributed import LocalCluster

    roots = {}
    for backend in ("local", "dask"):
        roots[backend] = folder / f"{name.replace(' ', '-')}-{backend}"
        roots[backend].mkdir(parents=True)
        make(roots[backend])
    for label in ("cold", "cached"):
        run = run_build(roots["local"], timeout, "--force")
        report(f"{name}, local processes", label, run, roots["local"])
        if run.returncode:
            return 1
    with LocalCluster(processes=True, n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster:
        workers = psutil.Process().children(recursive=True)
        for label in ("cold", "cached"):
            run = run_build(roots["dask"], timeout, "--force", "--dask-scheduler", cluster.scheduler_address, also=workers)
            report(f"{name}, Dask LocalCluster (2 workers)", label, run, roots["dask"])
            if run.returncode:
                return 1
    local, dask = site_files(roots["local"] / "site"), site_files(roots["dask"] / "site")
    differ = sorted(set(local) ^ set(dask)) + [n for n in sorted(set(local) & set(dask)) if local[n] != dask[n]]
    print(f"{name}: Dask site byte-identical to the local one: {'yes' if not differ else 'NO'} "
          f"({len(local)} files; {len(differ)} differ{': ' + ', '.join(differ[:5]) if differ else ''})", flush=True)
    return 1 if differ else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000, help="small articles to build (0: skip)")
    parser.add_argument("--big-mb", type=float, default=5, help="size of the large article in MB (0: skip)")
    parser.add_argument("--timeout", type=float, default=3600)
    parser.add_argument("--corpus", type=Path, help="10kGNAD test.csv: the small articles are its news instead")
    parser.add_argument("--dask", action="store_true", help="build the small articles on a 2-worker Dask LocalCluster too")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sitegen-bench-") as folder:
        if args.articles and args.corpus:
            name = f"{args.articles} 10kGNAD articles"

            def make(root: Path) -> None:
                corpora.write_sitegen(root, corpora.items(args.corpus, args.articles), "md")
        else:
            name = f"{args.articles} small articles"

            def make(root: Path) -> None:
                (root / "seeds").mkdir(parents=True)
                make_many_articles(root / "seeds", args.articles)
        if args.articles and args.dask:
            return bench_local_and_dask(Path(folder), name, make, args.timeout)
        cases = []
        if args.articles:
            cases.append((name, make))
        if args.big_mb:
            def make_big(root: Path) -> None:
                (root / "seeds").mkdir(parents=True)
                make_big_article(root / "seeds", int(args.big_mb * 1e6))

            cases.append((f"one {args.big_mb:g} MB article", make_big))
        for name, make_case in cases:
            root = Path(folder) / name.replace(" ", "-")
            make_case(root)
            source_bytes = sum(p.stat().st_size for p in (root / "seeds").rglob("*.md"))
            for label in ("cold", "cached"):
                run = run_build(root, args.timeout, "--force")  # cached: a build, not the no-change check
                pages = sum(1 for _ in (root / "site").rglob("*.html")) if run.returncode == 0 else 0
                output = sum(p.stat().st_size for p in (root / "site").rglob("*") if p.is_file()) if pages else 0
                print(f"{name} ({source_bytes / 1e6:.1f} MB of Markdown), {label}: exit {run.returncode}, "
                      f"{run.seconds:.1f} s, peak RSS {run.peak_rss / 2**20:.0f} MiB, {pages} pages, "
                      f"{output / 1e6:.1f} MB written", flush=True)
                print(f"    at the peak: {run.at_peak}", flush=True)
                stages = re.findall(r"^(\w+)\s+([\d.]+) s$", run.stderr, re.MULTILINE)
                print("    " + ", ".join(f"{stage} {float(seconds):.1f} s" for stage, seconds in stages), flush=True)
                if run.returncode:
                    print(run.stderr[-2000:], file=sys.stderr)
                    return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
