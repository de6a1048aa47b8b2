"""Who a pronoun or a description stands for: the antecedent of `er`, `she`, `der Minister`
among the speakers and sentence subjects before it, with agreement in gender (given names,
German role nouns) and type."""

from __future__ import annotations

from functools import cache

from .. import gazetteer
from .context import Context, Speaker


class Coreference:
    """The speakers of a document's quotes so far (``history``, in text order) and the
    antecedents of pronouns among them and the sentence subjects before."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.history: list[tuple[int, Speaker]] = []  # speakers of quotes, in text order

    def antecedent(self, pronoun: str, at: int) -> Speaker | None:
        """The entity a pronoun stands for: the subject of its sentence, the last speaker, or
        the nearest sentence subject before it, of a type (and gender) the pronoun can refer
        to; a speaker of the other gender is passed over for the one before."""
        ctx = self.ctx
        types = ctx.cues_data.pronouns[pronoun]
        sent = ctx.sentence_index(at)
        s_start, _ = ctx.sentence(at)
        subject = self.subject(s_start, at, types, pronoun)
        if subject is not None:
            return subject
        earlier: list[tuple[int, Speaker]] = []  # speakers before the last one, if of the other gender
        for pos, spk in reversed(self.history):
            if at - pos > 2000:
                break
            phrase = spk.type is None and "PERSON" in types and (
                pronoun in ("sie", "they") or gender_of(spk, ctx.lang) is not None)  # `der Minister`
            if not (spk.type in types or phrase):
                break
            if self.agrees(pronoun, spk):
                if not earlier:
                    return spk  # the last speaker
                earlier.append((pos, spk))
                break
            earlier.append((pos, spk))
        earlier = [(pos, spk) for pos, spk in earlier if self.agrees(pronoun, spk)]
        for k in range(sent - 1, max(-1, sent - 6), -1):
            start = ctx.sent_starts[k]
            end = ctx.sent_starts[k + 1]
            subject = self.subject(start, end, types, pronoun)
            if subject is not None:
                earlier.append((subject.start, subject))
                break
        return max(earlier, key=lambda c: c[0])[1] if earlier else None

    def agrees(self, pronoun: str, speaker: Speaker) -> bool:
        """The pronoun's gender (if it has one) is not the other of the speaker's (if known)."""
        gender = self.ctx.cues_data.pronoun_gender.get(pronoun)
        if gender is None:
            return True
        known = gender_of(speaker, self.ctx.lang)
        return known is None or known == gender

    def subject(self, start: int, end: int, types: tuple[str, ...], pronoun: str) -> Speaker | None:
        """An entity at the start of a sentence (its likely subject), within its first words."""
        ctx = self.ctx
        i = ctx.tok_after(start)
        first_words = ctx.doc[i:min(i + 8, len(ctx.doc))]
        limit = min(end, first_words.end_char if len(first_words) else end)
        for ent in ctx.entities_in(start, limit):
            if ent.type in types and not ctx.in_quote(ctx.tok_at(ent.start)):
                # nothing but determiners and adjectives before it in the sentence
                j = ctx.tok_at(ent.start)
                if all(not ctx.doc[k].is_punct and not ctx.doc[k].is_stop or
                       ctx.doc[k].lower_ in ctx.cues_data.determiners for k in range(i, j)):
                    speaker = ctx.canonical(ent)
                    return speaker if self.agrees(pronoun, speaker) else None
        return None



@cache
def roles(lang: str) -> frozenset[str]:
    """Words for a person's role or office (`Minister`, `Sprecherin`), from the curated list."""
    return frozenset(gazetteer.curated("people.yml").get(lang, {}).get("titles", ()))


def gender_of(speaker: Speaker, lang: str) -> str | None:
    """``"f"`` / ``"m"`` for a person by their given name (`Anna Vogt`), or a German role noun
    (`die Sprecherin`, `der Minister`); None when not known."""
    words = speaker.text.split()
    if speaker.type == "PERSON":
        return gazetteer.given_name_gender(words[0]) if len(words) > 1 else None
    if speaker.type is None and lang == "de" and words[-1] in roles(lang) and words[-1][:1].isupper():
        return "f" if words[-1].endswith("in") else "m"
    return None
