"""Titles, names and mentions in quotation marks, told from quotations of someone's words."""

from __future__ import annotations

import re
from bisect import bisect_left

from ..media import media_names, registry_names
from .context import Context
from .marks import QuoteSpan

SENTENCE_PUNCT = re.compile(r"[.!?,;:]")
# Prepositions before a name or title (`an »Die Stille nach dem Fluss«`, `for “I Swear”`); a quotation
# of words after them is rare unless a speech verb comes before (`sprach von „Verrat“`).
PREPOSITIONS = {"de": ("an", "für", "aus", "über", "mit", "in", "im", "von", "vom", "bei", "beim", "nach"),
                "en": ("for", "in", "from", "of", "about", "with", "by", "on")}
ARTICLES = {"en": ("a", "an")}  # German partial quotes often follow one: `sprach von einer „historischen Chance“`


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
        inner = ctx.text[span.start + 1:span.end - 1].strip(" ,.\u00a0\u202f")
        if self.names_medium(inner) or self.title_by_context(span, inner):
            return "strong"
        # a name a recogniser found, unless the quotation closes with a comma and a speech cue
        # follows (`fight for "Justice and Freedom," she said`: her words, whatever they name)
        said = ctx.text[span.start + 1:span.end - 1].rstrip().endswith(",") and self.cue_near(span.end)
        for e in ctx.entities_in(span.start, span.end):
            if e.type in ("MISC", "ORG") and abs(e.start - (span.start + 1)) <= 1 and abs(e.end - (span.end - 1)) <= 2 \
                    and not said:
                return "strong"
        # a title noun right before a capitalised name: `die Zeitung „Welt am Sonntag“`
        before = re.search(r"([\w-]+)\s+$", ctx.text[max(0, span.start - 40):span.start])
        previous = before.group(1).lower() if before else ""
        if inner[:1].isupper() and previous.endswith(cd.title_nouns):
            return "strong"
        if inner[:1].isupper() and re.search(r"\w-$", ctx.text[max(0, span.start - 2):span.start]) \
                and self.name_like(inner):
            return "strong"  # ZDF-„Morgenmagazin“: the first part of a compound names its owner
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
        if cd.lang == "de" and self.after_preposition(span, inner):
            return "weak"  # `geht an »Die Stille nach dem Fluss«`, but `kämpfe für „Recht und Freiheit“, sagte sie`
        if cd.lang == "en":
            content = [w for w in re.findall(r"[A-Za-z][\w’'-]*", inner) if len(w) > 3]
            if len(words) >= 2 and content and all(w[0].isupper() for w in content) \
                    and not re.search(r"[.!?,;:]", inner):
                return "weak"
        return None

    def names_medium(self, inner: str) -> bool:
        """A news medium or curated organisation by name, in any case (`die „Presse“`,
        `«NZZ am Sonntag»`: a medium's name and an edition)."""
        low = inner.casefold()
        if low in media_names() or low in registry_names(self.ctx.lang):
            return True
        words = inner.split()
        return 1 < len(words) <= 4 and words[0].casefold() in media_names() and words[0][:1].isupper() \
            and words[1].lower() in self.ctx.cues_data.title_words and words[-1][:1].isupper()

    def name_like(self, inner: str) -> bool:
        """Short, capitalised, no punctuation, every lower-case word a title word (German verbs
        are lower case, so a German name-like stretch has no verb)."""
        words = inner.split()
        cd = self.ctx.cues_data
        return (0 < len(words) <= 6 and not SENTENCE_PUNCT.search(inner)
                and words[0][:1].isupper() and words[-1][:1].isupper()
                and all(w[:1].isupper() or w[:1].isdigit() or w.lower() in cd.title_words for w in words))

    def title_by_context(self, span: QuoteSpan, inner: str) -> bool:
        """A name or title by what stands around it: enclosed in parentheses (`Henckel von
        Donnersmarck (»Das Leben der Anderen«)`), after a possessive or genitive name (`CNBC's
        "Squawk Box"`, `Tykwers "Das Licht"`), before a title noun (`“Earthrise” photograph`,
        `"Fair Fares" program`), a programme of a broadcaster (`im „heute journal“ des ZDF`),
        the medium a report verb names (`berichtet die "Zeitung"`), a name opening its sentence
        with a predicate right after it (`"Das Boot" gilt als Klassiker`, in German also with
        lower-case words: `"Die letzte Fähre" erzählt von …`), a name-like stretch
        after a preposition (`geht an »Die Stille nach dem Fluss«`, `best actor for “I Swear”`)."""
        ctx, cd, text = self.ctx, self.ctx.cues_data, self.ctx.text
        if not inner or not (inner[:1].isupper() or inner[:1].isdigit() or cd.lang == "de"):
            return False
        before = text[max(0, span.start - 60):span.start]
        before = before.split("\n")[-1]
        after = text[span.end:span.end + 40].split("\n")[0]
        if before.rstrip().endswith("(") and after.lstrip().startswith(")"):
            return True
        name_like = self.name_like(inner)
        next_word = re.match(r"[ \t]+([\w-]+)", after)
        following = next_word.group(1) if next_word else ""
        if following and following.lower() in cd.title_nouns and inner[:1].isupper() and cd.lang == "en":
            return True  # `“Earthrise” photograph`, `"Vera Rubin" systems`
        # a programme and its broadcaster: `im „heute journal“ des ZDF`, `"Newsnight" on the BBC`
        links = {str(w).lower() for w in cd.citations.get("programme_links") or []}
        if following.lower() in links:
            rest = re.match(r"[ \t]+[\w-]+[ \t]+(?:the[ \t]+)?([\w.-]+)", after)
            if rest and rest.group(1).rstrip(".").casefold() in media_names():
                return True
        previous = re.findall(r"[\w’'-]+|[^\w\s]", before)
        last = previous[-1] if previous else ""
        if inner[:1].isupper() and re.search(r"\w[’']s?$", last) and (cd.lang == "en" or last[-1] in "’'"):
            return True  # `CNBC's "Squawk Box"`, `Zhao’s “Hamnet”`
        if inner[:1].isupper() and cd.lang == "en" and len(previous) >= 2 and previous[-1].islower() \
                and re.search(r"\w[’']s$", previous[-2]):
            return True  # `Apollo 8’s famous “Earthrise”`
        if cd.lang == "de" and name_like and last[:1].isupper() and last.endswith("s") and any(
                e.type == "PERSON" and e.end == span.start - (len(before) - len(before.rstrip())) for e in
                ctx.entities_in(max(0, span.start - len(last) - 2), span.start)):
            return True  # `Tykwers „Das Licht“`: a person's work
        s_start, _ = ctx.sentence(span.start)
        verb_of_content = re.match(r"[ \t]+[\w-]+[ \t]+([\w-]+)", after)  # `erzählt von …`: what it is about
        about = verb_of_content is not None and verb_of_content.group(1).lower() in PREPOSITIONS.get(cd.lang, ())
        if not text[s_start:span.start].strip() and following[:1].islower() \
                and following.lower() not in cd.pronouns and (about or not self.cue_near(span.end)) \
                and (name_like or (cd.lang == "de" and inner[:1].isupper() and len(inner.split()) <= 8
                                   and not SENTENCE_PUNCT.search(inner))):
            # `"Das Boot" gilt als Klassiker`, `"Die letzte Fähre" erzählt von …`: a name the
            # sentence is about (German words said before their verb end with a comma, a title
            # may have lower-case words)
            return True
        if not name_like:
            return False
        low = [w.lower() for w in previous[-2:]]
        reports = {str(w).lower() for w in cd.citations.get("report_verbs") or []}
        if len(low) == 2 and low[-1] in cd.determiners and low[-2] in reports:
            return True  # `berichtet die "Zeitung"`, `zitiert die „Rheinische Post“`
        if cd.lang == "en" and self.after_preposition(span, inner):
            return True  # `for “One Battle After Another”` (German: a weak title, see ``title``)
        return False

    def after_preposition(self, span: QuoteSpan, inner: str) -> bool:
        """A name-like stretch right after a preposition, no speech verb just before or after it
        (`fight for "Justice and Freedom," she said` is her words)."""
        before = self.ctx.text[max(0, span.start - 30):span.start].split("\n")[-1]
        previous = re.findall(r"[\w’'-]+|[^\w\s]", before)
        return bool(previous) and previous[-1].lower() in PREPOSITIONS.get(self.ctx.lang, ()) \
            and self.name_like(inner) and not self.words_said(span) and not self.cue_near(span.end)

    def words_said(self, span: QuoteSpan) -> bool:
        """A speech cue in the three tokens before the quotation (`sagte über „…“` is rare,
        `sprach von „Verrat“` is someone's word)."""
        i = self.ctx.tok_after(span.start)
        return any(c.end >= i - 2 for c in self.ctx.cues_in(max(0, i - 4), i))

    def cue_near(self, end: int) -> bool:
        i = self.ctx.tok_after(end)
        return bool(self.ctx.cues_in(i, i + 3))

    def is_scare(self, span: QuoteSpan) -> bool:
        """A short stretch after an article that no one is said to have said: a term in scare
        quotes (`worries about an "AI bubble"`, `talk of a "home curse"`, `eine „Zeitenwende“`)."""
        ctx, cd = self.ctx, self.ctx.cues_data
        inner = ctx.text[span.start + 1:span.end - 1].strip()
        words = self.words_before(span.start, 1)
        if not (words and words[-1] in ARTICLES.get(cd.lang, ()) and 0 < len(inner.split()) <= 3
                and not SENTENCE_PUNCT.search(inner)):
            return False
        # someone named or a speech cue before it in the sentence: their word (`called it a “crazy
        # system”`, `Reid has been pounding Trump as a “con artist”`)
        # (within 300 characters: bounded work for each quotation, however long the sentence)
        s_start = max(ctx.sentence(span.start)[0], span.start - 300)
        if any(e.type == "PERSON" for e in ctx.entities_in(s_start, span.start)):
            return False
        first, end = ctx.tok_after(s_start), ctx.tok_after(span.start)
        k = bisect_left(ctx.cue_starts, first)
        return not (k < len(ctx.cue_starts) and ctx.cue_starts[k] < end)

    def is_mention(self, span: QuoteSpan, attributed: bool = False) -> bool:
        cd = self.ctx.cues_data
        words = self.words_before(span.start, 3)
        introduced = self.ctx.text[max(0, span.start - 3):span.start].rstrip().endswith(":")
        if any(w in cd.mention_markers or w.endswith("so-called") for w in words[-2:]) and not introduced:
            return True  # `das Wort „Ode“`, but not `ergriff das Wort: „…“`, words a colon introduces
        if not attributed and self.is_scare(span):
            return True
        if self.inscription(span):
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


    def inscription(self, span: QuoteSpan) -> bool:
        """Words written on something, not said: a sign, placard, banner or shirt among the six
        words before, and the verb of writing right after (`Schilder, auf denen „Weide statt
        Wolf“ stand`) or the words naming it right before (`placards reading “…”`, `mit der
        Aufschrift „…“`)."""
        cd = self.ctx.cues_data
        if not cd.inscription_nouns:
            return False
        words = self.words_before(span.start, 6)
        if not any(w in cd.inscription_nouns for w in words):
            return False
        after = re.match(r"[ \t]+([\w-]+)", self.ctx.text[span.end:span.end + 40])
        return (after is not None and after.group(1).lower() in cd.inscription_verbs) \
            or bool(words) and (words[-1] in cd.inscription_verbs or words[-1] in cd.inscription_nouns)

    def names_oneself(self, span: QuoteSpan, words: list[str]) -> bool:
        """`nennt sich „…“`, `nennt sich selbst „…“`, `die sich „…“ nennt`, `calls itself “…”`."""
        cd = self.ctx.cues_data
        near = [w for w in words if w not in ("selbst", "selber")][-2:]
        if len(near) == 2 and near[0] in cd.self_naming_verbs and near[1] in cd.self_naming_pronouns:
            return True
        after = re.match(r"[ \t]+([\w-]+)", self.ctx.text[span.end:span.end + 40])
        return bool(near) and near[-1] in cd.self_naming_pronouns and after is not None \
            and after.group(1).lower() in cd.self_naming_verbs
