"""Build benchmark: sitegen against Pelican, MkDocs and Hugo on the same German news articles.

    .venv/bin/python benchmarks/bench_build.py --corpus ../shared/corpora/10kgnad/test.csv --sizes 100,1000

For each size N (the corpus's 998 articles cycled, each copy with a unique title) and each
input format (Markdown with front matter; plain-text copy with a YAML sidecar) it measures, in
one run on the same machine:

- sitegen full build, cold (empty caches) and warm (caches kept, site/ deleted), and the same
  full build over the site it replaces (``build --force``: unchanged pages are linked from it),
  each with its stage times, as ``sitegen -v build`` subprocesses;
- the no-change rebuild (``sitegen build`` again, nothing changed);
- one-article edit -> page written, under ``sitegen serve``: an article file is edited and the
  time from the write until its page on disk holds the new text is taken (p50, p95 over
  ``--edits`` edits; the next edit waits until the rebuild is done, listings included);
- peak RSS of each process tree (sum over the process and its workers, polled every 20 ms);
- raw spaCy ``nlp.pipe`` over the same texts in as many processes as the build uses (forked
  after loading, fed the same groups of texts) against the cold build's annotation stage
  (quotes, sources, canonical keys, cache entries, results back from the workers), pipeline
  loading left out on both sides (the build logs ``load`` apart): ``--rounds`` cold builds, each
  between two raw runs and compared with their mean, the median ratio reported (this machine's
  speed drifts by ±10% over minutes); raw in 1 process once, after the last;
- Pelican, MkDocs and Hugo (when installed) building the same Markdown articles, as ratios;
  Pelican run again with its output deleted before (as sitegen's warm build), and with its own
  content cache warm (output deleted before too).

sitegen's own modules are compiled to bytecode first (``compileall``): pip compiles the packages
it installs (the peers among them) but not an editable install's source, and Python never writes
that bytecode itself when ``PYTHONDONTWRITEBYTECODE`` is set (it is on some machines): each
sitegen process would compile its modules again, ~0.13 s per start.

Needs ``make bench-deps`` (pip's ``.[bench]``: Pelican, MkDocs, psutil; Debian's hugo).
Results are printed as a table and written as JSON (``--json``). Timings depend on the machine
and its load: the load average is printed with them.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

import sitegen
from sitegen import paths
from sitegen.parallel import cpu_count

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus as corpora  # noqa: E402

VENV_BIN = Path(sys.executable).parent
STAGE = re.compile(r"^(\w+)\s+([0-9.]+) s$")


class PeakRss:
    """The largest summed RSS of a process and its children while it runs."""

    def __init__(self, pid: int):
        self.pid, self.peak = pid, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()

    def _poll(self) -> None:
        try:
            root = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        while not self._stop.is_set():
            try:
                total = root.memory_info().rss
                for child in root.children(recursive=True):
                    try:
                        total += child.memory_info().rss
                    except psutil.NoSuchProcess:
                        pass
            except psutil.NoSuchProcess:
                return
            self.peak = max(self.peak, total)
            self._stop.wait(0.02)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def run(command: list[str], cwd: Path, timeout: float) -> dict:
    """Run ``command``; wall seconds, peak RSS, exit status and output."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    rss = PeakRss(process.pid)
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
        return {"seconds": None, "rss": rss.stop(), "status": "timeout", "output": output[-2000:]}
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "rss": rss.stop(), "status": process.returncode, "output": output[-4000:]}


def stages(output: str) -> dict[str, float]:
    return {m.group(1): float(m.group(2)) for line in output.splitlines() if (m := STAGE.match(line.strip()))}


def cold_build(root: Path, timeout: float) -> dict:
    shutil.rmtree(root / ".sitegen-cache", ignore_errors=True)
    shutil.rmtree(root / "site", ignore_errors=True)
    cold = run([str(VENV_BIN / "sitegen"), "-v", "build"], root, timeout)
    cold["stages"] = stages(cold["output"])
    return cold


def warm_builds(root: Path, timeout: float) -> dict:
    sitegen = [str(VENV_BIN / "sitegen")]
    shutil.rmtree(root / "site", ignore_errors=True)
    warm = run([*sitegen, "-v", "build"], root, timeout)
    rebuild = run([*sitegen, "-v", "build", "--force"], root, timeout)  # the same, over the site it replaces
    unchanged = run([*sitegen, "build"], root, timeout)
    for result in (warm, rebuild):
        result["stages"] = stages(result["output"])
    return {"warm": warm, "rebuild": rebuild, "no_change": unchanged}


def raw_pipe(root: Path, counts: list[int], timeout: float = 1800) -> dict:
    """articles/s of spaCy's nlp.pipe alone over the texts the build annotates, pipeline loaded first
    (its load time reported apart), in each of ``counts`` processes: forked after loading and fed
    the same groups of texts as the build's workers (results dropped: no doc crosses a process
    boundary). Each process count is measured in a new interpreter: a pipeline that has already
    seen the texts has their words in its vocabulary and runs ~15% faster, which the cold build
    does not get."""
    code = r"""
import json, multiprocessing, sys, time
from sitegen.config import load_config
from sitegen.read import read_articles
from sitegen.build import make_annotator
from sitegen.parallel import CHUNK, cpu_count
config = load_config()
texts = [a.text for a in read_articles(config)]
annotator = make_annotator(config)
started = time.perf_counter()
nlp = annotator.pipeline("de").nlp
result = {"load": time.perf_counter() - started, "processes": {}}

def pipe(chunk):
    for _ in nlp.pipe(chunk, batch_size=32):
        pass
    return len(chunk)

n = min(int(sys.argv[1]), cpu_count())
started = time.perf_counter()
if n == 1:
    pipe(texts)
else:
    chunks = [texts[i : i + CHUNK] for i in range(0, len(texts), CHUNK)]
    with multiprocessing.get_context("fork").Pool(n) as pool:
        sum(pool.imap(pipe, chunks))
result["processes"][str(n)] = len(texts) / (time.perf_counter() - started)
print("RAW " + json.dumps(result))
"""
    result: dict = {"processes": {}}
    for processes in counts:
        # through run(), as the builds: the same peak-RSS poller runs beside it (its polling takes
        # CPU from the measured processes, ~0.7 s of a 10 s annotate stage on 2 CPUs)
        done = run([sys.executable, "-c", code, str(processes)], root, timeout)
        match = re.search(r"^RAW (.*)$", done["output"], re.M)
        if not match:
            return {"error": done["output"][-1500:]}
        measured = json.loads(match.group(1))
        result["load"] = measured["load"]
        result["processes"].update(measured["processes"])
    return result


def edit_latency(root: Path, slugs: list[str], edits: int, fmt: str, timeout: float, pause: float = 0.1) -> dict:
    """Start ``sitegen serve``, edit articles one at a time, time until each page holds the edit;
    ``pause`` seconds between the end of one rebuild and the next edit (beyond the server's search
    delay of 2 s, the search index is being made when the edit comes)."""
    log_path = root / "serve-bench.log"
    with log_path.open("w") as log:
        process = subprocess.Popen([str(VENV_BIN / "sitegen"), "serve", "--port", "0"], cwd=root, stdout=log,
                                   stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    rss = PeakRss(process.pid)
    try:
        deadline = time.monotonic() + timeout
        origin = None
        while time.monotonic() < deadline and origin is None:
            found = re.search(r"serving (http://[^/\s]+)", log_path.read_text(errors="replace"))
            origin = found.group(1) if found else None
            if process.poll() is not None:
                return {"error": log_path.read_text(errors="replace")[-1500:]}
            time.sleep(0.05)
        status = _status_reader(origin)
        while time.monotonic() < deadline and not status().get("ready"):
            time.sleep(0.05)
        chooser = random.Random(7)
        latencies = []
        suffix = ".md" if fmt == "md" else ".txt"
        for number in range(edits):
            slug = chooser.choice(slugs)
            source = root / "seeds" / f"{slug}{suffix}"
            page = root / "site" / paths.article(slug)
            marker = f"Messwert{number}x{chooser.randrange(10**6)}"
            text = source.read_text(encoding="utf-8")
            builds = status()["builds"]
            cut = text.rfind("\n", 0, len(text) - 1)
            edited = text[:cut] + f" {marker}." + text[cut:]
            started = time.perf_counter()
            source.write_text(edited, encoding="utf-8")
            while marker not in page.read_text(encoding="utf-8", errors="replace"):
                if time.perf_counter() - started > 30:
                    return {"error": f"edit {number} not written after 30 s", "log": log_path.read_text()[-1500:]}
                time.sleep(0.002)
            latencies.append(time.perf_counter() - started)
            while status()["builds"] <= builds:  # the rebuild finished: the next edit starts clean
                time.sleep(0.01)
            time.sleep(pause)
        latencies.sort()
        return {
            "p50": statistics.median(latencies),
            "p95": latencies[max(0, round(0.95 * len(latencies)) - 1)],
            "edits": len(latencies),
            "rss": rss.peak,
            "load": ", ".join(f"{x:.1f}" for x in os.getloadavg()),  # just after the edits, not before the builds
            "pause": pause,
        }
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        rss.stop()


def _status_reader(origin: str):
    import urllib.request

    def status() -> dict:
        with urllib.request.urlopen(origin + "/__sitegen__/status", timeout=10) as response:
            return json.load(response)

    return status


def others(work: Path, chosen: list, skip: set[str], mkdocs_max: int, timeout: float) -> dict:
    results = {}
    if "pelican" not in skip:
        folder = work / "pelican"
        corpora.write_pelican(folder, chosen)
        pelican = [str(VENV_BIN / "pelican"), "content", "-o", "out", "-q", "-s"]
        results["pelican"] = run([*pelican, "pelicanconf.py"], folder, timeout)
        # The same again with its output deleted just before, as sitegen's warm build has site/ deleted
        # (on a filesystem that avoids reusing recently deleted inodes, new files then cost more).
        shutil.rmtree(folder / "out", ignore_errors=True)
        results["pelican (out/ deleted before)"] = run([*pelican, "pelicanconf.py"], folder, timeout)
        # Pelican with its own content cache (parsed articles kept between runs), output deleted
        # before the timed second run as for sitegen's warm build.
        (folder / "cachedconf.py").write_text("import os, sys\nsys.path.append(os.curdir)\nfrom pelicanconf import *\nCACHE_CONTENT = True\n"
                                              "LOAD_CONTENT_CACHE = True\nCACHE_PATH = 'cache'\n", encoding="utf-8")
        run([*pelican, "cachedconf.py"], folder, timeout)
        shutil.rmtree(folder / "out", ignore_errors=True)
        results["pelican (its cache warm)"] = run([*pelican, "cachedconf.py"], folder, timeout)
    if "mkdocs" not in skip and len(chosen) <= mkdocs_max:
        folder = work / "mkdocs"
        corpora.write_mkdocs(folder, chosen)
        results["mkdocs"] = run([str(VENV_BIN / "mkdocs"), "build", "-q", "-d", "out"], folder, timeout)
    hugo = shutil.which("hugo")
    if "hugo" not in skip and hugo:
        folder = work / "hugo"
        corpora.write_hugo(folder, chosen)
        results["hugo"] = run([hugo, "--quiet", "-d", "out"], folder, timeout)
    for result in results.values():
        if result.get("status") == 0:
            result.pop("output", None)
    return results


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def mb(value: int | None) -> str:
    return "-" if not value else f"{value / 2**20:.0f} MB"


def secs(value: float | None) -> str:
    return "timeout" if value is None else f"{value:.2f} s"


def annotation_rounds(root: Path, rounds: int, timeout: float, raw: bool = True) -> tuple[list[dict], list[dict]]:
    """``rounds`` cold builds, each between two raw ``nlp.pipe`` runs at the build's process
    count (the run after one build is the run before the next; the last also times 1 process).
    The speed of a shared machine drifts by ±10% over minutes (the same cold build measured
    37-43 s for its annotate stage, raw runs two minutes apart 20%): each build is compared with
    the mean of the raw runs on its two sides, and the rounds' median is the figure."""
    procs = cpu_count()
    raws = [raw_pipe(root, [procs])] if raw else []
    colds = []
    for k in range(rounds if raw else 1):
        colds.append(cold_build(root, timeout))
        if raw:
            raws.append(raw_pipe(root, sorted({procs, 1}) if k == rounds - 1 else [procs]))
    return colds, raws


def ratio_rounds(n: int, colds: list[dict], raws: list[dict]) -> list[dict]:
    """Per cold build: its annotation rate (articles/s over the annotate stage, loading apart),
    the raw rates at the same process count before and after it, and build/raw against their mean."""
    procs = str(cpu_count())
    out = []
    for k, cold in enumerate(colds):
        annotate = cold.get("stages", {}).get("annotate")
        if k + 1 >= len(raws) or not annotate or any("error" in r for r in raws[k:k + 2]):
            continue
        before, after = raws[k]["processes"][procs], raws[k + 1]["processes"][procs]
        rate = n / annotate
        out.append({"build": rate, "load": cold["stages"].get("load"), "raw_before": before, "raw_after": after,
                    "ratio": rate / statistics.mean([before, after])})
    return out


def report(n: int, fmt: str, result: dict) -> str:
    builds, serve, raw, rivals = result["sitegen"], result.get("serve", {}), result.get("raw_pipe", {}), result["others"]
    cold, warm = builds["cold"], builds["warm"]
    lines = [f"== N = {n}, {fmt} ({result['load']})"]
    lines.append(f"sitegen full build, cold cache   {secs(cold['seconds'])}  stages {cold.get('stages')}  "
                 f"peak RSS {mb(cold['rss'])}")
    lines.append(f"sitegen full build, warm cache   {secs(warm['seconds'])}  stages {warm.get('stages')}  "
                 f"peak RSS {mb(warm['rss'])}  (site/ deleted before)")
    if "rebuild" in builds:
        rebuild = builds["rebuild"]
        lines.append(f"sitegen full rebuild, warm cache {secs(rebuild['seconds'])}  stages {rebuild.get('stages')}  "
                     f"(build --force over the site it replaces)")
    lines.append(f"sitegen no-change rebuild        {secs(builds['no_change']['seconds'])}")
    if "p50" in serve:
        lines.append(f"edit -> page written (serve)     {serve['pause']:.1f} s between edits: p50 {serve['p50'] * 1000:.0f} ms, p95 {serve['p95'] * 1000:.0f} ms "
                     f"over {serve['edits']} edits (load average then {serve['load']}); "
                     f"serve peak RSS {mb(serve['rss'])}")
    elif serve:
        lines.append(f"edit -> page written             error: {serve.get('error')}")
    rounds = result.get("annotation_rounds", [])
    for k, r in enumerate(rounds, 1):
        lines.append(f"annotation, cold build {k}/{len(rounds)}       {r['build']:.1f} articles/s over the annotate stage "
                     f"({raw['processes_used']} processes, the cache written; pipeline load {r['load'] or 0:.1f} s apart) vs raw "
                     f"nlp.pipe {r['raw_before']:.1f} before, {r['raw_after']:.1f} after -> build/raw {r['ratio']:.2f}")
    if rounds:
        ratios = [r["ratio"] for r in rounds]
        lines.append(f"annotation build/raw             median {statistics.median(ratios):.2f} over {len(ratios)} "
                     f"round(s) (min {min(ratios):.2f}, max {max(ratios):.2f}), at the same number of processes")
    if raw.get("processes"):
        for procs, raw_rate in sorted(raw["processes"].items()):
            lines.append(f"raw nlp.pipe, {procs} process(es)       {raw_rate:.1f} articles/s, pipeline load "
                         f"{raw['load']:.1f} s apart (the last raw run)")
    elif raw.get("error"):
        lines.append(f"raw nlp.pipe                     error: {raw['error'][-300:]}")
    files, size = result["site_size"]
    lines.append(f"sitegen output                   {files} files, {size / 2**20:.1f} MB")
    for name, rival in rivals.items():
        seconds = rival["seconds"]
        ratio = f"sitegen warm / {name} = {warm['seconds'] / seconds:.2f}" if seconds and warm["seconds"] else ""
        if seconds and builds.get("rebuild", {}).get("seconds"):
            ratio += f", rebuild / {name} = {builds['rebuild']['seconds'] / seconds:.2f}"
        status = "" if rival["status"] == 0 else f" (exit {rival['status']}: {rival.get('output', '')[-300:]!r})"
        lines.append(f"{name:<32} {secs(seconds)}  peak RSS {mb(rival['rss'])}  {ratio}{status}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, required=True, help="10kGNAD test.csv (label;'text' lines)")
    parser.add_argument("--sizes", default="100,1000", help="comma-separated article counts (default 100,1000)")
    parser.add_argument("--formats", default="md,txt", help="md, txt or both (default md,txt)")
    parser.add_argument("--edits", type=int, default=20, help="edits timed under sitegen serve (default 20)")
    parser.add_argument("--edit-pause", type=float, default=0.1, help="seconds between one edit's rebuild and the "
                        "next edit (default 0.1; 3 lets the server start its search index in between)")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/sitegen-bench"), help="scratch folder")
    parser.add_argument("--skip", default="", help="comma-separated: pelican, mkdocs, hugo, serve, raw")
    parser.add_argument("--mkdocs-max", type=int, default=1000, help="largest N given to MkDocs (its pages carry the "
                        "whole navigation: output grows with N squared)")
    parser.add_argument("--rounds", type=int, help="cold builds timed against raw nlp.pipe, each between two raw runs; "
                        "the median ratio is reported (default 3, and 9 below 1,000 articles: their annotate stage "
                        "lasts about a second, and single rounds there spread from 0.65 to 1.13)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds allowed per build")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    skip = {s for s in args.skip.split(",") if s}
    compileall.compile_dir(Path(sitegen.__file__).resolve().parent, quiet=1)  # see the docstring
    results = []
    for n in (int(s) for s in args.sizes.split(",")):
        chosen = corpora.items(args.corpus, n)
        for fmt in args.formats.split(","):
            work = args.workdir / f"{n}-{fmt}"
            shutil.rmtree(work, ignore_errors=True)
            corpora.write_sitegen(work / "sitegen", chosen, fmt)
            load = "load average " + ", ".join(f"{x:.1f}" for x in os.getloadavg()) + f" on {os.cpu_count()} CPUs"
            result: dict = {"n": n, "format": fmt, "load": load}
            root = work / "sitegen"
            rounds = args.rounds or (3 if n >= 1000 else 9)
            colds, raws = annotation_rounds(root, rounds, args.timeout, raw="raw" not in skip)
            result["sitegen"] = {"cold": colds[0]}
            if raws:
                result["raw_pipe"] = {**raws[-1], "processes_used": cpu_count()}
                result["annotation_rounds"] = ratio_rounds(n, colds, raws)
            result["sitegen"].update(warm_builds(root, args.timeout))
            result["site_size"] = folder_size(root / "site")
            if "serve" not in skip:
                result["serve"] = edit_latency(work / "sitegen", [i.slug for i in chosen], args.edits, fmt, args.timeout,
                                               args.edit_pause)
            result["others"] = others(work, chosen, skip, args.mkdocs_max, args.timeout) if fmt == "md" else {}
            print(report(n, fmt, result), flush=True)
            results.append(result)
    if args.json:
        for result in results:
            for build in result["sitegen"].values():
                build.pop("output", None)
        args.json.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
