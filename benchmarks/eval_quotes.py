"""Score quote detection and speaker attribution against a gold corpus (``dev.jsonl`` format).

    .venv/bin/python benchmarks/eval_quotes.py --corpus ../shared/corpora/polnear/dev.jsonl
    .venv/bin/python benchmarks/eval_quotes.py --corpus ../shared/corpora/redewiedergabe/dev.jsonl
    .venv/bin/python benchmarks/eval_quotes.py --modern ../shared/corpora/modern [--show-modern]

Runs the full annotation stage (``Annotator``: entities, then quotes) on each document's text.
Scoring follows ``shared/corpora/README.md``: a predicted quote matches a gold quote when their
inner texts (quotation marks stripped) overlap by at least half of the longer one; recall is
over gold quotes, precision over predicted quotes; speaker accuracy is over matched gold quotes
whose gold speaker is a name (not a pronoun, with a capitalised word), and a prediction is right
when its speaker contains a capitalised word of the gold speaker.

``--modern FOLDER`` scores the articles of a hand-labelled modern-news folder (``NAME.md`` with
``NAME.gold.json`` beside it, scored by the folder's own ``score.py``, as its ``summary.py`` does,
but in this process: each article read and annotated as ``sitegen annotate --json`` does) and
prints one line per language: quote recall, quoted titles and scare quotes taken for quotes,
speaker right, citation recall and precision (a citation is right when its source is).

Also printed, as a diagnostic: recall over the gold quotes that the corpus conversion did not cut
short at an apostrophe (PolNeAR's gold has `“It doesn’` for `“It doesn’t …”`; a quote found whole
cannot overlap such a stub by half).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sitegen.annotate import Annotator  # noqa: E402
from sitegen.build import annotate_articles, make_annotator  # noqa: E402
from sitegen.config import load_config  # noqa: E402
from sitegen.read import read_article  # noqa: E402
from sitegen.render import annotations_json  # noqa: E402

MARKS = "\"'„“”»«‚‘’ \n\t"


def inner(text: str, start: int, end: int) -> tuple[int, int]:
    """Char range of a quotation without its quotation marks and surrounding blanks."""
    while start < end and text[start] in MARKS:
        start += 1
    while end > start and text[end - 1] in MARKS:
        end -= 1
    return start, end


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Length of the overlap of ``a`` and ``b`` if it is at least half of the longer, else 0."""
    common = min(a[1], b[1]) - max(a[0], b[0])
    longer = max(a[1] - a[0], b[1] - b[0])
    return common if longer > 0 and common * 2 >= longer else 0


def capitalised_words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text) if w[:1].isupper()}


def named(gold: dict) -> bool:
    return bool(gold.get("speaker")) and not gold.get("speaker_pronoun") and bool(capitalised_words(gold["speaker"]))


def score(docs: list[dict], predictions: list[list[dict]], show: int = 0) -> dict:
    gold_total = gold_found = pred_total = pred_matched = 0
    cut_total = cut_found = 0  # gold quotes the corpus conversion cut at an apostrophe (`doesn’`)
    speaker_total = speaker_right = 0
    misses: list[str] = []
    for doc, preds in zip(docs, predictions, strict=True):
        text = doc["text"]
        golds = [(g, inner(text, g["start"], g["end"])) for g in doc["quotes"]]
        pspans = [(p, inner(text, p["start"], p["end"])) for p in preds]
        pred_total += len(pspans)
        pred_matched += sum(1 for _, ps in pspans if any(overlaps(ps, gs) for _, gs in golds))
        for g, gs in golds:
            gold_total += 1
            cut = g["text"][-1:] in "’'" and text[g["end"]:g["end"] + 1].isalpha()
            cut_total += cut
            best = max(pspans, key=lambda p: overlaps(p[1], gs), default=None)
            if best is None or not overlaps(best[1], gs):
                if len(misses) < show:
                    misses.append(f"MISS {doc['id']}: {g['text'][:100]!r}")
                continue
            gold_found += 1
            cut_found += cut
            if named(g):
                speaker_total += 1
                predicted = best[0].get("speaker") or ""
                if capitalised_words(g["speaker"]) & set(re.findall(r"\w+", predicted)):
                    speaker_right += 1
                elif len(misses) < show:
                    misses.append(f"SPEAKER {doc['id']}: gold {g['speaker']!r} got {predicted!r}: {g['text'][:60]!r}")
    for line in misses:
        print(line)
    return {
        "gold": gold_total,
        "predicted": pred_total,
        "recall": gold_found / gold_total if gold_total else 0.0,
        "precision": pred_matched / pred_total if pred_total else 0.0,
        "recall_uncut": (gold_found - cut_found) / (gold_total - cut_total) if gold_total > cut_total else 0.0,
        "cut": cut_total,
        "speaker_gold": speaker_total,
        "speaker_accuracy": speaker_right / speaker_total if speaker_total else 0.0,
    }


def modern_figures(folder: Path, show: bool = False) -> dict[str, dict[str, float]]:
    """Figures per language on a modern-news folder, scored by the folder's ``score.py``."""
    spec = importlib.util.spec_from_file_location("modern_score", folder / "score.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"{folder}: no score.py")
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    gold = scorer.load_gold(str(folder))
    config = load_config()
    annotator = make_annotator(config)
    totals: dict[str, dict[str, Counter]] = {}
    for name in sorted(gold):
        article = read_article(folder / f"{name}.md", config)
        (item,) = annotate_articles([article], annotator)
        data = annotations_json(item)
        data["_name"] = name
        result = scorer.score_article(data, gold[name], {})
        if show:
            print(f"==== {name}", *result["qlog"], " CITATIONS", *result["clog"], sep="\n")
        lang = totals.setdefault(gold[name].get("lang") or name[:2], {"q": Counter(), "c": Counter()})
        lang["q"].update(result["q"])
        lang["c"].update(result["c"])
    out = {}
    for lang, t in totals.items():
        q, c = t["q"], t["c"]
        named = sum(v for k, v in q.items() if k.startswith("spk_"))
        out[lang] = {
            "quote_recall": q["found"] / max(q["found"] + q["missed"], 1),
            "titles_taken": q["notq_marked"], "titles": q["notq_total"],
            "speaker_right": q["spk_right"] / max(named, 1),
            "cite_recall": c["found"] / max(c["found"] + c["missed"], 1),
            "cite_precision": c["src_right"] / max(c["found"] + c["opt_found"] + c["spurious"], 1),
        }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, action="append", default=[],
                        help="a dev.jsonl file (repeat for several)")
    parser.add_argument("--modern", type=Path, action="append", default=[], metavar="FOLDER",
                        help="a folder of modern news articles with NAME.gold.json and score.py (repeat for several)")
    parser.add_argument("--show-modern", action="store_true", help="print every miss on the modern articles")
    parser.add_argument("--limit", type=int, default=0, help="score the first N documents only")
    parser.add_argument("--show", type=int, default=0, help="print up to N misses and wrong speakers")
    args = parser.parse_args(argv)
    if not args.corpus and not args.modern:
        parser.error("give --corpus or --modern")
    for folder in args.modern:
        for lang, f in sorted(modern_figures(folder, args.show_modern).items()):
            print(f"{folder} {lang}: quotes R {f['quote_recall']:.2f} titles taken {f['titles_taken']}/{f['titles']} "
                  f"speaker {f['speaker_right']:.2f} cites R {f['cite_recall']:.2f} P {f['cite_precision']:.2f}")
    annotator = Annotator()
    for path in args.corpus:
        docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        if args.limit:
            docs = docs[: args.limit]
        started = time.perf_counter()
        predictions = []
        for doc in docs:
            annotations = annotator.annotate(doc["text"], doc.get("lang", "en"))
            predictions.append([
                {"start": q.start, "end": q.end, "speaker": q.speaker} for q in annotations.quotes
            ])
        elapsed = time.perf_counter() - started
        result = score(docs, predictions, args.show)
        print(
            f"{path}: {len(docs)} docs, {result['gold']} gold quotes, {result['predicted']} predicted | "
            f"recall {result['recall']:.3f} precision {result['precision']:.3f} | "
            f"speaker accuracy {result['speaker_accuracy']:.3f} (over {result['speaker_gold']} named) | "
            f"recall {result['recall_uncut']:.3f} without the {result['cut']} gold quotes cut at an apostrophe | "
            f"{elapsed:.1f}s, pipeline {annotator.pipeline(docs[0].get('lang', 'en')).name if docs else '-'}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
