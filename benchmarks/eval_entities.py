"""Evaluate the entity annotation stage on a gold corpus (``shared/corpora/*/dev.jsonl``).

Scoring follows the corpora README: per document, the multiset of (mention text, type) in the
gold against the output; precision, recall and F1 summed over all documents; also untyped, per
type, and per document group (GermEval: news and Wikipedia apart).

    .venv/bin/python benchmarks/eval_entities.py --corpus ../shared/corpora/germeval2014/dev.jsonl
    .venv/bin/python benchmarks/eval_entities.py --corpus PATH --model en_core_web_sm
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sitegen.annotate import entities as entities_step  # noqa: E402
from sitegen.annotate.pipeline import load_pipeline  # noqa: E402
from sitegen.annotate.registry import Registry  # noqa: E402

TYPES = ("PERSON", "ORG", "PLACE", "MISC")


class Score:
    def __init__(self) -> None:
        self.tp = self.fp = self.fn = 0

    def add(self, gold: Counter, pred: Counter) -> None:
        common = sum((gold & pred).values())
        self.tp += common
        self.fp += sum(pred.values()) - common
        self.fn += sum(gold.values()) - common

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def line(self, label: str) -> str:
        p, r, f = self.prf()
        return (
            f"{label:<22} P {p:.3f}  R {r:.3f}  F1 {f:.3f}   "
            f"(tp {self.tp}, fp {self.fp}, fn {self.fn})"
        )


def group_of(doc: dict) -> str | None:
    doc_id = doc.get("id", "")
    if "-news-" in doc_id:
        return "news"
    if "-wiki-" in doc_id:
        return "wiki"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", required=True, type=Path, help="gold file (jsonl)")
    parser.add_argument("--model", default=None, help="trained spaCy pipeline to use if installed")
    parser.add_argument("--registry", type=Path, default=None, help="entities.yml to use")
    parser.add_argument("--limit", type=int, default=None, help="first N documents only")
    parser.add_argument("--errors", type=int, default=0, help="print the N most frequent errors")
    args = parser.parse_args(argv)

    docs = [json.loads(line) for line in args.corpus.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    if args.limit:
        docs = docs[: args.limit]
    registry = Registry.load(args.registry) if args.registry else Registry()
    pipelines = {}
    scores: dict[str, Score] = defaultdict(Score)
    false_pos: Counter = Counter()
    false_neg: Counter = Counter()
    started = time.perf_counter()
    load_time = 0.0
    for doc in docs:
        lang = doc["lang"]
        if lang not in pipelines:
            t0 = time.perf_counter()
            pipelines[lang] = load_pipeline(lang, args.model, registry)
            load_time += time.perf_counter() - t0
        loaded = pipelines[lang]
        found = entities_step.extract(loaded.nlp(doc["text"]), registry)
        gold = Counter((e["text"], e["type"]) for e in doc["entities"])
        pred = Counter((e.text, e.type) for e in found)
        groups = ["all"] + ([g] if (g := group_of(doc)) else [])
        for group in groups:
            scores[group].add(gold, pred)
            scores[group + " untyped"].add(
                Counter(t for t, _ in gold.elements()), Counter(t for t, _ in pred.elements())
            )
        for type_ in TYPES:
            scores[type_].add(
                Counter({k: v for k, v in gold.items() if k[1] == type_}),
                Counter({k: v for k, v in pred.items() if k[1] == type_}),
            )
        false_pos.update(pred - gold)
        false_neg.update(gold - pred)
    elapsed = time.perf_counter() - started

    names = sorted({p.name for p in pipelines.values()})
    print(f"corpus   {args.corpus}  ({len(docs)} documents)")
    print(f"pipeline {', '.join(names)}")
    print(f"time     {elapsed:.1f} s (loading {load_time:.1f} s)")
    print(scores["all"].line("overall"))
    print(scores["all untyped"].line("overall untyped"))
    for type_ in TYPES:
        print(scores[type_].line(type_))
    for group in ("news", "wiki"):
        if group in scores:
            print(scores[group].line(group))
            print(scores[group + " untyped"].line(group + " untyped"))
    if args.errors:
        print("\nmost frequent false positives:")
        for (text, type_), n in false_pos.most_common(args.errors):
            print(f"  {n:3d}  {type_:<7} {text}")
        print("most frequent false negatives:")
        for (text, type_), n in false_neg.most_common(args.errors):
            print(f"  {n:3d}  {type_:<7} {text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
