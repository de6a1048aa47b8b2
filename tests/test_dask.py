"""Annotation on a Dask cluster (``--dask-scheduler``): the same site, byte for byte, as a local
build; the build's annotation cache filled; a lost worker's texts annotated again elsewhere; an
unreachable scheduler a one-line error before any work.

Dask is in the ``test`` extra: these tests import it and fail, never skip, when it is missing.
"""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitegen import dask_backend, parallel
from sitegen.annotate import AnnotationRequest, Annotator
from sitegen.model import Annotations

REPO = Path(__file__).resolve().parent.parent
ARTICLES = 200  # and the seeds: both builds take ~60 s on 2 busy cores (240 took 68 s)

PEOPLE = [("Maria", "Duarte"), ("Jonas", "Becker"), ("Aisha", "Khan"), ("Lena", "Wolf"), ("Tomás", "Ruiz"),
          ("Grace", "Okafor"), ("Pieter", "de Vries"), ("Hannah", "Schulz"), ("Omar", "Haddad"), ("Julia", "Meyer")]
CITIES = ["Lisbon", "Hamburg", "Nairobi", "Leipzig", "Valencia", "Rotterdam", "Dresden", "Toronto", "Graz", "Porto"]
ORGS = ["the transport ministry", "the city council", "the port authority", "the water board", "the rail operator"]
SOURCES = ["Reuters", "the Associated Press", "Der Spiegel", "Le Monde", "the BBC"]
DE_ORGS = ["das Verkehrsministerium", "der Stadtrat", "die Hafenbehörde", "der Wasserverband", "die Bahn"]
DE_SOURCES = ["die Nachrichtenagentur dpa", "der Spiegel", "die Süddeutsche Zeitung", "die Agentur Reuters"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
DE_DAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag"]


def fixture_article(number: int) -> str:
    """A small article, different for every number: people, places, bodies, quotes and sources vary."""
    first, last = PEOPLE[number % len(PEOPLE)]
    other_first, other_last = PEOPLE[(number * 7 + 3) % len(PEOPLE)]
    city, other_city = CITIES[number % len(CITIES)], CITIES[(number * 3 + 1) % len(CITIES)]
    amount, days = 10 + number * 7 % 490, 2 + number % 40
    day = 1 + number % 28
    if number % 3 == 0:
        org, source, weekday = DE_ORGS[number % len(DE_ORGS)], DE_SOURCES[number % len(DE_SOURCES)], DE_DAYS[number % 5]
        body = (
            f"{city} – {org.capitalize()} will bis zum Sommer {amount} Millionen Euro in neue Brücken investieren, "
            f"wie {source} am {weekday} berichtete.\n\n"
            f"„Wir warten nicht noch {days} Tage“, sagte Bürgermeisterin {first} {last} in {city}. "
            f"{other_first} {other_last} aus {other_city} widersprach: „Das Geld fehlt an anderer Stelle.“\n"
        )
        title, lang, tag = f"{city} plant {amount} Millionen für Brücken ({number})", "de", "Verkehr"
    else:
        org, source, weekday = ORGS[number % len(ORGS)], SOURCES[number % len(SOURCES)], DAYS[number % 5]
        body = (
            f"{city.upper()} – {org.capitalize()} will spend {amount} million euros on new bridges by the summer, "
            f"according to {source}.\n\n"
            f"\"We will not wait another {days} days,\" Mayor {first} {last} told reporters in {city} on {weekday}. "
            f"{other_first} {other_last}, who leads the opposition in {other_city}, said the money was needed elsewhere.\n"
        )
        title, lang, tag = f"{city} plans {amount} million for bridges ({number})", "en", "Transport"
    return f"---\ntitle: \"{title}\"\ndate: 2026-10-{day:02d}\nlang: {lang}\ntags: [{tag}, {city}]\n---\n\n{body}"


def make_site(root: Path, count: int) -> Path:
    shutil.copytree(REPO / "seeds", root / "seeds")
    shutil.copytree(REPO / "templates", root / "templates")
    for number in range(count):
        (root / "seeds" / f"2026-10-{1 + number % 28:02d}-bridges-{number:04d}.md").write_text(
            fixture_article(number), encoding="utf-8")
    (root / "sitegen.toml").write_text('title = "Dask test"\nbase_url = "https://example.org/news/"\n', encoding="utf-8")
    return root


def sitegen(root: Path, *args: str, timeout: float = 240) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "sitegen", "build", *args], cwd=root, env=env, text=True,
                          capture_output=True, timeout=timeout)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


CLUSTER = """
import sys
from distributed import LocalCluster
if __name__ == "__main__":
    with LocalCluster(processes=True, n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster:
        print(cluster.scheduler_address, flush=True)
        sys.stdin.read()  # until the test closes it
"""


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """A ``LocalCluster`` of 2 worker processes, 1 thread each; its scheduler's address. It runs
    in its own process: Dask threads left in this one would keep later tests from forking."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "tests")])}
    process = subprocess.Popen([sys.executable, "-c", CLUSTER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               text=True, env=env)
    try:
        address = process.stdout.readline().strip()
        assert address.startswith("tcp://"), "the LocalCluster did not start"
        yield address
    finally:
        process.stdin.close()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.mark.slow
@pytest.mark.timeout(400)
def test_a_build_on_a_dask_cluster_is_byte_identical_to_a_local_build_and_fills_the_cache(tmp_path: Path, cluster):
    local = make_site(tmp_path / "local", ARTICLES)
    remote = make_site(tmp_path / "remote", ARTICLES)

    done = sitegen(local)
    assert done.returncode == 0, done.stderr
    done = sitegen(remote, "--dask-scheduler", cluster)
    assert done.returncode == 0, done.stderr

    built_local, built_remote = snapshot(local / "site"), snapshot(remote / "site")
    assert len(built_local) > 3 * ARTICLES
    assert sorted(built_remote) == sorted(built_local)
    different = [name for name in built_local if built_remote[name] != built_local[name]]
    assert different == []
    # The cluster annotated every text; the build stored them in its own cache, as a local build does.
    def entries(root: Path) -> int:
        with sqlite3.connect(root / ".sitegen-cache" / "annotations.sqlite3") as db:
            return db.execute("SELECT count(*) FROM annotations").fetchone()[0]

    assert entries(remote) == entries(local) >= ARTICLES


@pytest.mark.timeout(120)
def test_an_unreachable_scheduler_is_a_one_line_error_before_any_work(tmp_path: Path):
    root = make_site(tmp_path / "site-root", 3)
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{probe.getsockname()[1]}"
    done = sitegen(root, "--dask-scheduler", address)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"sitegen: error: cannot reach the Dask scheduler at {address}: ")
    assert not (root / "site").exists()
    assert not (root / ".sitegen-cache" / "annotations.sqlite3").exists()


def test_the_scheduler_can_be_set_in_sitegen_toml(tmp_path: Path):
    root = make_site(tmp_path / "site-root", 0)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{probe.getsockname()[1]}"
    with (root / "sitegen.toml").open("a", encoding="utf-8") as config:
        config.write(f'dask_scheduler = "{address}"\n')
    done = sitegen(root)
    assert done.returncode == 1
    assert f"cannot reach the Dask scheduler at {address}" in done.stderr


class DieOnceAnnotator(Annotator):
    """Annotations naming their text; the worker that first meets ``text 13`` dies (as one
    killed for want of memory would), leaving a mark so the text's second try succeeds."""

    mark: str = ""

    def pipeline(self, lang: str):
        return None

    def annotate_many(self, requests):
        for request in requests:
            if request.text == "text 13" and not os.path.exists(self.mark):
                Path(self.mark).write_text("died", encoding="utf-8")
                os._exit(9)
            yield Annotations(pipeline=request.text)


@pytest.mark.timeout(120)
def test_a_worker_lost_mid_build_has_its_texts_annotated_again(tmp_path: Path, cluster, monkeypatch):
    monkeypatch.setattr(dask_backend, "BATCH", 4)
    annotator = DieOnceAnnotator()
    annotator.mark = str(tmp_path / "died")
    requests = [AnnotationRequest(f"text {i}", "en") for i in range(40)]
    stored, counted = [], []
    with dask_backend.connect(cluster) as backend:
        results = list(backend(annotator, requests, on_done=counted.append, store=stored.extend))
    assert parallel.can_fork(), "a Dask thread outlived the client: the build would render in one process"
    assert (tmp_path / "died").exists(), "no worker died: the test did not test anything"
    assert [r.pipeline for r in results] == [r.text for r in requests]
    assert sorted(r.text for r, _ in stored) == sorted(r.text for r in requests)
    assert sum(counted) == 40
