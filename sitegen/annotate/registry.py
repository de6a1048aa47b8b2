"""The curated entity registry (``entities.yml`` at the site root).

The registry wins over the model: its names, aliases and types decide the canonical entity,
and its ``ignore`` entries drop false positives. The file is a YAML list; each item is either
an entity or an ignore entry::

    - name: Joe Biden
      type: PERSON                 # PERSON, ORG, PLACE or MISC
      aliases: [Biden, Joseph Biden]
      description: 46th President of the United States
      link: https://www.wikidata.org/wiki/Q6279
      key: joe-biden               # optional; default: slug of the name
    - ignore: [Sonntag, Die]       # a string or a list of strings

A mapping with ``entities:`` and ``ignore:`` lists is accepted as well.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import SitegenError
from ..files import read_utf8
from ..model import ENTITY_TYPES
from .canonical import slugify

_ENTRY_KEYS = {"name", "type", "aliases", "description", "link", "key"}


@dataclass(frozen=True)
class RegistryEntry:
    key: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    description: str | None = None
    link: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass
class Registry:
    """Curated entities; an empty registry (``Registry()``) changes nothing."""

    entries: list[RegistryEntry] = field(default_factory=list)
    ignore: frozenset[str] = frozenset()
    path: Path | None = None
    source_text: str = ""

    def __post_init__(self) -> None:
        self._by_key = {entry.key: entry for entry in self.entries}
        self._by_name: dict[str, RegistryEntry] = {}
        for entry in self.entries:
            for name in entry.names:
                self._by_name.setdefault(name.casefold(), entry)
        self._ignore_folded = frozenset(text.casefold() for text in self.ignore)

    @classmethod
    def load(cls, path: Path | str, types: tuple[str, ...] = ENTITY_TYPES) -> Registry:
        """``types``: the entity types an entry may have (``entity_types.EntityTypes.labels``)."""
        path = Path(path)
        if not path.exists():
            return cls(path=None)
        return cls.from_yaml(read_utf8(path), path, types)

    @classmethod
    def from_yaml(cls, text: str, path: Path | str | None = None, types: tuple[str, ...] = ENTITY_TYPES) -> Registry:
        try:
            root = yaml.compose(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark is not None else None
            problem = getattr(exc, "problem", None) or getattr(exc, "context", None) or "invalid YAML"
            raise SitegenError(f"entity registry is not valid YAML: {problem}", path, line) from exc
        entries: list[RegistryEntry] = []
        ignore: set[str] = set()
        if root is None:
            items: list[yaml.Node] = []
        elif isinstance(root, yaml.SequenceNode):
            items = list(root.value)
        elif isinstance(root, yaml.MappingNode):
            items = []
            for key_node, value_node in root.value:
                key = key_node.value
                if key == "entities" and isinstance(value_node, yaml.SequenceNode):
                    items.extend(value_node.value)
                elif key == "ignore":
                    ignore.update(_strings(value_node, path, "ignore"))
                else:
                    raise SitegenError(
                        f"entity registry: unknown top-level key {key!r} "
                        "(expected 'entities' and 'ignore')",
                        path,
                        key_node.start_mark.line + 1,
                    )
        else:
            raise SitegenError(
                "entity registry must be a list of entries", path, root.start_mark.line + 1
            )
        seen_keys: dict[str, int] = {}
        for node in items:
            line = node.start_mark.line + 1
            if not isinstance(node, yaml.MappingNode):
                raise SitegenError(
                    "entity registry entry must be a mapping with 'name' and 'type' "
                    "or an 'ignore' entry",
                    path,
                    line,
                )
            data = yaml.safe_load(yaml.serialize(node))
            if set(data) == {"ignore"}:
                ignore.update(_strings(node.value[0][1], path, "ignore"))
                continue
            entry = _entry(data, path, line, types)
            if entry.key in seen_keys:
                raise SitegenError(
                    f"entity registry entry {entry.name!r}: key {entry.key!r} already used "
                    f"by the entry on line {seen_keys[entry.key]}",
                    path,
                    line,
                )
            seen_keys[entry.key] = line
            entries.append(entry)
        return cls(
            entries=entries,
            ignore=frozenset(ignore),
            path=Path(path) if path is not None else None,
            source_text=text,
        )

    def fingerprint(self) -> str:
        """A hash of the registry's contents, for the annotation cache."""
        return hashlib.sha256(self.source_text.encode("utf-8")).hexdigest()[:16]

    def lookup(self, key: str) -> RegistryEntry | None:
        """The entry with this canonical key (description, link, type for the site)."""
        return self._by_key.get(key)

    def find(self, text: str) -> RegistryEntry | None:
        """The entry whose name or alias is ``text`` (case-insensitive)."""
        return self._by_name.get(text.casefold())

    def is_ignored(self, text: str) -> bool:
        return text.casefold() in self._ignore_folded

    def __bool__(self) -> bool:
        return bool(self.entries or self.ignore)


def _strings(node: yaml.Node, path, what: str) -> list[str]:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode):
        values = [node.value]
    elif isinstance(node, yaml.SequenceNode) and all(
        isinstance(item, yaml.ScalarNode) for item in node.value
    ):
        values = [item.value for item in node.value]
    else:
        raise SitegenError(f"entity registry: {what!r} must be a string or a list of strings",
                           path, line)
    values = [value.strip() for value in values]
    if not all(values):
        raise SitegenError(f"entity registry: empty string in {what!r}", path, line)
    return values


def _entry(data: dict, path, line: int, types: tuple[str, ...] = ENTITY_TYPES) -> RegistryEntry:
    name = data.get("name")
    label = repr(name) if isinstance(name, str) else f"on line {line}"
    if not isinstance(name, str) or not name.strip():
        raise SitegenError("entity registry entry has no 'name'", path, line)
    unknown = sorted(set(data) - _ENTRY_KEYS)
    if unknown:
        raise SitegenError(
            f"entity registry entry {label}: unknown field(s) {', '.join(map(repr, unknown))}",
            path,
            line,
        )
    type_ = data.get("type")
    if type_ not in types:
        raise SitegenError(
            f"entity registry entry {label}: 'type' must be one of {', '.join(types)}, "
            f"not {type_!r}",
            path,
            line,
        )
    aliases = data.get("aliases") or []
    if isinstance(aliases, str):
        aliases = [aliases]
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise SitegenError(
            f"entity registry entry {label}: 'aliases' must be a list of strings", path, line
        )
    for field_name in ("description", "link", "key"):
        value = data.get(field_name)
        if value is not None and not isinstance(value, str):
            raise SitegenError(
                f"entity registry entry {label}: {field_name!r} must be a string", path, line
            )
    key = data.get("key") or slugify(name)
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", key):  # it names a folder of the site
        raise SitegenError(
            f"entity registry entry {label}: 'key' must be lowercase letters, digits and hyphens, "
            f"not {key!r}",
            path,
            line,
        )
    link = data.get("link")
    if link is not None and not re.match(r"https?://", link.strip(), re.IGNORECASE):
        raise SitegenError(
            f"entity registry entry {label}: 'link' must be an http(s) address, not {link!r}", path, line
        )
    return RegistryEntry(
        key=key,
        name=name.strip(),
        type=type_,
        aliases=tuple(a.strip() for a in aliases),
        description=data.get("description"),
        link=data.get("link"),
    )
