"""Site configuration: ``sitegen.toml`` at the site root, every key with a default."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from .errors import SitegenError

if TYPE_CHECKING:
    from .plugins import Plugins

CONFIG_NAME = "sitegen.toml"

# Per language, an installed spaCy pipeline to use (with the rules) instead of sitegen's own
# recogniser; none by default. ``annotator = "rules"`` sets every language to "rules".
DEFAULT_MODELS: dict[str, str] = {}
ANNOTATORS = ("trained", "rules")


@dataclass
class Config:
    """Every setting of a site. Paths are relative to ``root`` (the config file's folder)."""

    root: Path = field(default_factory=Path.cwd)
    title: str = "sitegen"
    description: str = "Annotated news articles"
    base_url: str = "/"
    language: str = "en"
    languages: list[str] = field(default_factory=lambda: ["de", "en"])
    content_dir: str = "seeds"
    output_dir: str = "site"
    templates_dir: str = "templates"
    registry: str = "entities.yml"
    cache_dir: str = ".sitegen-cache"
    models: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_MODELS))
    annotator: str = "trained"  # "rules": the rule pipeline only, for speed
    allow_html: bool = False
    per_page: int = 20
    drafts: bool = False
    dask_scheduler: str = ""  # e.g. "tcp://host:8786": annotate on that Dask cluster ("": local processes)
    site_size_limit: int = 1_000_000_000  # bytes; a build over it warns (GitHub Pages publishes sites up to 1 GB)
    search_shard_size: int = 2000  # article pages per search bundle: Pagefind indexes one bundle at a time
    plugins: list[str] = field(default_factory=list)  # "module:register" besides the installed ones (plugins.py)
    config_file: Path | None = field(default=None, repr=False, compare=False)
    _extensions: Plugins | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def extensions(self) -> Plugins:
        """What the plugins add (``plugins.Plugins``), loaded at the first use, once per Config."""
        if self._extensions is None:
            from .plugins import load_plugins

            self._extensions = load_plugins(self.plugins, self.config_file)
        return self._extensions

    @property
    def content_path(self) -> Path:
        return self.root / self.content_dir

    @property
    def output_path(self) -> Path:
        return self.root / self.output_dir

    @property
    def templates_path(self) -> Path:
        return self.root / self.templates_dir

    @property
    def registry_path(self) -> Path:
        return self.root / self.registry

    @property
    def cache_path(self) -> Path:
        return self.root / self.cache_dir

    @property
    def base_path(self) -> str:
        """The URL path the site lives under, always with leading and trailing slash."""
        path = urlsplit(self.base_url).path or "/"
        return "/" + path.strip("/") + "/" if path.strip("/") else "/"

    @property
    def absolute_base(self) -> str | None:
        """``https://host/sub/`` when the base URL names a host, else None."""
        parts = urlsplit(self.base_url)
        if parts.scheme and parts.netloc:
            return f"{parts.scheme}://{parts.netloc}{self.base_path}"
        return None


_SETTABLE = {f.name: f for f in fields(Config) if f.name not in ("root", "config_file", "_extensions")}


def load_config(path: Path | None = None, root: Path | None = None) -> Config:
    """Read ``path`` (or ``root/sitegen.toml`` when it exists); unknown keys are errors."""
    if path is None:
        root = (root or Path.cwd()).resolve()
        candidate = root / CONFIG_NAME
        if not candidate.exists():
            return Config(root=root)
        path = candidate
    path = Path(path).resolve()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SitegenError("config file not found", path) from None
    except UnicodeDecodeError as exc:
        raise SitegenError(f"not valid UTF-8 ({exc.reason})", path) from None
    except RecursionError:
        raise SitegenError("invalid TOML: nested too deeply", path) from None
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        raise SitegenError(f"invalid TOML: {exc.msg if hasattr(exc, 'msg') else exc}", path, line) from None
    return config_from_dict(raw, path)


def config_from_dict(raw: dict, path: Path) -> Config:
    config = Config(root=path.parent, config_file=path)
    for key, value in raw.items():
        if key not in _SETTABLE:
            known = ", ".join(sorted(_SETTABLE))
            raise SitegenError(f"unknown config key {key!r} (known keys: {known})", path, _line_of(path, key))
        expected = type(getattr(config, key))
        if expected is int and isinstance(value, bool) or not isinstance(value, expected):
            raise SitegenError(
                f"config key {key!r} must be {expected.__name__}, not {type(value).__name__}",
                path,
                _line_of(path, key),
            )
        setattr(config, key, value)
    if config.annotator not in ANNOTATORS:
        raise SitegenError(f"config key 'annotator' must be one of {', '.join(map(repr, ANNOTATORS))}, "
                           f"not {config.annotator!r}", path, _line_of(path, "annotator"))
    if config.annotator == "rules":
        config.models = {lang: "rules" for lang in {*config.languages, *config.models}}
    if config.per_page < 1:
        raise SitegenError("config key 'per_page' must be at least 1", path, _line_of(path, "per_page"))
    _check_languages(config, path)
    if not all(isinstance(name, str) and name.strip() for name in config.plugins):
        raise SitegenError("config key 'plugins' must list plugins as 'module:object' strings", path, _line_of(path, "plugins"))
    if config.output_path.resolve().is_relative_to(config.content_path.resolve()):
        raise SitegenError(f"config key 'output_dir' ({config.output_dir!r}) is inside the content folder "
                           f"({config.content_dir!r}), whose files the build reads as articles",
                           path, _line_of(path, "output_dir"))
    if config.site_size_limit < 1:
        raise SitegenError("config key 'site_size_limit' must be at least 1 (bytes)", path, _line_of(path, "site_size_limit"))
    if config.search_shard_size < 1:
        raise SitegenError("config key 'search_shard_size' must be at least 1", path, _line_of(path, "search_shard_size"))
    return config


def _known_language(code: object) -> bool:
    """A language code Babel has data for (its dates and plural rules render the pages)."""
    from .languages import known_language

    return isinstance(code, str) and known_language(code)


def _check_languages(config: Config, path: Path) -> None:
    def fail(key: str, message: str) -> SitegenError:
        return SitegenError(f"config key {key!r} {message}", path, _line_of(path, key))

    if not config.languages:
        raise fail("languages", "must name at least one language, e.g. ['de', 'en']")
    for code in config.languages:
        if not _known_language(code):
            raise fail("languages", f"names {code!r}, not a language code such as de or en")
    if not _known_language(config.language):
        raise fail("language", f"is {config.language!r}, not a language code such as de or en")
    for lang, model in config.models.items():
        if not isinstance(model, str) or not model.strip():
            raise fail("models", f"must map each language to the name of a spaCy pipeline package, not {lang} = {model!r}")


def _line_of(path: Path, key: str) -> int | None:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip().startswith(key) and "=" in line:
            return number
    return None
