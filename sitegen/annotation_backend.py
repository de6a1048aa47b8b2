"""Where the build annotates the texts its cache lacks: local processes, or a Dask cluster.

The default is ``parallel.annotate_in_parallel`` (forked worker processes, no Dask needed); with
``dask_scheduler`` in ``sitegen.toml`` or ``--dask-scheduler`` a ``dask_backend.DaskAnnotation``
connected to that scheduler, which is checked here, before the build does any work.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext

from .config import Config
from .errors import SitegenError
from .parallel import annotate_in_parallel


def annotation_backend(config: Config) -> AbstractContextManager:
    """A context manager giving the function that annotates (called as ``annotate_in_parallel``);
    leaving it disconnects from the cluster. A SitegenError when the scheduler cannot be reached
    or Dask is not installed."""
    if not config.dask_scheduler:
        return nullcontext(annotate_in_parallel)
    try:
        from . import dask_backend
    except ImportError as exc:
        raise SitegenError(
            f"dask_scheduler is set ({config.dask_scheduler}) but Dask is not installed "
            f"(pip install 'sitegen[dask]'): {exc}"
        ) from None
    return dask_backend.connect(config.dask_scheduler)
