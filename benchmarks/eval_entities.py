"""Evaluate the entity annotation stage on a gold corpus, per type and per pipeline.

Gold corpora (``shared/corpora/*/dev.jsonl``): per document, the multiset of (mention text, type)
in the gold against the output, as the corpora README scores; precision, recall and F1 summed over
all documents; also untyped, per type, and per document group (GermEval: news and Wikipedia apart).
Modern news (``shared/corpora/modern/``, a folder of ``NAME.md`` with ``NAME.gold.json``): the
articles are read and annotated as ``sitegen annotate`` does and scored by the folder's own
``score.py`` (entity F1 over PERSON/ORG/PLACE and PERSON precision, per language).

Pipelines (``--pipeline``, repeatable; default ``both``):
  rules  the rule pipeline alone (``annotator = "rules"``)
  model  the recogniser shipped in sitegen/annotate/models alone, no rules
  both   the shipped recogniser with the rules (sitegen's default)
  NAME   an installed spaCy package (``en_core_web_sm``) with the rules

Speed (``--speed``): words per second of cold annotation (entities, quotes, citations, as a build
runs them) beside the raw ``nlp.pipe`` of the same pipeline, after loading, and the load time;
by the wall clock and per CPU second of this process (the figure an idle core gives on a shared
machine).

    .venv/bin/python benchmarks/eval_entities.py --corpus ../shared/corpora/conll2003/dev.jsonl --pipeline rules --pipeline both
    .venv/bin/python benchmarks/eval_entities.py --modern ../shared/corpora/modern --pipeline both
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sitegen.annotate import AnnotationRequest, Annotator  # noqa: E402
from sitegen.annotate import entities as entities_step  # noqa: E402
from sitegen.annotate.pipeline import RULES, LoadedPipeline, load_pipeline, shipped_model  # noqa: E402
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


def load(lang: str, pipeline: str, registry: Registry) -> LoadedPipeline:
    """``pipeline`` as ``--pipeline`` names it."""
    if pipeline == "model":
        import spacy

        path = shipped_model(lang)
        if path is None:
            raise SystemExit(f"no recogniser shipped for {lang!r} (sitegen/annotate/models/ner-{lang})")
        return LoadedPipeline(spacy.load(path), f"ner-{lang} alone")
    model = {"rules": RULES, "both": None}.get(pipeline, pipeline)
    return load_pipeline(lang, model, registry)


def model_for(pipeline: str) -> str | None:
    return {"rules": RULES, "both": None}.get(pipeline, pipeline)


def evaluate(docs: list[dict], pipeline: str, registry: Registry, errors: int) -> None:
    pipelines: dict[str, LoadedPipeline] = {}
    scores: dict[str, Score] = defaultdict(Score)
    false_pos: Counter = Counter()
    false_neg: Counter = Counter()
    started = time.perf_counter()
    load_time = 0.0
    for doc in docs:
        lang = doc["lang"]
        if lang not in pipelines:
            t0 = time.perf_counter()
            pipelines[lang] = load(lang, pipeline, registry)
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
    print(f"== pipeline {pipeline}: {', '.join(names)}")
    print(f"time     {elapsed:.1f} s (loading {load_time:.1f} s)")
    print(scores["all"].line("overall"))
    print(scores["all untyped"].line("overall untyped"))
    for type_ in TYPES:
        print(scores[type_].line(type_))
    for group in ("news", "wiki"):
        if group in scores:
            print(scores[group].line(group))
            print(scores[group + " untyped"].line(group + " untyped"))
    if errors:
        print("most frequent false positives:")
        for (text, type_), n in false_pos.most_common(errors):
            print(f"  {n:3d}  {type_:<7} {text}")
        print("most frequent false negatives:")
        for (text, type_), n in false_neg.most_common(errors):
            print(f"  {n:3d}  {type_:<7} {text}")


def speed(docs: list[dict], pipeline: str, registry: Registry) -> None:
    """Cold annotation (a fresh Annotator, nothing cached) against raw ``nlp.pipe``, per language."""
    for lang in sorted({d["lang"] for d in docs}):
        texts = [d["text"] for d in docs if d["lang"] == lang]
        words = sum(len(t.split()) for t in texts)
        t0 = time.perf_counter()
        loaded = load(lang, pipeline, registry)
        loading = time.perf_counter() - t0
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in loaded.nlp.pipe(texts, batch_size=32):
            pass
        raw, raw_cpu = time.perf_counter() - t0, time.process_time() - c0
        if pipeline == "model":
            print(f"speed {lang}: nlp.pipe {words / raw:,.0f} words/s, {words / raw_cpu:,.0f} per CPU second; "
                  f"load {loading:.2f} s")
            continue
        annotator = Annotator(models={lang: model_for(pipeline)}, registry=registry)
        annotator.pipeline(lang)  # loaded before timing, as a build does
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in annotator.annotate_many([AnnotationRequest(t, lang) for t in texts]):
            pass
        full, full_cpu = time.perf_counter() - t0, time.process_time() - c0
        print(f"speed {lang}: annotation {words / full:,.0f} words/s, nlp.pipe {words / raw:,.0f} words/s "
              f"({words:,} words); per CPU second (what an idle core gives): annotation "
              f"{words / full_cpu:,.0f}, nlp.pipe {words / raw_cpu:,.0f}; load {loading:.2f} s")


def modern(folder: Path, pipeline: str, registry: Registry, show: bool) -> None:
    """Score the modern news folder with its own ``score.py`` (entity part)."""
    from sitegen.build import annotate_articles
    from sitegen.config import Config
    from sitegen.read import read_article
    from sitegen.render import annotations_json

    sys.path.insert(0, str(folder))
    import score  # the folder's scorer

    gold = score.load_gold(str(folder))
    config = Config(root=folder)
    annotator = Annotator(models={lang: model_for(pipeline) for lang in ("de", "en")}, registry=registry)
    totals: dict[str, Counter] = defaultdict(Counter)
    names = set()
    for name in sorted(gold):
        article = read_article(folder / f"{name}.md", config)
        (item,) = annotate_articles([article], annotator)
        data = annotations_json(item)
        names.add(data["pipeline"])
        data["_name"] = name
        result = score.score_article(data, gold[name], {})
        totals[name[:2]].update(result["e"])
        if show:
            print(f"-- {name}", *result["elog"], sep="\n")
    print(f"== modern, pipeline {pipeline}: {', '.join(sorted(names))}")
    for lang, e in sorted(totals.items()):
        tp = sum(e[f"tp_{t}"] for t in ("PERSON", "ORG", "PLACE"))
        gold_n = sum(e[f"gold_{t}"] for t in ("PERSON", "ORG", "PLACE"))
        pred_n = sum(e[f"pred_{t}"] for t in ("PERSON", "ORG", "PLACE"))
        p, r = tp / max(pred_n, 1), tp / max(gold_n, 1)
        f1 = 2 * p * r / max(p + r, 1e-9)
        per = " ".join(f"{t} {e[f'tp_{t}']}/{e[f'gold_{t}']} (pred {e[f'pred_{t}']})" for t in TYPES)
        print(f"{lang}: entity F1 {f1:.3f} (P {p:.3f} R {r:.3f})  PERSON precision "
              f"{e['tp_pred_PERSON'] / max(e['pred_PERSON'], 1):.3f}  splits {e['split']}  {per}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="gold file (jsonl)")
    parser.add_argument("--modern", type=Path, help="folder of NAME.md articles with NAME.gold.json")
    parser.add_argument("--pipeline", action="append", help="rules, model, both (default) or a package")
    parser.add_argument("--model", default=None, help="installed spaCy pipeline (same as --pipeline NAME)")
    parser.add_argument("--registry", type=Path, default=None, help="entities.yml to use")
    parser.add_argument("--limit", type=int, default=None, help="first N documents only")
    parser.add_argument("--errors", type=int, default=0, help="print the N most frequent errors")
    parser.add_argument("--speed", action="store_true", help="also time cold annotation against nlp.pipe")
    parser.add_argument("--show", action="store_true", help="modern: print every entity error")
    args = parser.parse_args(argv)
    if not args.corpus and not args.modern:
        parser.error("give --corpus or --modern")
    pipelines = args.pipeline or ([args.model] if args.model else ["both"])
    registry = Registry.load(args.registry) if args.registry else Registry()
    if args.corpus:
        docs = [json.loads(line) for line in args.corpus.read_text(encoding="utf-8").splitlines()
                if line.strip()]
        if args.limit:
            docs = docs[: args.limit]
        print(f"corpus   {args.corpus}  ({len(docs)} documents)")
        for pipeline in pipelines:
            evaluate(docs, pipeline, registry, args.errors)
            if args.speed:
                speed(docs, pipeline, registry)
    if args.modern:
        for pipeline in pipelines:
            modern(args.modern, pipeline, registry, args.show)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
