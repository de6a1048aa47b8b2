"""Convert the corpora's gold format (one JSON document a line: ``text`` and character-offset
``entities`` typed PERSON/ORG/PLACE/MISC) into spaCy's binary training format (``.spacy``).

Each paragraph (blank-line separated) becomes one training Doc, tokenised by ``spacy.blank(lang)``
as sitegen tokenises at run time. Entities whose offsets do not fall on token boundaries are
snapped inward (``alignment_mode="contract"``); the number dropped is printed.

German labels are brought to sitegen's (and GermEval 2014's) definition first: CoNLL-2003
German's MISC also marks words *derived* from names and compounds that only *contain* one
(``deutschen``, ``Frankfurter``, ``Russen``, ``CDU-Fraktion``), which sitegen does not annotate
and GermEval leaves out of its outer level (LOCderiv, ORGpart). Trained on them, the model
tagged every ``deutschen`` as MISC. Such spans are left unlabelled (``derived_misc``): about
1,800 of the 2,288 MISC spans; titles, events and products stay.

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

# the endings of adjectives and inhabitant nouns made from names (deutsch-en, Frankfurt-er,
# Russ-en, Europä-er-innen, hess-ische)
_DERIVED_ENDING = re.compile(r"(?:er|ern|ers|erin|erinnen|isch|ische|ischen|ischer|isches|ischem|e|en)$")
_ARTICLES = {"Der", "Die", "Das", "Den", "Dem", "Des", "Ein", "Eine"}


def derived_misc(text: str) -> bool:
    """A German MISC span that is a derived word or a compound with a name in it, not a name:
    lower-case (``deutschen``, ``rot-grünen``), one hyphenated word (``CDU-Fraktion``,
    ``Weltbank-Richtlinien``), or one or two words ending like an adjective or an inhabitant
    noun (``Frankfurter``, ``Bad Homburger``, ``Russen``), unless a title's article opens it."""
    words = text.split()
    if not words or words[0][:1].islower():
        return True
    if len(words) == 1 and "-" in text.strip("-"):
        return True
    return (len(words) <= 2 and words[0] not in _ARTICLES and not any(c.isdigit() for c in text)
            and bool(_DERIVED_ENDING.search(words[-1])))


def keep(entity: dict, lang: str) -> bool:
    """Whether a gold entity is one sitegen annotates (see the module's docstring)."""
    return not (lang == "de" and entity["type"] == "MISC" and derived_misc(entity["text"]))


def paragraphs(corpus: Path, lang: str, relabel: bool) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """The corpus's paragraphs (blank-line separated) with their entities, offsets in the paragraph."""
    result = []
    for line in corpus.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        text = record["text"]
        entities = sorted((e for e in record.get("entities", []) if not relabel or keep(e, lang)),
                          key=lambda e: e["start"])
        for para in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", text):
            start, end = para.span()
            if para.group().strip():
                result.append((para.group(), [(e["start"] - start, e["end"] - start, e["type"])
                                              for e in entities if e["start"] >= start and e["end"] <= end]))
    return result


def convert(corpus: Path, out: Path, lang: str, relabel: bool = True, copies: int = 0,
            seed: int = 0) -> tuple[int, int, int]:
    """``relabel``: apply ``keep`` (training data; a dev split is scored as it is). ``copies``:
    that many copies of each paragraph with names, with its names replaced (``augment.py``)."""
    nlp = spacy.blank(lang)
    docs = DocBin(store_user_data=False)
    n_docs = n_ents = dropped = 0
    items = paragraphs(corpus, lang, relabel)
    if copies:
        import random

        from augment import pools, replace_mentions  # training/augment.py

        rng = random.Random(seed)
        names = pools(lang, items)
        items += [replace_mentions(text, entities, names, rng, quotes=lang == "de")
                  for _ in range(copies) for text, entities in items if entities]
    for text, entities in items:
        doc = nlp.make_doc(text)
        spans = []
        for start, end, type_ in entities:
            span = doc.char_span(start, end, label=type_, alignment_mode="contract")
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
    parser.add_argument("--as-is", action="store_true", help="keep every gold label (a dev split)")
    parser.add_argument("--copies", type=int, default=0, help="copies with names replaced (augment.py)")
    args = parser.parse_args(argv)
    n_docs, n_ents, dropped = convert(args.corpus, args.out, args.lang, relabel=not args.as_is,
                                      copies=args.copies)
    print(f"{args.out}: {n_docs} docs, {n_ents} entities, {dropped} dropped (not on token boundaries)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
