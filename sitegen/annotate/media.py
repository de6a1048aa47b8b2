"""News media known by name (``data/media.yml``) and the canonical names of curated
organisations (``data/organisations.yml``), case-insensitively: what citations (`laut dpa`,
`told Politico`) and the title classifier (`berichtet die „Presse“`) look names up in."""

from __future__ import annotations

from functools import cache

from . import gazetteer


@cache
def media_names() -> frozenset[str]:
    """Names of news media, case-folded (`dpa`, `sky news`, `ö1`)."""
    return frozenset(str(name).casefold() for name in gazetteer.curated("media.yml")["media"])


@cache
def registry_names(lang: str) -> dict[str, str]:
    """Case-folded name or alias of each curated organisation -> its canonical name in ``lang``."""
    out: dict[str, str] = {}
    for org in gazetteer.curated("organisations.yml")["organisations"]:
        if org.get("lang") not in (None, lang):
            continue
        for label in [org["name"], *(org.get("aliases") or [])]:
            out.setdefault(str(label).casefold(), org["name"])
    return out
