"""Seconds per MB of annotation on hostile text, at 0.1, 0.5 and 1 MB: linear time shows as
a flat row (issues 15 and 16).

    .venv/bin/python benchmarks/bench_hostile.py [--sizes 0.1 0.5 1] [--lang de] [--only dq]

Inputs: one quotation mark repeated (`"`, `'`, `„`, `»`, `“`), quoted sentences with a speaker
(`"word" said Joe. `), quotations in one long sentence (`"a" `), marks between blanks (`" `),
and pronoun speakers after a named person. Times are CPU seconds of this process, after the
pipelines are loaded.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sitegen.annotate import Annotator  # noqa: E402

INPUTS = {
    "dq": '"', "sq": "'", "low": "„", "guil": "»", "curly": "“",
    "said": '"word" said Joe. ', "pairs": '"a" ', "spaced": '" ', "he": 'Anna Berg said no. "Yes," she said. ',
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.1, 0.5, 1.0], help="sizes in MB")
    parser.add_argument("--lang", choices=["de", "en"], action="append", help="language (default: both)")
    parser.add_argument("--only", choices=sorted(INPUTS), action="append", help="inputs to run (default: all)")
    args = parser.parse_args(argv)
    annotator = Annotator()
    langs = args.lang or ["de", "en"]
    for lang in langs:
        annotator.annotate("„Ja“, sagte sie.", lang)
    print("input lang " + " ".join(f"{s:>8g}MB" for s in args.sizes) + "   (seconds per MB)")
    for name in args.only or INPUTS:
        unit = INPUTS[name]
        for lang in langs:
            row = []
            for size in args.sizes:
                text = unit * int(size * 1_000_000 / len(unit))
                started = time.process_time()
                annotator.annotate(text, lang)
                row.append((time.process_time() - started) / size)
            print(f"{name:<6}{lang:<4} " + " ".join(f"{r:10.2f}" for r in row), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
