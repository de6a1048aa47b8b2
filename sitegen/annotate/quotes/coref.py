"""Coreference for speakers: who a pronoun (`er`, `she`) or a description (`der Minister`, `die
Französin`, `the Irish actor`, `der 38-Jährige`) stands for, among the people the text named.

Without a parser, by rules over the entities and tokens:

- a **description** is a speaker phrase with a definite article whose head noun names a person
  (a role word of ``people.yml`` or ``person_nouns`` of the cue data, also inside a compound:
  `Bundeskanzlerin` holds `Kanzlerin`; a German noun of a person in -in, an inhabitant in -er,
  an age `38-Jährige`, `38-year-old`; a nationality `the Zimbabwean`), with its gender (`die`,
  `-in`, `actress`) and number (a plural names no one person). It is resolved to the latest
  person the text named with that role next to the name (`Bundeskanzlerin Anna Beispiel`,
  `X, the governor,`, `CDU-Politikerin X`, `X (CDU)` for `der CDU-Politiker`: ``PersonMention``),
  else to the latest person named before it whose gender agrees; else it stays unresolved (a
  speaker without a key: no speaker page);
- a **pronoun** stands for the subject of its own sentence, else the latest of the last speaker
  and the subject of a sentence before (a person introduced later than the last quote takes the
  pronoun over: `„…“, sagte A. B, the minister, spoke next. He told …` is B), of a gender the
  pronoun agrees with; a sentence's subject is an entity among its first words or the name in an
  apposition after them (`Der Präsident des Verbands, Hans Muster, …`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache

from .. import gazetteer
from .context import Context, Speaker

AGE = re.compile(r"\d+ ?- ?(Jährige[rn]?|year ?- ?old)\b")
DEFINITE = {"de": {"der", "die", "den"}, "en": {"the"}}  # `den`: the object of `zitiert`
INDEFINITE = {"de": {"ein", "eine", "einen"}, "en": {"a", "an", "one"}}
HEAD_STOPS = {"de": {"von", "aus", "bei", "im", "in", "des", "der", "vom", "am", "mit", "für"},
              "en": {"of", "from", "at", "in", "for", "with", "on"}}
DESCRIPTION_WINDOW = 2000  # characters back to the last speaker a description may stand for
ROLE_WINDOW = 8000  # characters back to a person named with the description's role


@dataclass(frozen=True)
class PersonMention:
    """A person named outside quotation marks, with the role words written next to the name
    (`Bundesverkehrsminister`, `governor`: lowercase) and the parties in parentheses after it."""

    start: int
    speaker: Speaker
    roles: frozenset[str]
    parties: frozenset[str]


@dataclass(frozen=True)
class Description:
    """The head of a description of a person (lowercase) and its gender ("f", "m" or None)."""

    head: str
    gender: str | None
    definite: bool = True  # `the chancellor`: someone named before; `a nurse`: someone new


class Coreference:
    """The speakers of a document's quotes so far (``history``, in text order), the people it
    names (``mentions``), and what pronouns and descriptions stand for among them."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.history: list[tuple[int, Speaker]] = []  # speakers of quotes, in text order
        self.positions: list[int] = []  # where each quote of ``history`` starts
        self._mentions: list[PersonMention] | None = None
        self._mention_starts: list[int] = []
        self._nationality_words: frozenset[str] | None = None

    def add_speaker(self, at: int, speaker: Speaker) -> None:
        """``speaker`` said the quotation starting at ``at`` (after all added so far)."""
        self.history.append((at, speaker))
        self.positions.append(at)

    def last_speaker_in(self, start: int, end: int) -> Speaker | None:
        """The speaker of the last quotation starting in ``start``..``end``, if any."""
        k = bisect_left(self.positions, end) - 1
        return self.history[k][1] if k >= 0 and self.positions[k] >= start else None

    # -- pronouns
    def antecedent(self, pronoun: str, at: int) -> Speaker | None:
        """The entity a pronoun stands for: the subject of its sentence, else the later of the
        last speaker (a speaker of the other gender is passed over for the one before) and the
        nearest sentence subject before it, of a type (and gender) the pronoun can refer to."""
        ctx = self.ctx
        types = ctx.cues_data.pronouns[pronoun]
        sent = ctx.sentence_index(at)
        s_start, _ = ctx.sentence(at)
        subject = self.subject(s_start, at, types, pronoun)
        if subject is not None:
            return subject
        earlier: list[tuple[int, Speaker]] = []
        k = len(self.history)
        while k > 0 and self.positions[k - 1] >= at:
            k -= 1
        for pos, spk in reversed(self.history[:k]):
            if at - pos > 2000:
                break
            phrase = spk.type is None and "PERSON" in types and (
                pronoun in ("sie", "they") or gender_of(spk, ctx.lang) is not None)  # `der Minister`
            if not (spk.type in types or phrase):
                break
            if self.agrees(pronoun, spk):
                earlier.append((pos, spk))
                break
        for j in range(sent - 1, max(-1, sent - 6), -1):
            start = ctx.sent_starts[j]
            end = ctx.sent_starts[j + 1]
            subject = self.subject(start, end, types, pronoun)
            if subject is not None:
                earlier.append((subject.start, subject))
                break
        if "PERSON" in types and sent > 0:
            speaking = self.speaking_person(ctx.sent_starts[max(0, sent - 2)], s_start, pronoun)
            if speaking is not None:
                earlier.append((speaking.start, speaking))
        return max(earlier, key=lambda c: c[0])[1] if earlier else None

    def speaking_person(self, start: int, end: int, pronoun: str) -> Speaker | None:
        """The latest person named right beside a speech cue in ``start``..``end`` (`kritisierte
        Bundessprecherin X`, `X warned`), of the pronoun's gender: someone who spoke there."""
        ctx = self.ctx
        mentions = self.mentions()
        k = bisect_left(self._mention_starts, end) - 1
        while k >= 0 and mentions[k].start >= start:
            m = mentions[k]
            first = ctx.tok_at(m.start)
            last = ctx.tok_after(m.speaker.end) if m.speaker.end > m.start else first + 1
            near = ctx.cues_in(max(0, first - 3), last + 2)
            if any(c.end <= first or c.start >= last for c in near if c.kind in ("VERB", "SEP")) \
                    and self.agrees(pronoun, m.speaker):
                return Speaker(m.speaker.text, m.speaker.key, m.speaker.type, m.start, m.speaker.end)
            k -= 1
        return None

    def agrees(self, pronoun: str, speaker: Speaker) -> bool:
        """The pronoun's gender (if it has one) is not the other of the speaker's (if known)."""
        gender = self.ctx.cues_data.pronoun_gender.get(pronoun)
        if gender is None:
            return True
        known = gender_of(speaker, self.ctx.lang)
        return known is None or known == gender

    def subject(self, start: int, end: int, types: tuple[str, ...], pronoun: str) -> Speaker | None:
        """An entity at the start of a sentence (its likely subject), within its first words, or
        the name in an apposition after them (`Der Präsident des Verbands, Hans Muster, …`)."""
        ctx = self.ctx
        i = ctx.after_introduction(ctx.tok_after(start), ctx.tok_after(end))  # `In a statement, X …`
        first_words = ctx.doc[i:min(i + 8, len(ctx.doc))]
        limit = min(end, first_words.end_char if len(first_words) else end)
        for ent in ctx.entities_in(start, limit):
            if ent.type in types and not ctx.in_quote(ctx.tok_at(ent.start)):
                # nothing but determiners and adjectives before it in the sentence
                j = ctx.tok_at(ent.start)
                if all(not ctx.doc[k].is_punct and not ctx.doc[k].is_stop or
                       ctx.doc[k].lower_ in ctx.cues_data.determiners or ctx.doc[k].lower_ in ctx.cues_data.not_speaker
                       for k in range(i, j)):  # `Then Olaf Scholz took the floor`
                    speaker = ctx.canonical(ent)
                    return speaker if self.agrees(pronoun, speaker) else None
        apposition = self.apposition(i, ctx.tok_after(end))
        if apposition is not None and apposition.type in types:
            return apposition if self.agrees(pronoun, apposition) else None
        return None

    def apposition(self, first: int, limit: int) -> Speaker | None:
        """`The Welsh Conservative leader, Darren Millar, said`: the person named between commas
        right after the noun phrase opening a sentence at token ``first``."""
        ctx, doc = self.ctx, self.ctx.doc
        if first >= limit or not (doc[first].lower_ in ctx.cues_data.determiners or doc[first].text[:1].isupper()):
            return None
        comma = next((k for k in range(first + 1, min(limit, first + 10)) if doc[k].is_punct), None)
        if comma is None or doc[comma].text != "," or ctx.in_quote(comma) or comma + 1 >= limit:
            return None
        nxt = doc[comma + 1] if not doc[comma + 1].is_space else None
        if nxt is None:
            return None
        ent = next((e for e in ctx.entities_in(nxt.idx, nxt.idx + 1) if e.start == nxt.idx and e.type == "PERSON"), None)
        if ent is None:
            return None
        after = ctx.tok_after(ent.end)
        if after >= len(doc) or doc[after].text not in (",", "("):
            return None
        return ctx.canonical(ent)

    # -- descriptions
    def describes(self, s: int, e: int) -> Description | None:
        """The description of a person that the phrase of tokens ``s``..``e`` is, if it is one."""
        ctx, doc = self.ctx, self.ctx.doc
        lang = ctx.lang
        if e - s < 2 or doc[s].lower_ not in DEFINITE[lang] | INDEFINITE[lang]:
            return None
        if doc[s].lower_ in INDEFINITE[lang]:
            found = self.describes_definite(s, e)
            return Description(found.head, found.gender, False) if found is not None else None
        return self.describes_definite(s, e)

    def describes_definite(self, s: int, e: int) -> Description | None:
        ctx, doc, cd = self.ctx, self.ctx.doc, self.ctx.cues_data
        lang = ctx.lang
        words = []
        for k in range(s + 1, e):
            t = doc[k]
            if t.lower_ in HEAD_STOPS[lang] or t.lower_ in cd.name_links or t.is_punct and t.text != "-":
                break
            if not t.is_space:
                words.append(t)
        if not words:
            return None
        head_token = words[-1]
        head = head_token.text
        low = head.lower()
        if any(x.type in ("ORG", "PLACE") for x in ctx.entities_in(head_token.idx, head_token.idx + len(head))):
            return None
        if low in cd.not_person_nouns or low.split("-")[-1] in cd.not_person_nouns:
            return None
        det = {"ein": "der", "eine": "die", "den": "der", "einen": "der"}.get(doc[s].lower_, doc[s].lower_)
        if AGE.search(ctx.text[doc[s].idx:head_token.idx + len(head)]):  # `der 38-Jährige`
            return Description("age", None if lang == "en" else ("f" if det == "die" else "m"))
        nouns = cd.person_nouns | roles_lower(lang)
        known = low in nouns or any(len(r) >= 5 and low.endswith(r) for r in nouns)
        if lang == "de":
            if not head[:1].isupper():
                return None
            feminine = low.endswith("in") and len(low) >= 6 and not low.endswith("ein")
            if det == "die":
                if not (feminine or low.endswith("e")) and not (known and low.endswith(("e", "in"))):
                    return None  # `die Politiker`: a plural, no one person
                return Description(low, "f") if (feminine or known or low.endswith("e")) else None
            if det == "der" and (known or (low.endswith("er") and len(low) >= 5) or low.endswith("e")):
                return Description(low, "m")
            return None
        if low.endswith("s") and not low.endswith("ss") and low[:-1] in nouns:
            return None  # `the ministers`
        if known:
            return Description(low, cd.person_noun_gender.get(low))
        nationality = any(x.type == "MISC" for x in ctx.entities_in(head_token.idx, head_token.idx + len(head)))
        if nationality and head[:1].isupper() and len(words) == 1:
            return Description(low, None)  # `the Zimbabwean`
        return None

    def resolve(self, description: Description, phrase: Speaker) -> Speaker:
        """The person ``description`` (the speaker ``phrase``) stands for: the latest named with
        its role, else the latest salient person (a speaker of a quotation before, or the subject
        of one of the sentences before) of its gender; else the phrase itself."""
        mentions = self.mentions()
        k = bisect_left(self._mention_starts, phrase.start) - 1
        while k >= 0 and phrase.start - mentions[k].start <= ROLE_WINDOW:
            m = mentions[k]
            if _has_role(m, description.head) and self._gender_agrees(description.gender, m.speaker):
                return Speaker(m.speaker.text, m.speaker.key, m.speaker.type, phrase.start, phrase.end)
            k -= 1
        if self.named_so_before(description, phrase.start):
            return phrase  # `der König` all along: a person the text never names
        salient = self.salient_person(phrase.start, description.gender) or self.named_person(phrase.start, description.gender)
        if salient is not None and self._of_another_nationality(salient, description.head):
            # `Italian President X … and IOC President Y … The Zimbabwean said`: not X
            before = mentions[:bisect_left(self._mention_starts, phrase.start)]
            salient = next((m.speaker for m in reversed(before) if phrase.start - m.start <= ROLE_WINDOW
                            and not self._of_another_nationality(m.speaker, description.head)
                            and self._gender_agrees(description.gender, m.speaker)), None)
        if salient is not None:
            return Speaker(salient.text, salient.key, salient.type, phrase.start, phrase.end)
        return phrase

    def _of_another_nationality(self, speaker: Speaker, head: str) -> bool:
        """``head`` is a nationality (`zimbabwean`) and the text named ``speaker`` with another
        (`Italian President Sergio Mattarella`): a nationality agrees like a gender."""
        nationalities = self._nationalities()
        if head not in nationalities:
            return False
        return any(m.speaker.key == speaker.key and (m.roles & nationalities) - {head} for m in self.mentions())

    def _nationalities(self) -> frozenset[str]:
        if self._nationality_words is None:
            self._nationality_words = frozenset(
                name.lower() for name in gazetteer.misc_names(self.ctx.lang)) if self.ctx.lang == "en" else frozenset()
        return self._nationality_words

    def named_person(self, at: int, gender: str | None) -> Speaker | None:
        """The latest person named in the three sentences before the one of ``at`` whose given
        name has the description's gender (`wie Ministerin X bekannt gab. … sagte die
        Bundesrätin`): only when both genders are known."""
        ctx = self.ctx
        if gender is None:
            return None
        sent = ctx.sentence_index(at)
        start, end = ctx.sent_starts[max(0, sent - 3)], ctx.sentence(at)[0]
        mentions = self.mentions()
        k = bisect_left(self._mention_starts, end) - 1
        while k >= 0 and mentions[k].start >= start:
            if gender_of(mentions[k].speaker, ctx.lang) == gender:
                return mentions[k].speaker
            k -= 1
        return None

    def named_so_before(self, description: Description, at: int) -> bool:
        """The description's noun stood after an article outside quotation marks before (`Der
        König antwortete nicht. … sagte der König`): the text calls the person so, not by name."""
        ctx = self.ctx
        if description.head == "age":
            return False
        start = max(0, at - DESCRIPTION_WINDOW)
        articles = "|".join(DEFINITE[ctx.lang])
        pattern = re.compile(rf"\b(?:{articles})\s+(?:\w+\s+){{0,2}}{re.escape(description.head)}\b", re.IGNORECASE)
        for m in pattern.finditer(ctx.text, start, at):
            k = ctx.tok_at(m.end() - 1)
            if not ctx.in_quote(k) and not any(e.type == "PERSON" for e in ctx.entities_in(m.end(), m.end() + 2)):
                return True
        return False

    def salient_person(self, at: int, gender: str | None) -> Speaker | None:
        """The later of the last speaker and the nearest sentence subject (in the three sentences
        before the one of ``at``) that is a person of ``gender`` (if known)."""
        ctx = self.ctx
        found: list[tuple[int, Speaker]] = []
        k = bisect_left(self.positions, at) - 1
        while k >= 0 and at - self.positions[k] <= DESCRIPTION_WINDOW:
            speaker = self.history[k][1]
            if speaker.type == "PERSON" and self._gender_agrees(gender, speaker):
                found.append((self.positions[k], speaker))
                break
            k -= 1
        sent = ctx.sentence_index(at)
        for j in range(sent - 1, max(-1, sent - 4), -1):  # not its own: `X sei …, betonte der 38-Jährige`
            start, end = ctx.sent_starts[j], ctx.sent_starts[j + 1]
            subject = self.subject(start, end, ("PERSON",), "")
            if subject is not None and subject.start < at and self._gender_agrees(gender, subject):
                found.append((subject.start, subject))
                break
        return max(found, key=lambda c: c[0])[1] if found else None

    def _gender_agrees(self, gender: str | None, speaker: Speaker) -> bool:
        if gender is None:
            return True
        known = gender_of(speaker, self.ctx.lang)
        return known is None or known == gender

    def mentions(self) -> list[PersonMention]:
        """The people named outside quotation marks, in text order (found once)."""
        if self._mentions is not None:
            return self._mentions
        ctx, doc = self.ctx, self.ctx.doc
        out: list[PersonMention] = []
        for ent in ctx.entities:
            if ent.type != "PERSON":
                continue
            first, after = ctx.tok_at(ent.start), ctx.tok_after(ent.end)
            if ctx.in_quote(first):
                continue
            words: set[str] = set()
            k = first - 1
            while k >= 0 and first - k <= 3 and _word(doc[k]) and doc[k].lower_ not in ctx.cues_data.determiners:
                words |= _forms(doc[k].lower_)
                k -= 1
            parties: set[str] = set()
            if after < len(doc) and doc[after].text == "(":
                close = next((j for j in range(after + 1, min(len(doc), after + 5)) if doc[j].text == ")"), None)
                if close is not None:
                    parties |= {doc[j].lower_ for j in range(after + 1, close)}
            if after < len(doc) and doc[after].text == ",":  # `X, the governor,` / `X, die CDU-Politikerin,`
                for j in range(after + 1, min(len(doc), after + 10)):
                    if doc[j].is_punct and doc[j].text != "-":
                        if doc[j].text in (",", ".", ";"):
                            words |= {w for t in doc[after + 1:j] if _word(t) for w in _forms(t.lower_)}
                        break
            if first > 0 and doc[first - 1].text == ",":  # `The Welsh Conservative leader, X,`
                j = first - 2
                while j >= 0 and first - j <= 9 and not doc[j].is_punct and not doc[j].is_sent_start:
                    j -= 1
                words |= {w for t in doc[max(j, 0):first - 1] if _word(t) for w in _forms(t.lower_)}
            out.append(PersonMention(ent.start, ctx.canonical(ent), frozenset(words), frozenset(parties)))
        self._mentions = out
        self._mention_starts = [m.start for m in out]
        return out


def _word(t) -> bool:
    return (t.is_alpha or "-" in t.text) and not t.is_punct and not t.is_space


def _forms(word: str) -> set[str]:
    """A role word and the parts of a compound with a hyphen (`dfb-sportdirektor`)."""
    return {word, *word.split("-")}


def _has_role(m: PersonMention, head: str) -> bool:
    """The person was named with the description's role (`Bundeskanzlerin` for `Kanzlerin`,
    `governor`), or with the party a `CDU-Politiker` names."""
    if "-" in head and head.split("-")[0] in m.parties:
        return True
    forms = _gender_forms(head)
    return any(r in forms or (len(head) >= 4 and r.endswith(head)) for r in m.roles)


def _gender_forms(head: str) -> set[str]:
    """A role noun and its other gender's form in English (`actor` / `actress`, `spokesman` /
    `spokeswoman`, `waiter` / `waitress`): `the actor` may stand for a woman named `best actress`."""
    forms = {head}
    if head.endswith("or"):
        forms.add(head[:-2] + "ress")
    elif head.endswith("er"):
        forms.add(head[:-2] + "ress")
    elif head.endswith("ress"):
        forms |= {head[:-4] + "or", head[:-4] + "er"}
    if head.endswith("woman"):
        forms.add(head[:-5] + "man")
    elif head.endswith("man"):
        forms.add(head[:-3] + "woman")
    return forms


@cache
def roles(lang: str) -> frozenset[str]:
    """Words for a person's role or office (`Minister`, `Sprecherin`), from the curated list."""
    return frozenset(gazetteer.curated("people.yml").get(lang, {}).get("titles", ()))


@cache
def roles_lower(lang: str) -> frozenset[str]:
    return frozenset(r.lower().rstrip(".") for r in roles(lang) if " " not in r)


def gender_of(speaker: Speaker, lang: str) -> str | None:
    """``"f"`` / ``"m"`` for a person by their given name (`Anna Vogt`), or a German role noun
    (`die Sprecherin`, `der Minister`); None when not known."""
    words = speaker.text.split()
    if speaker.type == "PERSON":
        return gazetteer.given_name_gender(words[0]) if len(words) > 1 else None
    if speaker.type is None and lang == "de" and words[-1] in roles(lang) and words[-1][:1].isupper():
        return "f" if words[-1].endswith("in") else "m"
    return None
