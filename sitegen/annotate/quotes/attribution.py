"""Attribution: the speech cue of a quotation and the speaker phrase beside it, resolved to a
canonical entity, a short form of one, or a pronoun's antecedent (``coref``); and the speaker
of a quotation from the sentences around it (a colon before it, reported speech, a cue in the
sentence before or after)."""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left
from dataclasses import dataclass

from .. import gazetteer
from ..canonical import slugify
from ..token_texts import token_texts
from .context import Context, Speaker
from .coref import Coreference, Description, roles, roles_lower
from .cues import Cue
from .marks import QuoteSpan

SPEAKER_LINE = re.compile(r"([.!?…]\s*)?[\"“”«»]?\s*([A-ZÄÖÜ][\w-]+(?: [A-ZÄÖÜ][\w-]+){0,2})[.:]\s*$")
SO_FAR = re.compile(r"\s*(?:So ?weit|Soviel|So viel|So much for)\s+")
DEMONSTRATIVES = {"de": {"diese", "dieser", "dieses", "diesen", "jene", "jener", "jenes"}, "en": {"these", "this", "those"}}
RELATIVE_ADVERBS = {"de": {"hier", "da", "dort", "einst", "einmal", "so"}, "en": set()}  # `die hier Stein … vorwirft`
INDEFINITE_ARTICLES = {"ein", "eine", "a", "an"}
GENITIVE_ARTICLES = {"des", "eines"}
BYLINE_PAREN = re.compile(r"[ \t]*\.?[ \t]*\(([^()\n]{2,60})\)")


# the endings of present participles, which have no subject of their own (`telling`, `betonend`)
PARTICIPLE_ENDINGS = {"en": ("ing",), "de": ("end",)}


@dataclass(frozen=True)
class Attribution:
    cue: Cue
    speaker: Speaker | None



class Attributor:
    """Finds the speech cue of a quotation and the speaker it names (``attribute``), and the
    speaker of a quotation from the sentences around it (``after_cue_sentence``, …)."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.coref = Coreference(ctx)
        self._reported_verbs: list[int] | None = None  # tokens of reported speech verbs (``_reported``)
        self._origin_verbs: list[int] | None = None  # tokens of `stammt`, `comes` (``origin``)
        self._attributing = (0, 0)  # the tokens of the quotation ``attribute`` looks at

    # -- speakers of cues
    def speaker_of(self, cue: Cue, floor: int, ceiling: int) -> Speaker | None:
        ctx, cd, doc = self.ctx, self.ctx.cues_data, self.ctx.doc
        if cue.kind == "PREP":
            np = ctx.np_after(cue.end, ceiling)
            return self._resolve(np)
        if cue.kind == "POSTP":
            np = ctx.np_before(cue.start, floor)
            if np is None and cue.start - 1 >= floor:
                s = cue.start
                while s - 1 >= floor and cue.start - s < 8 and ctx.np_word(s - 1):
                    s -= 1
                np = (s, cue.start) if s < cue.start else None
            return self._resolve(np)
        if cue.kind == "SO":
            np = ctx.np_after(cue.end, ceiling)
            if np is None:  # `„…“ – so schrieb damals die „Kölnische Zeitung“`: the verb, then its subject
                verb = next((c for c in ctx.cues_in(cue.end, cue.end + 2) if c.kind in ("VERB", "SEP")
                             and all(doc[k].is_space for k in range(cue.end, c.start))), None)
                return self.speaker_of(verb, cue.end, ceiling) if verb is not None else None
            return self._resolve(np)
        if cue.kind == "PHRASE" and cd.impersonal.get("phrases") \
                and " ".join(t.lower_ for t in doc[cue.start:cue.end]) in cd.impersonal["phrases"]:
            return self.words_found_in(cue, floor, ceiling)
        if cue.kind == "NOUN":  # `die Worte Zimmermanns:`, `Trump's words:`
            np = ctx.np_after(cue.end, ceiling)
            if np is not None and cd.lang == "de" and doc[np[0]].lower_ == "der":
                # a genitive (`die Antwort der Gemeinde`): `der` there is feminine or plural, no man
                description = self.coref.describes(*np)
                if description is not None and description.gender == "m":
                    return ctx.speaker_from_np(np)
            if np is None or ctx.doc[np[0]].lower_ in cd.pronouns:
                np = ctx.np_before(cue.start, floor)
            return self._resolve(np) if np is not None else self.moved_to_speak(cue, floor)
        after_limit = cue.end - 1 if cue.kind == "SEP" else ceiling
        verb = doc[cue.start].lower_
        if verb in cd.quoting_verbs:
            return self.quoted_person(cue, after_limit)
        first = cue.start
        # `ist der Ansicht`: the copula belongs to the cue
        opener = first == floor or (doc[first - 1].is_punct and not ctx.in_parens[first - 1]) or ctx.in_quote(first - 1)
        np = ctx.np_before(first, floor) if not opener else ctx.subject_before(first, floor)
        if np is None and not opener:  # `Buckley later told`, `X also said`: the subject before the adverbs
            k = first
            while k - 1 > floor and first - k < 2 and doc[k - 1].lower_ in cd.not_speaker:
                k -= 1
            np = ctx.np_before(k, floor) if k < first else None
        if np is not None:
            return self._resolve(np)
        if opener and first > floor and doc[first - 1].text == "," and verb.endswith(PARTICIPLE_ENDINGS[ctx.lang]):
            # `…, telling MPs that …`: a participle's subject is the sentence's
            return self.coref.apposition(floor, first) or self.sentence_subject(floor, first)
        if verb in cd.speaker_before:
            return None
        noun = next((c for c in ctx.cues_in(cue.verb_end, min(after_limit, cue.verb_end + 4)) if c.kind == "NOUN"), None)
        if noun is not None and doc[cue.verb_end].lower_ in cd.determiners \
                and all(doc[k].text.islower() for k in range(cue.verb_end, noun.start)):
            # `„…“, lautete die Antwort des Kutschers`: whose answer it was, if the text says
            return self.speaker_of(noun, noun.start, after_limit)
        after = ctx.np_after(cue.verb_end, after_limit)
        if after is not None and opener and self._spoken_to(after):
            # `Lina Beckmann, 45, sagte der Zeitung`: the dative is whom she spoke to; the subject
            # opens the sentence before an apposition
            return self.sentence_subject(floor, first)
        if after is not None and not ctx.names_person(*after):
            named = self._named_in_apposition(after, after_limit)
            if named is not None:  # `erklärte die Sprecherin der Fraktion, Anke Frieling.`: the
                return named       # name, not whom the role phrase alone would stand for
        speaker = self._resolve(after)
        if speaker is None and not opener:
            # a participle at the end of a clause (`was Paul Pfizer geschrieben hat:`), a second
            # verb of the subject (`Struve knüpft an … und bemerkt dazu:`), or a participle at
            # the sentence end (`Stöcker habe damals gesagt:`): the clause or sentence subject
            speaker = self.clause_subject(floor, first) or self.sentence_subject(floor, first)
        return speaker

    def words_found_in(self, cue: Cue, floor: int, ceiling: int) -> Speaker | None:
        """The source of an impersonal cue (`heißt es`): the person, organisation or quoted
        medium after `in` / `bei` opening the clause (`In der „Kreuzzeitung“ heißt es:`, `Bei
        Goethe heißt es:`) or right after the cue (`„…“, heißt es in der „Kreuzzeitung“`);
        none for a document without an author (`In dem Aufruf heißt es`)."""
        ctx, doc, cd = self.ctx, self.ctx.doc, self.ctx.cues_data
        places = cd.impersonal.get("locations") or set()

        def after(k: int, limit: int) -> tuple[int, int] | None:
            title = ctx.title_at(k)  # `im „Vorwärts“`: the article is in the preposition
            return (k, title) if title is not None else ctx.np_after(k, limit)

        candidates = []
        if cue.start - floor >= 2 and doc[floor].lower_ in places:
            candidates.append(after(floor + 1, cue.start))
        k = cue.end
        while k < ceiling and (doc[k].is_space or doc[k].lower_ in cd.not_speaker):
            k += 1
        if k < ceiling and doc[k].lower_ in places and not ctx.in_quote(k):
            candidates.append(after(k + 1, ceiling))
        for np in candidates:
            if np is None or (np[0] < self._attributing[1] and self._attributing[0] < np[1]):
                continue  # `lesen wir in der „Allg. Ztg.“`: a name in quotation marks does not quote itself
            if np[1] < ceiling and doc[np[1]].lower_ in GENITIVE_ARTICLES and not ctx.in_quote(np[1]):
                owner = ctx.np_after(np[1], ceiling)  # `In dem Briefe des Ministers heißt es`: its author
                if owner is not None and owner[0] == np[1]:
                    return self._resolve(owner)
            speaker = self._resolve(np)
            if speaker is not None and (speaker.key is not None or speaker.type in ("PERSON", "ORG")
                                        or any(ctx.in_quote(j) for j in range(*np))):
                return speaker
        return None

    def moved_to_speak(self, cue: Cue, floor: int) -> Speaker | None:
        """The speaker of a speech noun that names the words someone was moved to (`bewog den
        Zaren zu der Äußerung: „…“`): the accusative object of its clause (`den Zaren`, not `für
        den Zaren`), or the subject when the verb is reflexive (`ließ sich der Minister zu der
        Bemerkung hinreißen`, `Der Minister ließ sich zu …`)."""
        ctx, doc, cd = self.ctx, self.ctx.doc, self.ctx.cues_data
        spec = cd.speech_goals
        if not spec.get("links"):
            return None
        k = cue.start - 1
        while k > floor and cue.start - k <= 3 and doc[k].is_alpha and doc[k].text.islower() \
                and doc[k].lower_ not in spec["links"]:
            k -= 1  # `zu der folgenden Äußerung`
        if k < floor or doc[k].lower_ not in spec["links"]:
            return None
        start = k
        while start > floor and not ctx.in_quote(start - 1) and not (doc[start - 1].is_punct and not ctx.in_parens[start - 1]):
            start -= 1  # the clause: back to the punctuation before it
        if doc[start].lower_ in cd.clause_openers | cd.relative_openers and start + 1 < k:
            start += 1  # `, daß …`
        reflexive = next((j for j in range(start, k) if doc[j].lower_ in spec["reflexives"]), None)
        if reflexive is not None:  # the subject right after the reflexive, else the one opening the clause
            np = ctx.np_after(reflexive + 1, k)
            if np is None or np[0] != reflexive + 1 or doc[np[0]].lower_ in cd.non_subject_determiners:
                np = ctx.np_after(start, reflexive)
                if np is not None and np[0] != start:
                    np = None
            return self._resolve(np)
        for j in range(start, k):
            if doc[j].lower_ in spec["objects"] and (j == start or doc[j - 1].lower_ not in spec["prepositions"]):
                np = ctx.np_after(j, k)
                if np is not None and np[0] == j:
                    return self._resolve(np)
        return None

    def _spoken_to(self, np: tuple[int, int]) -> bool:
        """German: a noun phrase after a speech verb that names whom the speaker spoke to, a news
        medium in the dative (`dem Sender`, `im Deutschlandfunk`, `der Zeitung`, `der „Post“`)."""
        ctx, doc = self.ctx, self.ctx.doc
        words = ctx.cues_data.citation_words
        first = doc[np[0]].lower_
        if ctx.lang != "de" or first not in words.interview_markers:
            return False
        if first != "der":
            return True  # `dem`, `im`, `beim`: no subject starts so
        head = doc[np[1] - 1].lower_
        return ctx.title_at(np[0] + 1) is not None or any(head == n or head.endswith(n) for n in words.nouns)

    def _named_in_apposition(self, np: tuple[int, int], limit: int) -> Speaker | None:
        """A person named after a comma closing a role phrase after the verb, with its genitive or
        `of` phrase (`sagte die Sprecherin der CDU-Fraktion, Anke Frieling.`, `said the head of
        the union, Jo Smith.`): the name ends the clause."""
        ctx, doc = self.ctx, self.ctx.doc
        k = np[1]
        while k < limit and k - np[1] < 8 and doc[k].text != "," and not doc[k].is_punct and not ctx.in_quote(k):
            k += 1
        if k >= limit or doc[k].text != "," or k + 1 >= limit:
            return None
        name = ctx.np_after(k + 1, limit)
        if name is None or name[0] != k + 1 or not ctx.names_person(*name):
            return None
        end = name[1]
        if end < len(doc) and not (doc[end].is_punct or doc[end].is_space):
            return None
        return self._resolve(name)

    def clause_subject(self, floor: int, limit: int) -> Speaker | None:
        """The subject right after the word opening the clause of a cue (`, was Pfizer …`), also
        across a coordinated clause (`daß sich der Minister …, sondern zugegeben habe`)."""
        ctx, cd = self.ctx, self.ctx.cues_data
        openers = cd.clause_openers | cd.interrogatives
        verb_final = limit + 1 < len(ctx.doc) and ctx.doc[limit + 1].lower_ in cd.auxiliaries
        for k in range(limit - 1, floor - 1, -1):
            t = ctx.doc[k]
            if ctx.in_quote(k):
                return None
            if t.is_punct:
                if k + 1 < limit and ctx.doc[k + 1].lower_ in cd.coordinators:
                    if limit - (k + 1) <= 2 and not verb_final:
                        return None  # `…, und bemerkt dazu`: a main clause, the sentence subject
                    continue  # `…, sondern offen zugegeben habe`: the clause before
                return None
            if t.lower_ in openers and t.lower_ not in cd.coordinators and (k == floor or ctx.doc[k - 1].is_punct):
                np = ctx.np_after(k + 1, limit)
                if np is None or any(ctx.doc[j].lower_ not in cd.not_speaker for j in range(k + 1, np[0])):
                    return None
                if ctx.doc[np[0]].lower_ in cd.determiners and np[1] - np[0] < 2:
                    return None
                return self._resolve(np)
        return None

    def sentence_subject(self, floor: int, limit: int, v2: bool = True) -> Speaker | None:
        """The noun phrase opening a sentence, if it names someone (an entity or a pronoun); in
        German also the one right after the verb when an adverb opens the sentence
        (`Nun näherte der König …`)."""
        ctx, cd = self.ctx, self.ctx.cues_data
        floor = ctx.after_introduction(floor, limit)
        np = ctx.np_after(floor, limit)
        if np is not None and np[0] != floor and not all(ctx.doc[k].is_space for k in range(floor, np[0])):
            np = None
        if np is None and v2 and cd.lang == "de":
            k = floor
            while k < limit and k - floor < 2 and (ctx.doc[k].lower_ in cd.not_speaker or ctx.doc[k].is_stop) \
                    and ctx.doc[k].lower_ not in cd.determiners and not ctx.doc[k].is_punct:
                k += 1
            if k > floor and k < limit and ctx.doc[k].is_alpha and ctx.doc[k].text.islower() \
                    and ctx.doc[k].lower_ not in cd.determiners:
                np = ctx.np_after(k + 1, limit)  # the finite verb, then its subject
                if np is not None and np[0] != k + 1:
                    np = None
        if np is None:
            return None
        speaker = self._resolve(np)
        if speaker is None:
            return None
        low = ctx.doc[np[0]].lower_
        if speaker.key is None and low not in cd.determiners and np[1] - np[0] > 3:
            return None
        return speaker

    def _resolve(self, np: tuple[int, int] | None) -> Speaker | None:
        if np is None:
            return None
        ctx = self.ctx
        s, e = np
        low = ctx.doc[s].lower_
        if e - s == 1 and low in ctx.cues_data.pronouns:
            return self.coref.antecedent(low, ctx.doc[s].idx)
        speaker = ctx.speaker_from_np(np)
        if e - s == 2 and self._demonym(s, speaker):
            # `the Kazakh told reporters`, `der Belgier`: a nationality stands for a person named before
            return self.coref.resolve(Description(ctx.doc[s + 1].lower_, None), speaker)
        if speaker.type == "PERSON" and e - s == 2 and " " not in speaker.text \
                and gazetteer.given_name_gender(speaker.text) is None:
            description = self.coref.describes(s, e)  # `die Jurassierin` the entity rules took for a name
            if description is not None:
                cs, ce = ctx.doc[s].idx, ctx.doc[e - 1].idx + len(ctx.doc[e - 1])
                phrase = Speaker(ctx.text[cs:ce], None, None, cs, ce)
                # `eine Pendlerin`: someone new, unnamed (no key, no speaker page)
                return self.coref.resolve(description, phrase) if description.definite else phrase
        if speaker.key is not None or speaker.type is not None:
            return speaker
        description = self.coref.describes(s, e)
        if description is not None:
            return self.coref.resolve(description, speaker) if description.definite else speaker
        if ctx.lang == "en" and low in ctx.cues_data.determiners and e < len(ctx.doc) and ctx.in_quote(e):
            return None  # `said the extension “buys time”`: the subject of the words said, not who said them
        if self._name_like(speaker.text) and not ctx.entities_in(speaker.start, speaker.end):
            # a name the entity rules missed: a key of its own (not `Sanés Berater`, whose name is
            # the possessor's)
            return dataclasses.replace(speaker, key=slugify(speaker.text))
        return speaker  # a phrase that names no one the text named: no key (no speaker page)

    def _demonym(self, s: int, speaker: Speaker) -> bool:
        """A definite article and a nationality the entity step typed as a group or a place
        (`the Kazakh`, `the American`), not a country named with its article (`the Netherlands`)."""
        doc, cd = self.ctx.doc, self.ctx.cues_data
        if doc[s].lower_ not in cd.determiners or doc[s].lower_ in INDEFINITE_ARTICLES or speaker.type not in ("MISC", "PLACE"):
            return False
        word = doc[s + 1].text
        return word[:1].isupper() and (speaker.type == "MISC" or word not in gazetteer.places(self.ctx.lang))

    def _name_like(self, phrase: str) -> bool:
        """`Maria Delgado`, not `Die Managerin`, `Pendlerin`, `Spanish Commissioner`."""
        cd, words = self.ctx.cues_data, phrase.split()
        nouns = cd.person_nouns | roles_lower(self.ctx.lang)
        return 2 <= len(words) <= 4 and all(w[:1].isupper() and w.lower() not in nouns for w in words) \
            and words[0].lower() not in cd.determiners and words[0].lower() not in cd.pronouns

    def attribute(self, span: QuoteSpan) -> Attribution | None:
        ctx = self.ctx
        self._attributing = (ctx.tok_after(span.start), ctx.tok_after(span.end))
        s_start, s_end = ctx.sentence(span.start)
        nxt = ctx.next_quotation(span.end, s_end)  # the next one in the sentence
        s_end = max(s_end, ctx.sentence(max(span.end - 1, span.start))[1])
        floor, ceiling = ctx.tok_after(s_start), ctx.tok_after(s_end)
        q_first, q_last = ctx.tok_after(span.start), ctx.tok_after(span.end)
        right_stop = ctx.tok_after(nxt.start) if nxt else ceiling
        # 0. whose words they are: `„…“ – der Satz stammt von X`, over a cue before (`wie Y sagte, …`)
        origin = self.origin(span, floor, q_first, q_last)
        if origin is not None:
            return origin
        # 1. attribution right after the quotation: `„…“, sagte X` / `“…,” X said`
        i = q_last
        while i < right_stop and ctx.doc[i].text in (",", "–", "—", "-"):
            i += 1
        immediate = None
        for cue in ctx.cues_in(i, min(right_stop, i + 11)):
            if cue.kind in ("POSTP", "NOUN"):
                continue
            if cue.start == i:
                immediate = Attribution(cue, self.speaker_of(cue, i, ceiling))
            elif all(ctx.doc[k].lower_ in ctx.cues_data.determiners for k in range(i, cue.start)):
                immediate = Attribution(cue, self.speaker_of(cue, i, ceiling))  # `„…“ – das sagte X`
            elif all(ctx.np_word(k) or ctx.name_link(k) for k in range(i, cue.start)) \
                    and ctx.doc[cue.start].lower_ not in self.ctx.cues_data.after_quote_only:
                immediate = Attribution(cue, self._resolve((i, cue.start)))
            break
        if immediate is None and q_last < right_stop:
            immediate = self.inverted_verb(span, q_last, right_stop)
        if immediate is not None and immediate.speaker is None and immediate.cue.start == q_last \
                and immediate.cue.kind == "VERB" and self.ctx.cues_data.lang == "de" \
                and (immediate.cue.end >= len(ctx.doc) or ctx.doc[immediate.cue.end].is_punct):
            # `…, den Speke als „Luta“ bezeichnet.`: the verb ends the clause, its subject opens it
            immediate = Attribution(immediate.cue, self.final_verb_subject(floor, q_first))
        if immediate is not None and immediate.speaker is not None and not self._reporting(immediate.cue):
            return immediate
        # 1b. a byline after a dash: `“…” ― Carla Sanchez`
        k = q_last
        while k < len(ctx.doc) and ctx.doc[k].is_space and "\n" not in ctx.doc[k].text:
            k += 1
        if k < len(ctx.doc) and ctx.doc[k].text in ("―", "—", "–") and k + 1 < len(ctx.doc):
            np = ctx.np_after(k + 1, min(len(ctx.doc), k + 8))
            if np is not None and ctx.names_person(*np):
                end = np[1]
                if end >= len(ctx.doc) or ctx.doc[end].is_punct or "\n" in ctx.doc[end].text:
                    return Attribution(Cue("DASH", k, k + 1, k + 1, ctx.doc[k].text), ctx.speaker_from_np(np))
        # 1c. a byline in parentheses: `„…“ (Heinz Berger)`
        m = BYLINE_PAREN.match(ctx.text, span.end)
        if m is not None:
            name = [e for e in ctx.entities_in(m.start(1), m.end(1))
                    if e.type == "PERSON" and e.start == m.start(1) and e.end == m.end(1)]
            if name:
                k = ctx.tok_at(m.start(1) - 1)
                return Attribution(Cue("PAREN", k, k + 1, k + 1, "("), ctx.canonical(name[0]))
        # 2. a cue before the quotation in its sentence: the nearest with a speaker
        left = [c for c in ctx.cues_in(floor, q_first) if not ctx.in_quote(c.start) and c.kind != "SO"
                and (c.kind != "NOUN" or q_first - c.end <= 6)]
        verbs = [c for c in left if c.kind not in ("PREP", "POSTP")]
        for group in (verbs, left):
            bare = None
            for cue in reversed(group):
                speaker = self.speaker_of(cue, floor, ceiling)
                if speaker is not None:
                    return Attribution(cue, speaker)
                bare = bare or cue
            if bare is not None and group is verbs and not [c for c in left if c not in verbs]:
                return Attribution(bare, None)
        if immediate is not None:
            return immediate  # `“…,” the Times reported`: the reporter, as no one else is named
        # 3. a cue after it in the sentence
        for cue in ctx.cues_in(q_last, ceiling):
            if ctx.in_quote(cue.start) or cue.kind in ("SO", "NOUN"):
                continue
            speaker = self.speaker_of(cue, floor, ceiling)
            if speaker is not None:
                return Attribution(cue, speaker)
        return None

    def origin(self, span: QuoteSpan, floor: int, q_first: int, q_last: int) -> Attribution | None:
        """Whose words the quotation is, said in a clause right after it (`„…“ – der Satz stammt
        von Helmut Schmidt`, `„…“ Das Zitat stammt vom Grafen Tisza.`, `“…” The line comes from
        Lincoln.`) or in the clause introducing it (`Von Goethe stammt der Satz: „…“`, `Der Satz
        stammt von X: „…“`): the verb's subject is the quotation, a pronoun (`das`) or a noun for
        words (`der Satz`), and the speaker follows the link (`von`, `from`). It names the speaker
        over a cue before the quotation, which may be another's (`wie X sagte, „…“, … „…“ — der
        Satz stammt von Y`)."""
        ctx, doc = self.ctx, self.ctx.doc
        spec = ctx.cues_data.origins
        if not spec.get("verbs"):
            return None
        if self._origin_verbs is None:  # found once, looked up by position: linear in the text
            self._origin_verbs = [i for i, text in enumerate(token_texts(doc))
                                  if text.lower() in spec["verbs"] and not ctx.in_quote(i)]
        nxt = ctx.next_quotation(span.end, len(ctx.text))
        par_end = ctx.par_starts[ctx.paragraph(span.start) + 1] if ctx.paragraph(span.start) + 1 < len(ctx.par_starts) \
            else len(ctx.text)
        stop = min(q_last + 12, ctx.tok_after(min(nxt.start if nxt else len(ctx.text), par_end)))
        k = bisect_left(self._origin_verbs, q_last)
        if k < len(self._origin_verbs) and self._origin_verbs[k] < stop:
            v = self._origin_verbs[k]
            b = v - 1  # the subject: the words after the last punctuation mark (a dash, a full stop)
            while b >= q_last and not doc[b].is_punct:
                b -= 1
            if self._words_subject(b + 1, v):
                speaker = self._origin_speaker(v)
                if speaker is not None:
                    return Attribution(Cue("ORIGIN", v, v + 1, v + 1, doc[v].text), speaker)
        k = bisect_left(self._origin_verbs, floor)
        if k < len(self._origin_verbs) and self._origin_verbs[k] < q_first:
            v = self._origin_verbs[k]  # the clause introducing the quotation ends with a colon
            end = q_first - 1
            while end > v and (doc[end].is_space or doc[end].text in (":", "-", "–", "—")):
                end -= 1
            if ":" not in doc[end + 1:q_first].text or any(doc[j].is_punct for j in range(floor, end + 1)):
                return None
            speaker = None
            if doc[floor].lower_ in spec["links"]:  # `Von Goethe stammt der Satz:`
                np = ctx.np_after(floor + 1, v)
                if np is not None and np[1] == v and self._words_subject(v + 1, end + 1):
                    speaker = self._resolve(np)
            elif self._words_subject(floor, v):  # `Der Satz stammt von Goethe:`
                speaker = self._origin_speaker(v, end + 1)
            if speaker is not None:
                return Attribution(Cue("ORIGIN", v, v + 1, v + 1, doc[v].text), speaker)
        return None

    def _words_subject(self, s: int, e: int) -> bool:
        """Tokens ``s``..``e`` are what an origin verb's subject may be: nothing (the quotation
        before is the subject), a pronoun for it (`das`), or a short noun phrase whose head names
        words (`der Satz`, `dieser oft zitierte Satz`, `the line`)."""
        ctx, doc, spec = self.ctx, self.ctx.doc, self.ctx.cues_data.origins
        words = [j for j in range(s, e) if not doc[j].is_space]
        if not words:
            return True
        if any(ctx.in_quote(j) or doc[j].is_punct for j in words) or len(words) > 5:
            return False
        if len(words) == 1:
            return doc[words[0]].lower_ in spec["pronouns"]
        head = doc[words[-1]].lower_
        return head in spec["nouns"] or any(len(n) >= 4 and head.endswith(n) for n in spec["nouns"])

    def _origin_speaker(self, v: int, limit: int | None = None) -> Speaker | None:
        """The speaker after the link of the origin verb at token ``v`` (`stammt auch vom Grafen
        Tisza`: an adverb or two may come between)."""
        ctx, doc, spec = self.ctx, self.ctx.doc, self.ctx.cues_data.origins
        limit = ctx.tok_after(ctx.sentence(doc[v].idx)[1]) if limit is None else limit
        k = v + 1
        while k < limit and k - v <= 3 and (doc[k].is_space or (doc[k].is_alpha and doc[k].text.islower()
                                                              and doc[k].lower_ not in spec["links"])):
            k += 1
        if k >= limit or doc[k].lower_ not in spec["links"]:
            return None
        np = ctx.np_after(k + 1, limit)
        if np is None or any(not doc[j].is_space for j in range(k + 1, np[0])):
            return None
        return self._resolve(np)

    def addressee(self, cue: Cue) -> Speaker | None:
        """The person a speaker speaks to, when the text names one: after `zu` / `to` in the
        clause of the cue (`sagte der Wirt zu seinem Gast`), or the subject of a clause opened
        by `als` / `when` right before the cue (`Als ihn eine Ärztin fragte, sagte er:`)."""
        ctx, cd, doc = self.ctx, self.ctx.cues_data, self.ctx.doc
        if cue.kind not in ("VERB", "SEP", "PHRASE"):
            return None
        for k in range(cue.verb_end, min(len(doc), cue.verb_end + 10)):
            if ctx.in_quote(k) or (doc[k].is_punct and not ctx.in_parens[k]):
                break
            if doc[k].lower_ in cd.addressee_markers:
                np = ctx.np_after(k + 1, min(len(doc), k + 8))
                if np is not None and np[0] == k + 1 and self._person_phrase(np):
                    return self._bare(np)
                break
        s_start, _ = ctx.sentence(doc[cue.start].idx)
        floor = ctx.tok_after(s_start)
        if floor >= cue.start or doc[floor].lower_ not in cd.dialogue_openers:
            return None
        comma = next((j for j in range(cue.start - 1, floor, -1) if doc[j].is_punct), None)
        if comma is None or doc[comma].text != "," or any(not doc[j].is_space for j in range(comma + 1, cue.start)):
            return None  # the cue must open the main clause: `…, sagte er:`
        j = floor + 1
        while j < comma and (doc[j].lower_ in cd.object_pronouns or doc[j].is_space):
            j += 1
        np = ctx.np_after(j, comma)
        if np is None or np[0] != j or not (doc[j].lower_ in cd.determiners or ctx.names_person(*np)):
            return None
        if doc[j].lower_ in cd.non_subject_determiners or doc[j].lower_ in cd.pronouns:
            return None
        return self._resolve(np)

    def replies(self, cue: Cue) -> bool:
        return cue.kind == "VERB" and self.ctx.doc[cue.start].lower_ in self.ctx.cues_data.reply_verbs

    def _person_phrase(self, np: tuple[int, int]) -> bool:
        """A phrase that names a person: a person's name, a role (`Minister`), or a noun after a
        possessive (`seinem Gast`)."""
        ctx, doc = self.ctx, self.ctx.doc
        if ctx.names_person(*np):
            return True
        if doc[np[0]].lower_ in ctx.cues_data.possessives:
            return True
        nouns = roles(ctx.lang)
        return any(doc[k].text in nouns for k in range(*np))

    def _bare(self, np: tuple[int, int]) -> Speaker:
        """The speaker for a phrase in another case than the subject's: its entity, or the
        phrase without its article (`seinem Gast` -> `Gast`)."""
        ctx, doc = self.ctx, self.ctx.doc
        speaker = ctx.speaker_from_np(np)
        s, e = np
        if speaker.key is None and e - s > 1 and doc[s].lower_ in ctx.cues_data.determiners:
            cs = doc[s + 1].idx
            return Speaker(" ".join(ctx.text[cs:speaker.end].split()), None, None, cs, speaker.end)
        return speaker

    def inverted_verb(self, span: QuoteSpan, q_last: int, limit: int) -> Attribution | None:
        """`„…“, grunzte der Pfarrer.`: in German, a verb that follows a quotation and its comma
        with its subject right after it and nothing more in the clause takes the quotation as
        its object; the verb is one of saying even when no cue list has it."""
        ctx, cd, doc = self.ctx, self.ctx.cues_data, self.ctx.doc
        if cd.lang != "de" or (ctx.text[span.end:span.end + 1] != "," and ctx.text[span.end - 2:span.end - 1] != ","):
            return None  # `„…“, grunzte` or `„…,“ grunzte`
        i = q_last
        while i < limit and doc[i].text == ",":
            i += 1
        if i >= limit or not (doc[i].is_alpha and doc[i].text.islower()) or doc[i].is_stop:
            return None
        np = ctx.np_after(i + 1, limit)
        if np is None or np[0] != i + 1:
            return None
        first = doc[np[0]].lower_
        if first in cd.pronouns and "PERSON" not in cd.pronouns[first]:
            return None  # `„…“, heißt es`
        if first not in cd.pronouns and first not in cd.determiners and not ctx.names_person(*np):
            return None
        k = np[1]
        if k < limit and doc[k].lower_ in cd.non_subject_determiners | {"der"}:
            genitive = ctx.np_after(k, limit)  # `schätzt ein Sprecher der Versicherung`
            if genitive is not None and genitive[0] == k:
                k = genitive[1]
        while k < limit and k - np[1] < 3 and doc[k].is_alpha and doc[k].text.islower() and not ctx.in_quote(k):
            k += 1  # `grunzte der Pfarrer wütend`
        if k < len(doc) and not (doc[k].is_punct or ctx.in_quote(k)):
            return None
        speaker = self._resolve(np)
        return Attribution(Cue("VERB", i, i + 1, i + 1, doc[i].text), speaker) if speaker is not None else None

    def final_verb_subject(self, floor: int, q: int) -> Speaker | None:
        """The subject opening the (German, verb-final) clause whose object is the quotation at
        token ``q``: after the comma and a conjunction or relative pronoun that opens the clause
        (`, worauf eine Dame die Verwünschung: „…“ ausrief`); none in the passive (`Die Reform
        wird „Projekt Zukunft“ genannt`), whose subject is what is named."""
        ctx, cd = self.ctx, self.ctx.cues_data
        k = q - 1
        while k >= floor and (ctx.doc[k].is_space or ctx.doc[k].text == ":"):
            k -= 1
        while k >= floor and not (ctx.doc[k].is_punct and not ctx.in_parens[k]):
            if ctx.in_quote(k) or ctx.doc[k].lower_ in cd.passive_auxiliaries:
                return None
            k -= 1
        j = k + 1
        opener = ctx.doc[j].lower_ if j < q else ""
        if opener in cd.clause_openers or opener in cd.relative_openers or (opener.startswith("wo") and len(opener) > 3):
            if opener in cd.relative_openers and (j + 1 >= q or not (ctx.doc[j + 1].text[:1].isupper()
                                                                    or ctx.doc[j + 1].lower_ in cd.determiners)):
                return None  # `…, der „…“ sagte`: the relative pronoun itself is the subject
            j += 1
        elif k >= floor:
            return None
        np = ctx.np_after(j, q)
        if np is None or ctx.doc[np[0]].lower_ in cd.non_subject_determiners:
            return None
        if any(not ctx.doc[m].is_space and ctx.doc[m].lower_ not in cd.not_speaker for m in range(j, np[0])):
            return None
        e = np[1]
        while e > np[0] + 1 and ctx.doc[e - 1].text in ("(", "-", "–"):
            e -= 1
        return self._resolve((np[0], e))

    def quoted_person(self, cue: Cue, limit: int) -> Speaker | None:
        """The object of a verb of quoting, who said the words (`zitiert die „Rheinische Post“ den
        CDU-Politiker`, `the paper quoted the minister as saying`): its subject is the medium. In
        German the object is the phrase after the verb in the accusative, or the second phrase
        after it (the subject comes first after an inverted verb); none when no object is named."""
        ctx, cd = self.ctx, self.ctx.cues_data
        np = ctx.np_after(cue.verb_end, limit)
        if np is None or ctx.doc[np[0]].lower_ in cd.pronouns:
            return None
        if cd.lang == "de" and ctx.doc[np[0]].lower_ not in cd.non_subject_determiners:
            np = ctx.np_after(np[1], limit)
            if np is None or ctx.doc[np[0]].lower_ not in cd.non_subject_determiners | cd.determiners \
                    and not ctx.names_person(*np):
                return None
        return self._resolve(np)

    def _reporting(self, cue: Cue) -> bool:
        """`berichtete`, `reported`: names who reported the words rather than who said them (not
        a verb of quoting, whose object said them)."""
        verbs = self.ctx.cues_data.citations.get("report_verbs") or []
        low = self.ctx.doc[cue.start].lower_
        return cue.kind == "VERB" and low in verbs and low not in self.ctx.cues_data.quoting_verbs

    def after_cue_sentence(self, span: QuoteSpan) -> Attribution | None:
        """A quotation that is a sentence of its own, right after a sentence in which someone
        speaks (`Scholz sagte, er sei zufrieden. „Es war ein guter Tag.“`)."""
        ctx = self.ctx
        s_start, s_end = ctx.sentence(span.start)
        if ctx.text[s_start:span.start].strip() or ctx.text[span.end:s_end].strip(" \t\n.,;:!?)–—"):
            return None
        k = ctx.sentence_index(s_start) - 1
        if k < 0 or ctx.paragraph(ctx.sent_starts[k]) != ctx.paragraph(s_start):
            return None
        floor, ceiling = ctx.tok_after(ctx.sent_starts[k]), ctx.tok_after(s_start)
        for cue in reversed(ctx.cues_in(floor, ceiling)):
            if ctx.in_quote(cue.start) or cue.kind in ("SO", "PREP", "POSTP") or self._reporting(cue):
                continue
            speaker = self.speaker_of(cue, floor, ceiling)
            if speaker is not None:
                return Attribution(cue, speaker)
            break
        return None

    def before_cue_sentence(self, span: QuoteSpan) -> Attribution | None:
        """A quotation that is a sentence of its own, followed by a sentence that opens with the
        attribution (`„…“ Das sagte Scholz am Montag.`, `„…“ Also schloß der Christ.`)."""
        ctx = self.ctx
        s_start, s_end = ctx.sentence(span.start)
        before = ctx.text[s_start:span.start].strip()
        if (before and before[-1] not in ".!?…") or ctx.text[span.end:s_end].strip(" \t\n.,;:!?)–—"):
            return None
        if s_end >= len(ctx.text) or ctx.paragraph(s_end) != ctx.paragraph(s_start):
            return None
        n_start, n_end = ctx.sentence(s_end)
        floor, ceiling = ctx.tok_after(n_start), ctx.tok_after(n_end)
        m = SO_FAR.match(ctx.text, n_start, n_end)
        if m is not None:  # `„…“ Soweit Struve.`: the words end, and whose they were
            np = ctx.np_after(ctx.tok_after(m.end()), ceiling)
            if np is not None and not ctx.text[ctx.doc[np[1] - 1].idx + len(ctx.doc[np[1] - 1]):n_end].strip(" \t\n.;"):
                speaker = self._resolve(np)
                if speaker is not None:
                    return Attribution(Cue("SO", floor, floor + 1, floor + 1, ctx.doc[floor].text), speaker)
        for cue in ctx.cues_in(floor, min(ceiling, floor + 3)):
            if cue.kind not in ("VERB", "SEP") or ctx.in_quote(cue.start) or self._reporting(cue):
                continue
            if any(ctx.doc[k].is_punct for k in range(floor, cue.start)):
                return None
            speaker = self.speaker_of(cue, floor, ceiling)
            return Attribution(cue, speaker) if speaker is not None else None
        return self.relative_speaker(floor, ceiling)

    def relative_speaker(self, floor: int, ceiling: int) -> Attribution | None:
        """`„…“ Die Worte, die Bismarck damals sprach, …`, `„…“ – Der Vorwurf, den hier Stein dem
        Bürgerstande macht, …`: the sentence after a quotation opens with a phrase about it (no
        person) and a relative clause ending with a speech verb, whose subject said the words."""
        ctx, doc, cd = self.ctx, self.ctx.doc, self.ctx.cues_data
        i = floor
        while i < ceiling and (doc[i].is_space or doc[i].text in ("-", "–", "—")):
            i += 1
        comma = next((k for k in range(i, min(ceiling, i + 5)) if doc[k].is_punct), None)
        if comma is None or comma - i < 2 or doc[comma].text != "," or comma + 2 >= ceiling \
                or doc[i].lower_ not in cd.determiners | DEMONSTRATIVES.get(cd.lang, set()) \
                or not doc[comma - 1].text[:1].isupper() or self.coref.describes(i, comma) is not None \
                or ctx.names_person(i, comma) or ctx.in_quote(comma):
            return None
        relative = comma + 1
        if doc[relative].lower_ not in cd.relative_openers or doc[relative].lower_ in INDEFINITE_ARTICLES:
            return None
        end = next((k for k in range(relative + 1, min(ceiling, relative + 14)) if doc[k].is_punct), None)
        if end is None:
            return None
        cue = next((c for c in ctx.cues_in(relative + 1, end) if c.kind in ("VERB", "SEP") and c.end == end), None)
        if cue is None:
            return None  # the relative clause ends with the speech verb
        j = relative + 1
        while j < cue.start and (doc[j].is_space or doc[j].lower_ in cd.not_speaker
                                 or doc[j].lower_ in RELATIVE_ADVERBS.get(cd.lang, set())):
            j += 1
        np = ctx.np_after(j, cue.start)
        if np is None or np[0] != j or doc[j].lower_ in cd.non_subject_determiners:
            return None
        speaker = self._resolve(np)
        return Attribution(cue, speaker) if speaker is not None else None

    def reported_speech(self, span: QuoteSpan) -> Attribution | None:
        """A quotation in a sentence of reported speech (`Die Lage sei „extrem schwierig“.`), or
        a sentence of its own right after one, goes on with the speaker of the sentences before
        it in its paragraph: back over reported speech to an attributed quotation or a cue
        with a speaker (`Scholz sagte, … Es gebe keinen Grund zur Sorge. „…“`)."""
        ctx = self.ctx
        s_start, s_end = ctx.sentence(span.start)
        verb = self._reported(s_start, s_end)
        if verb is None and (ctx.text[s_start:span.start].strip()
                             or ctx.text[span.end:s_end].strip(" \t\n.,;:!?)–—")):
            return None
        if any(not ctx.in_quote(c.start) for c in ctx.cues_in(ctx.tok_after(s_start), ctx.tok_after(s_end))):
            return None  # the sentence has a cue of its own (`die Äußerung, er sei „…“`), whoever it names
        k, par = ctx.sentence_index(s_start), ctx.paragraph(s_start)
        for j in range(k - 1, max(-1, k - 6), -1):
            start, end = ctx.sent_starts[j], ctx.sent_starts[j + 1]
            if ctx.paragraph(start) != par:
                return None
            reported = self._reported(start, end)
            if verb is None:
                if reported is None:
                    return None  # a quotation of its own after a plain sentence: no one named
                verb = reported
            speaker = self.coref.last_speaker_in(start, end)
            if speaker is not None:
                return Attribution(verb, speaker)
            floor, ceiling = ctx.tok_after(start), ctx.tok_after(end)
            for cue in reversed(ctx.cues_in(floor, ceiling)):
                if ctx.in_quote(cue.start) or cue.kind in ("SO", "PREP", "POSTP") or self._reporting(cue):
                    continue
                speaker = self.speaker_of(cue, floor, ceiling)
                return Attribution(verb, speaker) if speaker is not None else None
            if reported is None:
                return None
        return None

    def _reported(self, start: int, end: int) -> Cue | None:
        """The Konjunktiv I verb (outside quotation marks) of a sentence in reported speech."""
        ctx = self.ctx
        if self._reported_verbs is None:  # found once: looking through each sentence again would grow with it
            verbs = ctx.cues_data.reported_speech_verbs
            self._reported_verbs = [i for i, text in enumerate(token_texts(ctx.doc))
                                    if text.lower() in verbs and not ctx.in_quote(i)]  # lower_ is text.lower()
        k = bisect_left(self._reported_verbs, ctx.tok_after(start))
        if k < len(self._reported_verbs) and self._reported_verbs[k] < ctx.tok_after(end):
            i = self._reported_verbs[k]
            return Cue("REPORTED", i, i + 1, i + 1, ctx.doc[i].text)
        return None

    def colon_subject(self, span: QuoteSpan) -> Attribution | None:
        """`General Faidherbe hat folgenden Tagesbefehl erlassen: „…“`: a named subject and a
        colon introduce the quotation."""
        ctx = self.ctx
        s_start, _ = ctx.sentence(span.start)
        if not ctx.text[s_start:span.start].rstrip(" \t\n-–—").endswith(":"):
            return None
        floor, first = ctx.tok_after(s_start), ctx.tok_after(span.start)
        speaker = self.sentence_subject(floor, first)
        if speaker is None:
            return None
        phrase = speaker.text.split()
        if speaker.key is None and phrase[0].lower() not in ctx.cues_data.determiners and len(phrase) < 2:
            return None  # a name, `Herr Schäffle`, `das Rathsbuch`, but not a lone word
        return Attribution(Cue("COLON", first - 1, first, first, ":"), speaker)

    def speaker_line(self, span: QuoteSpan) -> Attribution | None:
        """`Karl. „…“` / `Karl: „…“`: a dialogue or interview line opened by a person's name on
        its own (after a sentence end or at the paragraph start)."""
        ctx = self.ctx
        par_start = ctx.par_starts[ctx.paragraph(span.start)]
        m = SPEAKER_LINE.search(ctx.text, max(par_start, span.start - 80), span.start)
        if m is None or (m.start() > par_start and not m.group(1)):
            return None
        name_start, name_end = m.start(2), m.end(2)
        ents = [x for x in ctx.entities_in(name_start, name_end)
                if x.type == "PERSON" and x.start == name_start and x.end == name_end]
        if not ents:
            return None
        k = ctx.tok_at(name_end)
        return Attribution(Cue("LINE", k, k + 1, k + 1, ctx.text[name_end]), ctx.canonical(ents[0]))

    def partial_quote_subject(self, span: QuoteSpan) -> Speaker | None:
        """The subject opening the sentence of a quotation inside it that no cue attributes
        (`Reid called Trump a “con artist”`, `Die Ministerin nannte den Plan „mutig“`): a
        person or organisation the text names, or a pronoun or description standing for one."""
        ctx = self.ctx
        s_start, _ = ctx.sentence(span.start)
        if not any(ch.isalnum() for ch in ctx.text[s_start:span.start]):
            return None  # a quotation opening its sentence (after marks or invisible characters) is no partial one
        speaker = self.sentence_subject(ctx.tok_after(s_start), ctx.tok_after(span.start), v2=False)
        if speaker is None or speaker.end > span.start:
            return None  # a subject running into the quotation is a phrase cut at its mark, not a speaker
        if speaker.type not in ("PERSON", "ORG"):
            return self._surname(speaker)
        return speaker

    def _surname(self, speaker: Speaker) -> Speaker | None:
        """A German subject of one capitalised word without an article that is no common word
        (`Stölzel hat das Buch „…“ gewidmet`): a surname the entity step missed (a German noun
        opening a sentence has its article: `Die Kritik hat …`)."""
        ctx = self.ctx
        word = speaker.text
        if ctx.lang != "de" or speaker.key is not None or speaker.type is not None or " " in word \
                or not word.isalpha() or not word[:1].isupper() or word.lower() in roles_lower(ctx.lang) \
                or word.lower() in ctx.cues_data.person_nouns or gazetteer.lexicon(ctx.lang).is_common(word):
            return None
        if ctx.entities_in(speaker.start, speaker.end):
            return None  # a place or a work the entity step found
        return dataclasses.replace(speaker, key=slugify(word), type="PERSON")

    def colon_intro(self, span: QuoteSpan) -> Attribution | None:
        """`Caddell continued:` closing the paragraph before a quotation that opens its own."""
        ctx = self.ctx
        par = ctx.paragraph(span.start)
        if par == 0 or ctx.par_starts[par] != span.start:
            return None
        prev_end = ctx.par_starts[par] - 1
        while prev_end > 0 and ctx.text[prev_end].isspace():
            prev_end -= 1
        if ctx.text[prev_end] != ":":
            return None
        s_start, _ = ctx.sentence(prev_end)
        floor, last = ctx.tok_after(s_start), ctx.tok_at(prev_end)
        for cue in reversed(ctx.cues_in(floor, last)):
            speaker = self.speaker_of(cue, floor, last)
            if speaker is not None:
                return Attribution(cue, speaker)
        # `In her closing statement, Morgan appealed to voters:` with no speech verb: the one
        # person the sentence names (outside quotation marks) introduces the quotation
        people = [e for e in ctx.entities_in(s_start, prev_end) if e.type == "PERSON"
                  and not ctx.in_quote(ctx.tok_at(e.start)) and not ctx.possessive(e)]
        if len({e.key for e in people}) == 1:
            return Attribution(Cue("COLON", last, last + 1, last + 1, ":"), ctx.canonical(people[0]))
        return None
