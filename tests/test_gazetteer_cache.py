"""The gazetteer's derived tables are kept in files of a data cache folder: a fresh process
reads them instead of deriving them again; a stale or damaged file is rebuilt and gives the
same table as deriving it."""

from __future__ import annotations

import pytest

from sitegen.annotate import gazetteer
from sitegen.annotate.gazetteer import stored_table


class Builder:
    """Builds a small table and counts how often it was asked to."""

    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return {"Berlin": gazetteer.Place("Berlin", "city", 3_600_000, "berlin"), "Moskau": None}


def test_a_table_is_derived_once_then_read_from_its_file(tmp_path):
    build = Builder()
    path = tmp_path / "places-de.pickle"
    first = stored_table(path, "fp1", build)
    second = stored_table(path, "fp1", build)
    assert build.calls == 1
    assert path.is_file()
    assert second == first == build()


def test_a_file_from_other_inputs_is_rebuilt(tmp_path):
    path = tmp_path / "places-de.pickle"
    stored_table(path, "old", lambda: {"Berlin": "stale"})
    build = Builder()
    assert stored_table(path, "new", build) == build()
    assert build.calls == 2  # the rebuild and the comparison
    assert stored_table(path, "new", build) == build()  # rewritten for the new inputs
    assert build.calls == 3


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data.replace(b"Berlin", b"Berlyn"), id="altered-payload"),
        pytest.param(lambda data: data[: len(data) // 2], id="cut-short"),
        pytest.param(lambda data: data.split(b"\n", 1)[1], id="no-header"),
        pytest.param(lambda data: b"", id="empty"),
        pytest.param(lambda data: b"\x00\xff" * 40, id="garbage"),
    ],
)
def test_a_damaged_file_is_rebuilt_and_gives_the_same_table(tmp_path, damage):
    build = Builder()
    path = tmp_path / "places-de.pickle"
    expected = stored_table(path, "fp", build)
    path.write_bytes(damage(path.read_bytes()))
    assert stored_table(path, "fp", build) == expected
    assert build.calls == 2
    assert stored_table(path, "fp", build) == expected  # the rebuilt file is whole again
    assert build.calls == 2


def test_a_folder_that_cannot_be_written_still_gives_the_table(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be")
    build = Builder()
    assert stored_table(blocker / "places-de.pickle", "fp", build) == build()


def test_the_cache_folder_is_chosen_by_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("SITEGEN_DATA_CACHE", str(tmp_path / "data"))
    assert gazetteer.data_cache_folder() == tmp_path / "data"
    monkeypatch.delenv("SITEGEN_DATA_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert gazetteer.data_cache_folder() == tmp_path / "xdg" / "sitegen" / "gazetteer"


def test_the_fingerprint_reads_the_source_data_files():
    """The fingerprint hashes the data files the tables come from; they must be where it looks."""
    assert all(path.is_file() for path in gazetteer._source_files())


def test_kept_german_places_and_lexicon_are_the_derived_ones(monkeypatch, tmp_path):
    """The real tables: derived and written, read back, and rebuilt from a damaged file, all the same."""
    monkeypatch.setenv("SITEGEN_DATA_CACHE", str(tmp_path))
    derived = gazetteer._build_places("de")
    written = gazetteer._stored("places", "de", gazetteer._build_places)
    read = gazetteer._stored("places", "de", lambda lang: pytest.fail("read, not rebuilt"))
    assert list(written.items()) == list(read.items()) == list(derived.items())
    path = tmp_path / "places-de.pickle"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    assert list(gazetteer._stored("places", "de", gazetteer._build_places).items()) == list(derived.items())

    lexicon = gazetteer._stored("lexicon", "de", gazetteer._build_lexicon)
    assert gazetteer._stored("lexicon", "de", lambda lang: pytest.fail("read, not rebuilt")) == lexicon
    assert lexicon.is_common("Zeitung") and not lexicon.is_common("Slutsky")
