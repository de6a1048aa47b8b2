"""Annotation throughput in one process: CPU seconds of ``Annotator.annotate_many`` over a corpus.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/bench_annotate.py ../shared/corpora/10kgnad/test.csv --count 400

The pipeline is loaded first (its load time is printed apart), then the texts are annotated
``--rounds`` times; the best round's CPU time (user + sys: other processes on the machine take
wall time, not CPU time) is reported. Run it with ``PYTHONPATH`` pointing at another checkout to
measure that one: the script uses only ``Annotator``, ``AnnotationRequest`` and ``Annotations``.

``--dump FILE`` writes what was found (entities, quotes with speakers, cues and sources,
citations) as JSON lines, one per text; ``--compare A B`` reports the texts whose annotations
differ between two dumps, so a change meant for speed can be checked to change nothing else.

Corpora: 10kGNAD's ``test.csv`` (German), a ``.jsonl`` file with ``text`` and ``lang`` fields
(GermEval, CoNLL, PolNeAR, Redewiedergabe), or a folder of articles (``seeds/``, the modern
corpus), read with sitegen's readers and their front-matter sources.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import sys
import time
from pathlib import Path


def requests_from(corpus: Path, count: int | None, lang: str | None) -> list:
    from sitegen.annotate import AnnotationRequest

    if corpus.is_dir():
        from sitegen.config import load_config
        from sitegen.read import article_paths, read_article

        config = load_config(root=corpus)
        articles = [read_article(path, config) for path in article_paths(corpus)]
        requests = [AnnotationRequest(a.text, lang or a.lang, tuple(a.sources)) for a in articles]
    elif corpus.suffix == ".csv":
        with corpus.open(encoding="utf-8", newline="") as handle:
            rows = [row for row in csv.reader(handle, delimiter=";", quotechar="'") if len(row) >= 2 and row[1].strip()]
        requests = [AnnotationRequest(row[1], lang or "de") for row in rows]
    else:
        with corpus.open(encoding="utf-8") as handle:
            records = [json.loads(line) for line in handle if line.strip()]
        requests = [AnnotationRequest(r["text"], lang or r.get("lang", "de")) for r in records]
    return requests[:count] if count else requests


def cpu() -> float:
    return time.process_time()  # user + sys of this process


def record(annotations) -> dict:
    found = dataclasses.asdict(annotations)
    found.pop("pipeline", None)
    return found


def measure(args: argparse.Namespace) -> None:
    from sitegen.annotate import Annotator

    models = dict(item.split("=", 1) for item in args.model)
    requests = requests_from(Path(args.corpus), args.count, args.lang)
    annotator = Annotator(models=models)
    started = cpu()
    for lang in dict.fromkeys(r.lang for r in requests):
        annotator.pipeline(lang)
    load = cpu() - started
    rounds, results = [], []
    for _ in range(args.rounds):
        started = cpu()
        results = list(annotator.annotate_many(requests))
        rounds.append(cpu() - started)
    import sitegen

    chars = sum(len(r.text) for r in requests)
    print(f"{Path(sitegen.__file__).parent.parent}: {len(requests)} texts ({chars:,} chars) "
          f"load {load:.2f} s, annotate CPU s best {min(rounds):.2f} (rounds {', '.join(f'{r:.2f}' for r in rounds)})")
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as handle:
            for annotations in results:
                handle.write(json.dumps(record(annotations), ensure_ascii=False) + "\n")


def compare(first: str, second: str) -> int:
    with open(first, encoding="utf-8") as a, open(second, encoding="utf-8") as b:
        left, right = a.readlines(), b.readlines()
    if len(left) != len(right):
        print(f"different numbers of texts: {len(left)} and {len(right)}")
        return 1
    differing = [number for number, (x, y) in enumerate(zip(left, right, strict=True)) if x != y]
    kinds = {"entities": 0, "quotes": 0, "citations": 0}
    for number in differing:
        x, y = json.loads(left[number]), json.loads(right[number])
        for kind in kinds:
            kinds[kind] += x[kind] != y[kind]
    print(f"{len(left)} texts, {len(differing)} differ" +
          (f" ({', '.join(f'{k} in {v}' for k, v in kinds.items() if v)}; first: text {differing[0]})" if differing else ""))
    return 1 if differing else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", help="10kGNAD test.csv, a .jsonl file with text and lang, or a folder of articles")
    parser.add_argument("--count", type=int, help="the first N texts (default: all)")
    parser.add_argument("--lang", help="annotate every text as this language")
    parser.add_argument("--model", action="append", default=[], metavar="LANG=MODEL",
                        help="the pipeline for a language, as the config's models (en=rules)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--dump", help="write the annotations of the last round here (JSON lines)")
    parser.add_argument("--compare", nargs=2, metavar=("A", "B"), help="compare two dumps instead of measuring")
    args = parser.parse_args()
    if args.compare:
        return compare(*args.compare)
    if not args.corpus:
        parser.error("a corpus is needed")
    measure(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
