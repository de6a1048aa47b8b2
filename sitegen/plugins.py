"""Plugins: code outside sitegen that adds readers, Markdown extensions, spaCy components, Jinja
filters and globals, steps after annotation, facets (page kinds), entity types and language
profiles.

A plugin is a callable ``register(plugins: Plugins) -> None`` (or an object or module with such a
``register``). It is found two ways:

- installed: an entry point in the group ``sitegen.plugins`` (``pyproject.toml``:
  ``[project.entry-points."sitegen.plugins"] authors = "sitegen_authors:register"``); every
  installed one is loaded;
- named in ``sitegen.toml``: ``plugins = ["my_module:register"]`` (an importable module and the
  object in it; ``"my_module"`` alone means its ``register``).

``register`` calls the ``add_*`` methods of the ``Plugins`` object it is given; the object holds
what was added and is passed through the build (``Config.extensions``): there is no global
registry. A plugin that cannot be imported, or whose ``register``, reader, filter or step raises,
stops the build with one line naming the plugin.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import inspect
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from .entity_types import EntityType, EntityTypes, default_entity_types
from .errors import SitegenError
from .facets import Facet
from .languages import LanguageProfile, Languages, default_languages

GROUP = "sitegen.plugins"
log = logging.getLogger("sitegen")


@dataclass(frozen=True)
class SpacyComponent:
    """A spaCy component (a registered factory name) a plugin adds to a language's pipeline,
    after sitegen's own components unless ``before``/``after`` name one."""

    factory: str
    plugin: str
    languages: tuple[str, ...] | None = None  # None: every language
    config: tuple[tuple[str, Any], ...] = ()
    name: str | None = None
    before: str | None = None
    after: str | None = None

    def applies_to(self, lang: str) -> bool:
        return self.languages is None or lang in self.languages


class PluginError(SitegenError):
    """One line naming the plugin and what went wrong."""


@dataclass
class Plugins:
    """What the loaded plugins add; empty when there are none (``Plugins()``)."""

    names: list[str] = field(default_factory=list)
    readers: dict[str, Callable] = field(default_factory=dict)
    markdown_extensions: list = field(default_factory=list)
    spacy_components: list[SpacyComponent] = field(default_factory=list)
    filters: dict[str, Callable] = field(default_factory=dict)
    globals: dict[str, Any] = field(default_factory=dict)
    after_annotation: list[Callable] = field(default_factory=list)
    facets: list[Facet] = field(default_factory=list)
    entity_types: EntityTypes = field(default_factory=default_entity_types)
    languages: Languages = field(default_factory=default_languages)
    template_folders: list[Path] = field(default_factory=list)
    _sources: list[str] = field(default_factory=list, repr=False)
    _current: str = field(default="", repr=False)

    # ------------------------------------------------------------------ what a plugin calls

    def add_reader(self, suffix: str, reader: Callable) -> None:
        """Files ending in ``suffix`` (``.rst``) are articles, read by ``reader(path, config, plain_text)``
        returning a ``model.Article`` (``plain_text`` turns Markdown into the body's text)."""
        suffix = suffix.lower() if suffix.startswith(".") else "." + suffix.lower()
        self.readers[suffix] = self._guarded(reader, "reader")

    def add_markdown_extension(self, extension: Any) -> None:
        """A Python-Markdown extension (an instance or its import name), used for the text the
        annotation reads and for the rendered body alike, so offsets stay the same."""
        self.markdown_extensions.append(extension)

    def add_spacy_component(self, factory: str, *, languages: list[str] | None = None, config: dict | None = None,
                            name: str | None = None, before: str | None = None, after: str | None = None) -> None:
        """A registered spaCy factory (``@Language.component``/``@Language.factory``) added to the
        pipeline of ``languages`` (None: all). It is part of the annotation cache's key."""
        self.spacy_components.append(SpacyComponent(
            factory, self._current, tuple(languages) if languages is not None else None,
            tuple(sorted((config or {}).items())), name, before, after))

    def add_filter(self, name: str, function: Callable) -> None:
        self.filters[name] = self._guarded(function, f"filter {name!r}")

    def add_global(self, name: str, value: Any) -> None:
        self.globals[name] = self._guarded(value, f"global {name!r}") if callable(value) else value

    def add_after_annotation(self, step: Callable) -> None:
        """``step(item: AnnotatedArticle) -> None``, run on every article after annotation (from
        the cache or not), before the index is built; it may change ``item.annotations``."""
        self.after_annotation.append(self._guarded(step, "after-annotation step"))

    def add_facet(self, facet: Facet) -> None:
        """A row of the facet table (``facets.Facet``): its pages, feed and sitemap entries."""
        self.facets.append(facet)

    def add_entity_type(self, entity_type: EntityType) -> None:
        self.entity_types.add(entity_type)

    def add_language(self, profile: LanguageProfile) -> None:
        self.languages.add(profile)

    def add_templates(self, folder: Path | str) -> None:
        """A template folder, searched after the site's own and before the bundled one."""
        folder = Path(folder)
        if not folder.is_dir():
            raise PluginError(f"plugin {self._current!r}: template folder {folder} not found")
        self.template_folders.append(folder)

    # ------------------------------------------------------------------ what sitegen reads

    def fingerprint(self) -> str:
        """Names, versions and code of the plugins: a key part of the caches whose results they change."""
        digest = hashlib.sha256("\0".join(self._sources).encode())
        digest.update(repr(self.spacy_components).encode())
        digest.update(repr([_extension_name(e) for e in self.markdown_extensions]).encode())
        digest.update(repr(self.entity_types.labels).encode())
        return digest.hexdigest()[:16]

    def markdown_fingerprint(self) -> str:
        """Empty without Markdown extensions (the cache keys stay those of a site without plugins)."""
        return self.fingerprint() if self.markdown_extensions else ""

    def annotation_fingerprint(self) -> str:
        return self.fingerprint() if self.spacy_components or len(self.entity_types.types) > 4 else ""

    def _guarded(self, function: Callable, what: str) -> Callable:
        plugin = self._current

        @functools.wraps(function)
        def call(*args, **kwargs):
            try:
                return function(*args, **kwargs)
            except SitegenError:
                raise
            except Exception as exc:  # noqa: BLE001 - any failure of plugin code: one line naming it
                path = args[0] if args and isinstance(args[0], Path) else None  # a reader's file
                raise PluginError(f"plugin {plugin!r}: {what} failed: {type(exc).__name__}: {exc}", path) from None

        return call


def _extension_name(extension: Any) -> str:
    return extension if isinstance(extension, str) else f"{type(extension).__module__}.{type(extension).__qualname__}"


def load_plugins(named: list[str], config_path: Path | None = None) -> Plugins:
    """Every installed plugin (entry point group ``sitegen.plugins``) and those ``named`` in the
    config (``module:object``), registered into a new ``Plugins``."""
    plugins = Plugins()
    found: list[tuple[str, Callable[[], Any], str]] = []
    installed = {ep.name: ep for ep in metadata.entry_points(group=GROUP)}
    for name, ep in sorted(installed.items()):
        version = ep.dist.version if ep.dist is not None else ""
        found.append((name, ep.load, f"{ep.value} {version}"))
    for spec in named:
        if spec in installed:
            continue  # an installed plugin named again: loaded once
        found.append((spec, functools.partial(_import, spec), spec))
    for name, load, source in found:
        try:
            target = load()
        except SitegenError:
            raise
        except Exception as exc:  # noqa: BLE001 - ImportError, SyntaxError, whatever the module raises
            raise PluginError(f"plugin {name!r} could not be loaded: {type(exc).__name__}: {exc}", config_path) from None
        register = target if inspect.isfunction(target) or not hasattr(target, "register") else target.register
        if not callable(register):
            raise PluginError(f"plugin {name!r}: {source} is not a register(plugins) function", config_path)
        plugins._current = name
        plugins._sources.append(f"{name}={source} {_code_digest(register)}")
        try:
            register(plugins)
        except SitegenError as exc:
            raise PluginError(f"plugin {name!r}: {exc.message if hasattr(exc, 'message') else exc}", config_path) from None
        except Exception as exc:  # noqa: BLE001
            raise PluginError(f"plugin {name!r} failed to register: {type(exc).__name__}: {exc}", config_path) from None
        plugins.names.append(name)
    plugins._current = ""
    if plugins.names:
        log.info("plugins: %s", ", ".join(plugins.names))
    return plugins


def _import(spec: str) -> Any:
    module_name, _, attribute = spec.partition(":")
    module = importlib.import_module(module_name)
    target: Any = module
    for part in (attribute or "register").split("."):
        target = getattr(target, part)
    return target


def _code_digest(register: Callable) -> str:
    """A hash of the source file of the plugin's module, so an edited plugin renews the caches."""
    try:
        path = inspect.getsourcefile(register)
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12] if path else ""
    except (TypeError, OSError):
        return ""
