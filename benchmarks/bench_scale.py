"""Scale: build time and peak memory for many small articles and for one very large article.

    .venv/bin/python benchmarks/bench_scale.py                 # 10,000 small articles and a 5 MB article
    .venv/bin/python benchmarks/bench_scale.py --articles 1000 --big-mb 0

Each build runs ``sitegen build`` in a subprocess on a fresh folder; peak RSS is sampled every
50 ms over the build process and all its children (forked annotation workers) together.
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
from dataclasses import dataclass
from pathlib import Path

import psutil

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


def run_build(root: Path, timeout: float, *args: str) -> Run:
    """``sitegen build`` in ``root``; wall time and peak RSS of the process tree."""
    started = time.perf_counter()
    log = tempfile.TemporaryFile("w+")  # not a pipe: a full pipe would stall the build
    process = subprocess.Popen([*SITEGEN, "-v", "build", *args], cwd=root, stderr=log, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    watched = psutil.Process(process.pid)
    peak = 0
    try:
        while process.poll() is None:
            if time.perf_counter() - started > timeout:
                process.kill()
                raise TimeoutError(f"sitegen build took more than {timeout} s")
            try:
                tree = [watched, *watched.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
            except psutil.Error:
                pass
            time.sleep(0.05)
    finally:
        process.wait()
        log.seek(0)
        stderr = log.read()
        log.close()
    return Run(time.perf_counter() - started, peak, process.returncode, stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000, help="small articles to build (0: skip)")
    parser.add_argument("--big-mb", type=float, default=5, help="size of the large article in MB (0: skip)")
    parser.add_argument("--timeout", type=float, default=3600)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sitegen-bench-") as folder:
        cases = []
        if args.articles:
            cases.append((f"{args.articles} small articles", lambda s: make_many_articles(s, args.articles)))
        if args.big_mb:
            cases.append((f"one {args.big_mb:g} MB article", lambda s: make_big_article(s, int(args.big_mb * 1e6))))
        for name, make in cases:
            root = Path(folder) / name.replace(" ", "-")
            (root / "seeds").mkdir(parents=True)
            make(root / "seeds")
            source_bytes = sum(p.stat().st_size for p in (root / "seeds").rglob("*.md"))
            for label in ("cold", "cached"):
                run = run_build(root, args.timeout)
                pages = sum(1 for _ in (root / "site").rglob("*.html")) if run.returncode == 0 else 0
                output = sum(p.stat().st_size for p in (root / "site").rglob("*") if p.is_file()) if pages else 0
                print(f"{name} ({source_bytes / 1e6:.1f} MB of Markdown), {label}: exit {run.returncode}, "
                      f"{run.seconds:.1f} s, peak RSS {run.peak_rss / 2**20:.0f} MiB, {pages} pages, "
                      f"{output / 1e6:.1f} MB written", flush=True)
                stages = re.findall(r"^(\w+)\s+([\d.]+) s$", run.stderr, re.MULTILINE)
                print("    " + ", ".join(f"{stage} {float(seconds):.1f} s" for stage, seconds in stages), flush=True)
                if run.returncode:
                    print(run.stderr[-2000:], file=sys.stderr)
                    return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
