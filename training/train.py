"""Train sitegen's entity recognisers and install them into the package (``make models``).

For each language: the corpus's training split (``TRAIN/conll2003/train.jsonl`` for English,
``TRAIN/conll2003-de/train.jsonl`` for German) is converted to spaCy's format (``convert.py``),
``python -m spacy train training/ner.cfg`` trains a CNN tok2vec + transition-based NER on the CPU,
scoring on the dev split only to keep the best checkpoint (never trained on), and the best
checkpoint is copied to ``sitegen/annotate/models/ner-LANG`` with its meta (name, version,
sources, licence, dev scores) filled in.

    python training/train.py --train ../shared/corpora/train --dev-en ../shared/corpora/conll2003/dev.jsonl \\
        --dev-de ../shared/corpora/germeval2014/dev.jsonl [--lang en] [--max-steps N]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
MODELS = HERE.parent / "sitegen" / "annotate" / "models"
VERSION = "1.0.0"
TRAIN_FILES = {"en": "conll2003/train.jsonl", "de": "conll2003-de/train.jsonl"}
# copies of each training paragraph with its names replaced (augment.py): German's corpus is one
# local paper of 1992, and the copies took the model alone from 0.49 to 0.54 F1 on GermEval news
COPIES = {"en": 0, "de": 1}
SOURCES = {
    "en": [{"name": "CoNLL-2003 English, training split (Reuters news, 1996)",
            "author": "Tjong Kim Sang and De Meulder 2003", "license": "Reuters corpus: research use only"}],
    "de": [{"name": "CoNLL-2003 German, training split (Frankfurter Rundschau, 1992)",
            "author": "Tjong Kim Sang and De Meulder 2003",
            "license": "Frankfurter Rundschau / ECI: research use only"}],
}


def train(lang: str, train_dir: Path, dev: Path, work: Path, max_steps: int | None) -> Path:
    from convert import convert  # training/convert.py

    for name, corpus in (("train", train_dir / TRAIN_FILES[lang]), ("dev", dev)):
        n_docs, n_ents, dropped = convert(corpus, work / f"{name}-{lang}.spacy", lang, relabel=name == "train",
                                          copies=COPIES[lang] if name == "train" else 0)
        print(f"{corpus}: {n_docs} paragraphs, {n_ents} entities ({dropped} not on token boundaries)")
    output = work / f"out-{lang}"
    command = [sys.executable, "-m", "spacy", "train", str(HERE / "ner.cfg"), "--output", str(output),
               "--nlp.lang", lang, "--paths.train", str(work / f"train-{lang}.spacy"),
               "--paths.dev", str(work / f"dev-{lang}.spacy")]
    if max_steps:
        command += ["--training.max_steps", str(max_steps)]
    subprocess.run(command, check=True)
    return output / "model-best"


def install(best: Path, lang: str, dev: Path) -> Path:
    """Copy the checkpoint into the package, its meta filled in."""
    target = MODELS / f"ner-{lang}"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(best, target)
    meta_path = target / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.update(
        name=f"ner_{lang}",
        version=VERSION,
        description=f"sitegen's entity recogniser for {lang} (PERSON, ORG, PLACE, MISC); CNN tok2vec + NER, "
                    f"trained by training/train.py; best checkpoint by F1 on {dev.name} of {dev.parent.name}",
        license="model: MIT; trained on data licensed for research use only (see sources)",
        sources=SOURCES[lang],
        url="",
    )
    meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    clean_config(target / "config.cfg")
    return target


def clean_config(path: Path) -> None:
    """Drop the training run's file paths (a temporary folder) from a shipped model's
    ``config.cfg``: ``[paths]`` back to null, as in ``training/ner.cfg``; loading never reads them."""
    from spacy.util import load_config

    config = load_config(path, interpolate=False)
    for key in config["paths"]:
        config["paths"][key] = None
    config.to_disk(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=Path, required=True, help="folder with conll2003/ and conll2003-de/")
    parser.add_argument("--dev-en", type=Path, required=True, help="English dev split (best checkpoint only)")
    parser.add_argument("--dev-de", type=Path, required=True, help="German dev split (best checkpoint only)")
    parser.add_argument("--lang", action="append", choices=sorted(TRAIN_FILES), help="default: all")
    parser.add_argument("--max-steps", type=int, default=None, help="override training.max_steps")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE))
    devs = {"en": args.dev_en, "de": args.dev_de}
    with tempfile.TemporaryDirectory(prefix="sitegen-train-") as tmp:
        for lang in args.lang or sorted(TRAIN_FILES):
            best = train(lang, args.train, devs[lang], Path(tmp), args.max_steps)
            print(f"installed {install(best, lang, devs[lang])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
