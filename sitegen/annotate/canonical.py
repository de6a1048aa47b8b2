"""Canonical names: slugs, and the inflected forms under which a name appears in text.

German names are inflected in running text: the genitive adds ``-s``/``-es`` (``Russlands``,
``des Weißen Hauses``) and adjectives in a name change their ending (``die Vereinigten
Staaten``, ``laut dem Weißen Haus``). ``variants`` lists the surface forms of a name;
the gazetteer matches them and maps each back to the name, which folds the inflection.
These rules are written by hand: a lemma table knows common words, not names.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from text_unidecode import unidecode

_TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe",
                           "Ü": "ue", "’": "", "'": ""})


@lru_cache(maxsize=65536)  # an article names most of its entities several times
def slugify(name: str) -> str:
    """``Weißes Haus`` -> ``weisses-haus``; ``São Paulo`` -> ``sao-paulo``; names in other
    scripts are transliterated (``Владимир Путин`` -> ``vladimir-putin``, by text-unidecode, which
    python-slugify depends on too); a name that leaves no letter or digit (``★``) gets
    ``entity-`` and a hash of the name, so distinct names keep distinct keys."""
    text = unidecode(name.translate(_TRANSLIT))
    text = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    if text:
        return text
    return "entity-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:10] if name.strip() else "entity"


_ADJ_ENDINGS = ("es", "er", "en", "em", "e")


def _adjective_forms(word: str) -> list[str]:
    """Inflected forms of a capitalised German adjective in a name (``Weißes`` -> ``Weißen``)."""
    for ending in _ADJ_ENDINGS:
        if word.endswith(ending) and len(word) > len(ending) + 2:
            stem = word[: -len(ending)]
            return [stem + e for e in _ADJ_ENDINGS]
    return [word]


def _genitive_forms(word: str) -> list[str]:
    if not word or not word[-1].isalpha() or word[-1] in "sßxz":
        return [word]
    forms = [word, word + "s"]
    if word[-1] not in "aeiouy":
        forms.append(word + "es")
    return forms


def variants(name: str, lang: str) -> list[str]:
    """Surface forms of ``name`` in running text of language ``lang``, the name first."""
    forms = [name]
    if lang == "de":
        words = name.split(" ")
        if len(words) == 1:
            forms.extend(_genitive_forms(name))
        else:
            heads = [_adjective_forms(w) if _is_adjective_like(w) else [w] for w in words[:-1]]
            last = _genitive_forms(words[-1])
            # adjectives inflect together; keep the combinations small
            n_adj = max(len(h) for h in heads)
            for i in range(n_adj):
                prefix = [h[i] if len(h) > 1 else h[0] for h in heads]
                for tail in last:
                    forms.append(" ".join([*prefix, tail]))
            forms.extend(" ".join([*words[:-1], tail]) for tail in last)
    seen: dict[str, None] = {}
    for form in forms:
        seen.setdefault(form, None)
    return list(seen)


def _is_adjective_like(word: str) -> bool:
    # ``Vereinigte``, ``Weißes``, ``Demokratische``: capitalised words with adjective endings.
    return word[:1].isupper() and word.endswith(_ADJ_ENDINGS) and len(word) > 4 and not (
        word.isupper()
    )


_GENITIVE_EN = re.compile(r"(?:'s|’s|'|’)$")


def strip_possessive(text: str) -> str:
    """``Biden's`` -> ``Biden``."""
    return _GENITIVE_EN.sub("", text)


# a German adjective's ending in the nominative without an article, by the gender of its noun
# (`Deutscher Wetterdienst`, `Neue Zeitung`, `Statistisches Bundesamt`)
NOMINATIVE_ENDINGS = {"m": "er", "f": "e", "n": "es"}


def nominative_adjective(word: str, gender: str) -> str:
    """A capitalised German adjective inflected after an article, in the nominative without one:
    ``Deutschen`` + m -> ``Deutscher``, ``Statistische`` + n -> ``Statistisches``."""
    return word[:-2 if word.endswith(("en", "er", "es")) else -1] + NOMINATIVE_ENDINGS[gender]


def inflected_head(word: str, heads: dict[str, str]) -> tuple[str, str] | None:
    """The gender of the head noun ``word`` ends in (a key of ``heads``, noun -> gender, or a
    compound ending in one) and ``word`` without its genitive ending (``Bundesamtes`` -> n,
    ``Bundesamt``; feminine nouns take none); None when it ends in none of them."""
    low = word.lower()
    for head, gender in heads.items():
        for ending in ("", "s", "es") if gender != "f" else ("",):
            if low.endswith(head + ending):
                return gender, word[:len(word) - len(ending)]
    return None
