"""Titles, names and mentions in quotation marks, told from quotations of someone's words."""

from __future__ import annotations

import re

from .context import Context
from .marks import QuoteSpan


class Classifier:
    """Tells quotations (someone's words) from titles, names and scare quotes."""

    def __init__(self, ctx: Context):
        self.ctx = ctx

    def words_before(self, start: int, n: int = 3) -> list[str]:
        window = self.ctx.text[max(0, start - 60):start]
        window = window.split("\n")[-1]
        return re.findall(r"[\w.-]+", window.lower())[-n:]

    def title(self, span: QuoteSpan) -> str | None:
        """``"strong"`` when the marks enclose a title or name whatever the sentence says,
        ``"weak"`` when it only looks like one (English Title Case), else None."""
        ctx, cd = self.ctx, self.ctx.cues_data
        inner = ctx.text[span.start + 1:span.end - 1].strip(" ,.")
        for e in ctx.entities_in(span.start, span.end):
            if e.type in ("MISC", "ORG") and abs(e.start - (span.start + 1)) <= 1 and abs(e.end - (span.end - 1)) <= 2:
                return "strong"
        # a title noun right before a capitalised name: `die Zeitung „Welt am Sonntag“`
        before = re.search(r"([\w-]+)\s+$", ctx.text[max(0, span.start - 40):span.start])
        previous = before.group(1).lower() if before else ""
        if inner[:1].isupper() and previous.endswith(cd.title_nouns):
            return "strong"
        after = ctx.text[span.end:span.end + 30]
        m = re.match(r"-?([\w]+)", after)
        if m and after.startswith("-") and m.group(1).lower().endswith(cd.title_nouns):
            return "strong"  # „Bild“-Zeitung
        words = inner.split()
        name_like = (
            0 < len(words) <= 5
            and not re.search(r"[.!?,;:]", inner)
            and words[0][:1].isupper() and words[-1][:1].isupper()
            and all(w[:1].isupper() or w.lower() in cd.title_words for w in words)
        )
        # `sagte er der „Süddeutschen Zeitung“`, `im „Spiegel“`, `told the “New York Times”`
        if name_like and previous in cd.title_context:
            return "strong"
        # `die „Stuttgarter Zeitung“`: the name ends with a title noun
        if name_like and len(words) >= 2 and words[-1].lower().strip(".").endswith(cd.title_nouns):
            return "strong"
        # `Die „Kreuzzeitung“ meldet`, `Wie die „Zeit“ berichtet`: the quoted name is the subject
        # of its sentence or of the clause the sentence opens with
        if name_like and previous in cd.determiners and before is not None:
            s_start, _ = ctx.sentence(span.start)
            opening = ctx.text[s_start:span.start - len(before.group(0))].strip().lower()
            if not opening or opening in cd.clause_openers:
                return "strong"
        if cd.lang == "en":
            content = [w for w in re.findall(r"[A-Za-z][\w’'-]*", inner) if len(w) > 3]
            if len(words) >= 2 and content and all(w[0].isupper() for w in content) \
                    and not re.search(r"[.!?,;:]", inner):
                return "weak"
        return None

    def is_mention(self, span: QuoteSpan, attributed: bool = False) -> bool:
        cd = self.ctx.cues_data
        words = self.words_before(span.start, 3)
        if any(w in cd.mention_markers or w.endswith("so-called") for w in words[-2:]):
            return True
        # a name given to something: `wird intern „Projekt Zukunft“ genannt`, but not someone's
        # words (`hat es „absurd“ genannt`, `wurde „ganz überflüssig“ genannt`)
        after = re.match(r"[ \t]+([\w-]+)", self.ctx.text[span.end:span.end + 40])
        if not attributed and after is not None and after.group(1).lower() in cd.mention_markers:
            return self.ctx.text[span.start + 1:span.start + 2].isupper()
        if self.names_oneself(span, words):
            return True
        # `Das Motto lautet „…“`, `Das Unwort des Jahres heißt „…“`
        if words and words[-1] in cd.naming_verbs:
            s_start, _ = self.ctx.sentence(span.start)
            subject = re.findall(r"[\w.-]+", self.ctx.text[s_start:span.start].lower())[:-1]
            return any(w in cd.mention_markers or w.endswith(cd.title_nouns) for w in subject[:3])
        return False


    def names_oneself(self, span: QuoteSpan, words: list[str]) -> bool:
        """`nennt sich „…“`, `nennt sich selbst „…“`, `die sich „…“ nennt`, `calls itself “…”`."""
        cd = self.ctx.cues_data
        near = [w for w in words if w not in ("selbst", "selber")][-2:]
        if len(near) == 2 and near[0] in cd.self_naming_verbs and near[1] in cd.self_naming_pronouns:
            return True
        after = re.match(r"[ \t]+([\w-]+)", self.ctx.text[span.end:span.end + 40])
        return bool(near) and near[-1] in cd.self_naming_pronouns and after is not None \
            and after.group(1).lower() in cd.self_naming_verbs
