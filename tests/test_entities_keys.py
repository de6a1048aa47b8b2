"""Entity keys: every name gets its own key and page, whatever its script."""

from __future__ import annotations

from sitegen.annotate.canonical import slugify


def test_names_in_cyrillic_are_keyed_by_their_transliteration():
    assert slugify("Владимир Путин") == "vladimir-putin"
    assert slugify("Сергей Лавров") == "sergei-lavrov"


def test_names_without_latin_letters_get_distinct_keys():
    names = ["Владимир Путин", "Сергей Лавров", "习近平", "Ελευθέριος Βενιζέλος", "★", "☆"]
    keys = [slugify(name) for name in names]
    assert len(set(keys)) == len(names)
    assert "entity" not in keys


def test_latin_names_keep_their_german_transliteration():
    assert slugify("Weißes Haus") == "weisses-haus"
    assert slugify("Müller") == "mueller"
    assert slugify("São Paulo") == "sao-paulo"
    assert slugify("Łódź") == "lodz"
