"""Speech cues: the cue words of each language (``data/cues_*.yml``) as ``CueData``, the spaCy
``PhraseMatcher`` built from them, and ``find_cues``, which turns its matches into ``Cue``s."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:  # spaCy is imported where it is used: a build whose annotations all come from the cache never loads it
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc

DATA = Path(__file__).resolve().parent.parent / "data"


@dataclass
class CueData:
    lang: str
    speech_verbs: dict[str, list[str]]
    separable_verbs: dict[str, dict]
    phrases: list[list[str]]
    speech_nouns: list[str]
    after_quote_only: set[str]
    prepositions: list[list[str]]
    postpositions: list[list[str]]
    speaker_before: set[str]
    pronouns: dict[str, tuple[str, ...]]
    determiners: set[str]
    non_subject_determiners: set[str]
    clause_openers: set[str]
    coordinators: set[str]
    interrogatives: set[str]
    relative_openers: set[str]
    abbreviations: set[str]
    clause_breaks: set[str]
    name_links: set[str]
    not_speaker: set[str]
    title_nouns: tuple[str, ...]
    title_words: set[str]
    title_context: set[str]
    mention_markers: set[str]
    naming_verbs: set[str] = field(default_factory=set)
    inscription_nouns: set[str] = field(default_factory=set)  # `Schilder, auf denen „…“ stand`
    inscription_verbs: set[str] = field(default_factory=set)
    self_naming_verbs: set[str] = field(default_factory=set)
    self_naming_pronouns: set[str] = field(default_factory=set)
    addressee_markers: set[str] = field(default_factory=set)
    reply_verbs: set[str] = field(default_factory=set)  # forms of the verbs named in the data
    auxiliaries: set[str] = field(default_factory=set)
    pronoun_gender: dict[str, str] = field(default_factory=dict)
    reported_speech_verbs: set[str] = field(default_factory=set)
    passive_auxiliaries: set[str] = field(default_factory=set)
    dialogue_openers: set[str] = field(default_factory=set)
    object_pronouns: set[str] = field(default_factory=set)
    possessives: set[str] = field(default_factory=set)
    citations: dict = field(default_factory=dict)
    person_nouns: set[str] = field(default_factory=set)  # heads of descriptions of people (lowercase)
    person_noun_gender: dict[str, str] = field(default_factory=dict)
    not_person_nouns: set[str] = field(default_factory=set)
    name_particles: set[str] = field(default_factory=set)  # `von`, `van der`, `de`: inside a surname (people.yml)
    quoting_verbs: set[str] = field(default_factory=set)  # `zitiert X Y`: Y is the speaker, X the medium
    introductions: set[str] = field(default_factory=set)  # `In July, X …`: an opening phrase before the subject
    origins: dict = field(default_factory=dict)  # `der Satz stammt von X`: verbs, links, pronouns, nouns
    speech_goals: dict = field(default_factory=dict)  # `bewog den Zaren zu der Äußerung`: links, objects, …
    continuations: set[str] = field(default_factory=set)  # `Und weiter: „…“`: the words before go on
    impersonal: dict = field(default_factory=dict)  # `In der „Zeit“ heißt es:`: phrases, locations

    @cached_property
    def citation_words(self) -> CitationWords:
        """The ``citations`` data as the sets the citation rules look words up in, made once."""
        return CitationWords.of(self)


@dataclass(frozen=True)
class CitationWords:
    """The word lists of ``citations:`` in ``data/cues_*.yml``, lower-cased (see sources.py and
    the speaker rule for a medium spoken to)."""

    nouns: dict[str, str]  # source nouns and their kind: `die Zeitung` -> newspaper
    genders: dict[str, str]  # head nouns of media names and their gender
    medium_only: set[str]
    addressee_verbs: set[str]
    interview_markers: set[str]
    interview_forms: set[str]  # the forms of the speech verbs whose dative is the one spoken to
    report_openers: set[str]
    report_relative_preps: set[str]
    report_participles: set[str]
    genitive_roles: tuple[str, ...]
    institution_nouns: set[str]  # English
    institution_nouns_de: dict[str, str]  # German, noun -> gender
    institution_standalone: set[str]
    programme_links: set[str]
    report_nouns: set[str]
    report_followers: set[str]
    report_links: set[str]
    finding_verbs: set[str]  # `data from the ONS showed`: the source is the report noun's
    medium_report_verbs: set[str]  # `the BBC understands`: a report only when a news medium says it
    medium_links: set[str]  # report-noun links whose source must be a news medium: `a report in the Guardian`

    @classmethod
    def of(cls, cd: CueData) -> CitationWords:
        spec = cd.citations

        def words(key: str) -> set[str]:
            return {str(w).lower() for w in spec.get(key) or []}

        nouns = spec.get("institution_nouns") or []
        return cls(
            nouns={k.lower(): v for k, v in (spec.get("source_nouns") or {}).items()},
            genders={k.lower(): v for k, v in (spec.get("medium_genders") or {}).items()},
            medium_only={" ".join(map(str, p)).lower() for p in spec.get("medium_only") or []},
            addressee_verbs=words("addressee_verbs"),
            interview_markers=words("interview_markers"),
            interview_forms={f.lower() for lemma in spec.get("interview_verbs") or []
                             for f in [*cd.speech_verbs.get(lemma, []),
                                       *(cd.separable_verbs.get(lemma) or {}).get("forms", [])]},
            report_openers=words("report_openers"),
            report_relative_preps=words("report_relative_preps"),
            report_participles=words("report_participles"),
            genitive_roles=tuple(sorted(words("genitive_roles"))) or ("\0",),
            institution_nouns={str(w).lower() for w in nouns} if isinstance(nouns, list) else set(),
            institution_nouns_de={str(k).lower(): str(v) for k, v in nouns.items()} if isinstance(nouns, dict) else {},
            institution_standalone=words("institution_standalone"),
            programme_links=words("programme_links"),
            report_nouns=words("report_nouns"),
            report_followers=words("report_followers"),
            report_links=words("report_links"),
            finding_verbs=words("finding_verbs"),
            medium_report_verbs=words("medium_report_verbs"),
            medium_links=words("medium_links"),
        )


def cue_language(lang: str) -> str:
    """The language whose cues a document in ``lang`` is read with."""
    return lang if lang in ("de", "en") else "en"


@cache
def load_cues(lang: str) -> CueData:
    path = DATA / f"cues_{lang}.yml"
    if not path.exists():
        path = DATA / "cues_en.yml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return CueData(
        lang=lang,
        speech_verbs=raw.get("speech_verbs") or {},
        separable_verbs=raw.get("separable_verbs") or {},
        phrases=raw.get("phrases") or [],
        speech_nouns=[w.lower() for w in raw.get("speech_nouns") or []],
        after_quote_only={w.lower() for w in raw.get("after_quote_only") or []},
        prepositions=raw.get("prepositions") or [],
        postpositions=raw.get("postpositions") or [],
        speaker_before={w.lower() for w in raw.get("speaker_before") or []},
        pronouns={k.lower(): tuple(v) for k, v in (raw.get("pronouns") or {}).items()},
        determiners={w.lower() for w in raw.get("determiners") or []},
        non_subject_determiners={w.lower() for w in raw.get("non_subject_determiners") or []},
        interrogatives={w.lower() for w in raw.get("interrogatives") or []},
        coordinators={w.lower() for w in raw.get("coordinators") or []},
        clause_openers={w.lower() for w in raw.get("clause_openers") or []},
        clause_breaks={w.lower() for w in raw.get("clause_breaks") or []},
        abbreviations={w.lower() for w in raw.get("abbreviations") or []},
        relative_openers={w.lower() for w in raw.get("relative_openers") or []},
        name_links={w.lower() for w in raw.get("name_links") or []},
        not_speaker={w.lower() for w in raw.get("not_speaker") or []},
        title_words={w.lower() for w in raw.get("title_words") or []},
        title_context={w.lower() for w in raw.get("title_context") or []},
        title_nouns=tuple(w.lower() for w in raw.get("title_nouns") or []),
        mention_markers={w.lower() for w in raw.get("mention_markers") or []},
        naming_verbs={w.lower() for w in raw.get("naming_verbs") or []},
        inscription_nouns={w.lower() for w in (raw.get("inscriptions") or {}).get("nouns") or []},
        inscription_verbs={w.lower() for w in (raw.get("inscriptions") or {}).get("verbs") or []},
        self_naming_verbs={w.lower() for w in (raw.get("self_naming") or {}).get("verbs") or []},
        self_naming_pronouns={w.lower() for w in (raw.get("self_naming") or {}).get("pronouns") or []},
        addressee_markers={w.lower() for w in raw.get("addressee_markers") or []},
        auxiliaries={w.lower() for w in raw.get("auxiliaries") or []},
        pronoun_gender={str(k).lower(): str(v) for k, v in (raw.get("pronoun_gender") or {}).items()},
        reported_speech_verbs={w.lower() for w in raw.get("reported_speech_verbs") or []},
        passive_auxiliaries={w.lower() for w in raw.get("passive_auxiliaries") or []},
        reply_verbs={f.lower() for v in raw.get("reply_verbs") or [] for f in (raw.get("speech_verbs") or {}).get(v, [])},
        dialogue_openers={w.lower() for w in raw.get("dialogue_openers") or []},
        object_pronouns={w.lower() for w in raw.get("object_pronouns") or []},
        possessives={w.lower() for w in raw.get("possessives") or []},
        citations=raw.get("citations") or {},
        person_nouns={w.lower() for w in raw.get("person_nouns") or []},
        person_noun_gender={str(k).lower(): str(v) for k, v in (raw.get("person_noun_gender") or {}).items()},
        not_person_nouns={w.lower() for w in raw.get("not_person_nouns") or []},
        name_particles=_name_particles(lang),
        quoting_verbs={w.lower() for w in raw.get("quoting_verbs") or []},
        introductions={w.lower() for w in raw.get("introductions") or []},
        origins={k: {str(w).lower() for w in v or []} for k, v in (raw.get("origins") or {}).items()},
        speech_goals={k: {str(w).lower() for w in v or []} for k, v in (raw.get("speech_goals") or {}).items()},
        continuations={w.lower() for w in raw.get("continuations") or []},
        impersonal={"phrases": {" ".join(map(str, p)).lower() for p in (raw.get("impersonal") or {}).get("phrases") or []},
                    "locations": {str(w).lower() for w in (raw.get("impersonal") or {}).get("locations") or []}},
    )


def _name_particles(lang: str) -> set[str]:
    """The name particles of the entity rules (``people.yml``), lower-cased: one list for both."""
    from ..gazetteer import curated

    people = curated("people.yml")
    return {w.lower() for w in people.get(lang, people["en"])["particles"]}


def phrase_patterns(vocab, phrases: list[list[str]]) -> list[Doc]:
    """Docs for a ``PhraseMatcher`` on ``LOWER``, one per phrase and per choice of its optional
    words (a word ending in `?`): `["ist?", der, ansicht]` gives `ist der ansicht`, `der ansicht`."""
    from spacy.tokens import Doc

    out = []
    for phrase in phrases:
        variants: list[list[str]] = [[]]
        for w in map(str, phrase):
            if w.endswith("?") and len(w) > 1:
                variants = [v + [w[:-1].lower()] for v in variants] + variants
            else:
                variants = [v + [w.lower()] for v in variants]
        out += [Doc(vocab, words=v) for v in variants if v]
    return out


_MATCHERS: dict[tuple[int, str], tuple[object, PhraseMatcher, dict]] = {}


CITATION_LABELS = frozenset({"BEFORE", "AFTER", "STATEMENT", "REPORT", "FINDING"})  # the phrases ``sources`` looks at


def cue_matchers(vocab, cues: CueData) -> tuple[PhraseMatcher, dict[str, str]]:
    """A spaCy ``PhraseMatcher`` for the speech cues of one language (verb forms, nouns, `so`,
    phrases such as `ist der Ansicht`, `according to`) and for the citation phrases ``sources``
    looks at (``CITATION_LABELS``: `laut`, `berichtete`, `in einer Erklärung`), built once per
    vocab: one pass over a document finds both. And the particle each separable verb form
    needs (`fügte` … `hinzu`), which ``find_cues`` looks for later in the clause."""
    key = (id(vocab), cues.lang)
    if key in _MATCHERS and _MATCHERS[key][0] is vocab:
        return _MATCHERS[key][1:]
    from spacy.matcher import PhraseMatcher

    words = PhraseMatcher(vocab, attr="LOWER")
    words.add("VERB", phrase_patterns(vocab, [[f] for fs in cues.speech_verbs.values() for f in fs]))
    separable: dict[str, str] = {}
    for _name, spec in cues.separable_verbs.items():
        for form in spec["forms"]:
            particles = separable.get(form.lower())  # `wirft … vor`, `wirft … auf`
            particle = str(spec["particle"]).lower()
            separable[form.lower()] = f"{particles} {particle}" if particles else particle
    words.add("SEP", phrase_patterns(vocab, [[f] for f in separable]))
    for label, phrases in (("NOUN", [[w] for w in cues.speech_nouns]), ("SO", [[w] for w in cues.after_quote_only]),
                           ("PHRASE", cues.phrases), ("PREP", cues.prepositions), ("POSTP", cues.postpositions)):
        if phrases:
            words.add(label, phrase_patterns(vocab, phrases))
    spec = cues.citations
    for label, name in (("BEFORE", "before_source"), ("AFTER", "after_source"), ("STATEMENT", "statements")):
        if spec.get(name):
            words.add(label, phrase_patterns(vocab, spec[name]))
    if spec.get("report_verbs") or spec.get("medium_report_verbs"):
        verbs = [*(spec.get("report_verbs") or []), *(spec.get("medium_report_verbs") or [])]
        words.add("REPORT", phrase_patterns(vocab, [[w] for w in verbs]))
    if spec.get("finding_verbs"):
        words.add("FINDING", phrase_patterns(vocab, [[w] for w in spec["finding_verbs"]]))
    _MATCHERS[key] = (vocab, words, separable)
    return words, separable


@dataclass(frozen=True)
class Cue:
    """A speech cue in the doc: tokens ``start``..``end``; the verb itself ends at ``verb_end``."""

    kind: str  # VERB, SEP, PHRASE, NOUN, SO, PREP, POSTP (and DASH, COLON from the attributor)
    start: int
    end: int
    verb_end: int
    text: str


def phrase_matches(doc, cues: CueData) -> list[tuple[str, int, int]]:
    """``(label, start token, end token)`` of every speech cue and citation phrase in ``doc``."""
    words, _ = cue_matchers(doc.vocab, cues)
    strings = doc.vocab.strings
    return [(strings[m], s, e) for m, s, e in words(doc)]


def find_cues(doc, cues: CueData, matches: list[tuple[str, int, int]]) -> list[Cue]:
    """The speech cues in ``doc`` among its ``phrase_matches`` that are no citation phrases."""
    _, separable = cue_matchers(doc.vocab, cues)
    matches = sorted(matches, key=lambda m: (m[1], -(m[2] - m[1]), m[0] != "SEP"))  # `rief … aus` before `rief`
    found: list[Cue] = []
    taken_until = -1
    for kind, s, e in matches:
        if s < taken_until:
            continue
        token = doc[s]
        before = doc[s - 1] if s > 0 else None
        if before is not None and before.text == "-" and before.idx + 1 == token.idx:
            continue  # part of a compound: `so-called`
        if cues.lang == "de" and kind == "VERB" and before is not None and token.text[:1].isupper() \
                and not token.is_sent_start and before.is_alpha:
            continue  # a noun inside a sentence: `neue Fragen`, `mit Berichten`
        if kind == "SEP":
            # the particle later in the clause (`fügte er hinzu`, `teilte das Unternehmen mit`)
            particles = separable[token.lower_].split()
            end = None
            for k in range(s + 1, min(len(doc), s + 8)):
                later = doc[k]
                if later.is_punct:
                    break
                if later.lower_ in particles:
                    end = k + 1
                    break
            if end is None:
                continue
            text = f"{token.text} … {doc[end - 1].text}" if end - s > 2 else doc[s:end].text
            found.append(Cue(kind, s, end, s + 1, text))
        else:
            found.append(Cue(kind, s, e, e, token.text if e == s + 1 else doc[s:e].text))
        taken_until = e
    return found
