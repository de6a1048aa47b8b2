"""Convert the corpora's gold format (one JSON document a line: ``text`` and character-offset
``entities`` typed PERSON/ORG/PLACE/MISC) into spaCy's binary training format (``.spacy``).

Each paragraph (blank-line separated) becomes one training Doc, tokenised by ``spacy.blank(lang)``
as sitegen tokenises at run time. Entities whose offsets do not fall on token boundaries are
snapped inward (``alignment_mode="contract"``); the number dropped is printed.

    python training/convert.py CORPUS.jsonl OUT.spacy --lang en
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import spacy
from spacy.tokens import DocBin
from spacy.util import filter_spans


def convert(corpus: Path, out: Path, lang: str) -> tuple[int, int, int]:
    nlp = spacy.blank(lang)
    docs = DocBin(store_user_data=False)
    n_docs = n_ents = dropped = 0
    for line in corpus.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        text = record["text"]
        entities = sorted(record.get("entities", []), key=lambda e: e["start"])
        for para in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", text):
            start, end = para.span()
            if not para.group().strip():
                continue
            doc = nlp.make_doc(para.group())
            spans = []
            for ent in entities:
                if ent["start"] >= start and ent["end"] <= end:
                    span = doc.char_span(ent["start"] - start, ent["end"] - start, label=ent["type"],
                                         alignment_mode="contract")
                    if span is None or not span.text.strip():
                        dropped += 1
                    else:
                        spans.append(span)
            doc.ents = filter_spans(spans)
            n_ents += len(doc.ents)
            docs.add(doc)
            n_docs += 1
    out.parent.mkdir(parents=True, exist_ok=True)
    docs.to_disk(out)
    return n_docs, n_ents, dropped


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--lang", required=True)
    args = parser.parse_args(argv)
    n_docs, n_ents, dropped = convert(args.corpus, args.out, args.lang)
    print(f"{args.out}: {n_docs} docs, {n_ents} entities, {dropped} dropped (not on token boundaries)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
