"""Annotation on a Dask distributed cluster (``sitegen build --dask-scheduler tcp://HOST:8786``).

The build connects to the scheduler before any work (an unreachable one is a one-line error),
registers a worker plugin that holds the annotator, so each worker loads the spaCy pipelines
once (and a worker that joins later, or replaces a lost one, gets the plugin too), and sends the
texts that are not in the annotation cache in batches (``client.submit`` with ``retries``: a
batch whose worker is lost is run again on another). A bounded number of batches is in flight at
a time, so the scheduler never holds the whole archive. Results come back to the build, which
stores them in its own annotation cache (the workers need no shared disk) and yields them in
request order: the site is byte-identical to a local build.

Dask is an optional dependency (``pip install 'sitegen[dask]'``): this module imports it, and
``annotation_backend`` imports this module only when a scheduler is configured.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import distributed
from distributed.diagnostics.plugin import WorkerPlugin

from .annotate import AnnotationRequest, Annotator
from .errors import SitegenError
from .model import Annotations

BATCH = 32  # texts a task: large enough to keep nlp.pipe busy, small enough to spread evenly
IN_FLIGHT_PER_THREAD = 4  # batches queued per worker thread: workers never wait, the scheduler stays small
RETRIES = 3  # times a batch is run again when its worker is lost
CONNECT_TIMEOUT = "10s"


def annotator_key(annotator: Annotator) -> str:
    """The plugin's name: the same annotator (models, registry, code) is registered once a cluster."""
    from .cache import code_digest

    parts = [type(annotator).__qualname__, repr(sorted(annotator.models.items())), annotator.registry.fingerprint(),
             code_digest()]
    return "sitegen-annotator-" + hashlib.sha256("\0".join(parts).encode()).hexdigest()[:16]


class AnnotatorPlugin(WorkerPlugin):
    """A Dask worker plugin holding the annotator; its ``setup`` loads the pipelines of ``langs``
    in the worker, once (further languages load on first use and stay loaded)."""

    def __init__(self, annotator: Annotator, langs: Sequence[str]):
        self.annotator = annotator
        self.langs = tuple(langs)

    def setup(self, worker) -> None:
        for lang in self.langs:
            self.annotator.pipeline(lang)


def annotate_batch(plugin_name: str, batch: list[AnnotationRequest]) -> list[Annotations]:
    """Run in a worker: the batch's annotations, by the annotator its plugin holds."""
    plugin = distributed.get_worker().plugins[plugin_name]
    return list(plugin.annotator.annotate_many(batch))


@dataclass
class DaskAnnotation:
    """A connected client; call it as ``parallel.annotate_in_parallel`` is called. ``close()``
    disconnects (the cluster keeps running)."""

    address: str
    client: object

    def __call__(
        self,
        annotator: Annotator,
        requests: Sequence[AnnotationRequest],
        *,
        workers: int | None = None,
        on_done: Callable[[int], None] | None = None,
        store: Callable[[list[tuple[AnnotationRequest, Annotations]]], None] | None = None,
    ) -> Iterator[Annotations]:
        """Annotations for ``requests`` in order; ``store`` gets each finished batch here, in
        the build's process. ``workers`` is ignored: the cluster has the workers it has."""
        if not requests:
            return
        client = self.client
        name = annotator_key(annotator)
        # Registered again on every build: a plugin of the same name is replaced, and its setup
        # finds the pipelines already loaded in a worker that has them.
        client.register_plugin(AnnotatorPlugin(annotator, sorted({r.lang for r in requests})), name=name)
        batches = [list(requests[i : i + BATCH]) for i in range(0, len(requests), BATCH)]
        threads = sum(client.nthreads().values()) or 1
        limit = max(2, threads * IN_FLIGHT_PER_THREAD)
        done: dict[int, list[Annotations]] = {}
        number_of = {}

        def submit(number: int):
            future = client.submit(annotate_batch, name, batches[number], retries=RETRIES, pure=False)
            number_of[future.key] = number
            return future

        waiting = distributed.as_completed([submit(n) for n in range(min(limit, len(batches)))], with_results=True,
                                          loop=client.loop)
        following = min(limit, len(batches))
        emitted = 0
        try:
            for future, result in waiting:
                number = number_of.pop(future.key)
                future.release()
                if store:
                    store(list(zip(batches[number], result, strict=True)))
                if on_done:
                    on_done(len(result))
                done[number] = result
                if following < len(batches):
                    waiting.add(submit(following))
                    following += 1
                while emitted in done:
                    yield from done.pop(emitted)
                    emitted += 1
        except SitegenError:
            raise
        except (OSError, distributed.client.FutureCancelledError, distributed.KilledWorker) as exc:
            raise SitegenError(f"annotation on the Dask cluster at {self.address} failed: {exc}") from exc
        finally:
            waiting.clear()

    def close(self) -> None:
        """Disconnect; the client's thread ends with it, so the build forks its rendering
        workers as usual (``parallel.can_fork``; tests/test_dask.py checks it)."""
        self.client.close()

    def __enter__(self) -> DaskAnnotation:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def connect(address: str, timeout: str = CONNECT_TIMEOUT) -> DaskAnnotation:
    """A client of the scheduler at ``address``; a SitegenError naming it when the scheduler
    cannot be reached within ``timeout``."""
    try:
        client = distributed.Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise SitegenError(f"cannot reach the Dask scheduler at {address}: {reason}") from None
    return DaskAnnotation(address, client)
