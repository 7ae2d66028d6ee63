"""The Ray engine: the pipeline's per-item work as Ray tasks (the optional extra
`summarize[ray]`).

Plain tasks, not actor pools: Ray reuses its worker processes, so a fusion model built by
`summarize.engine._summarize_chunk` stays loaded in each worker for the run (one load per
worker, as an actor would give) while Ray keeps the scheduling, the retries and the recovery
of dead workers. A task whose worker dies or that raises is retried once; an item that fails
twice is handed to the caller's `on_error` (an event is reported with a note, never
dropped). Results come back in the input's order.
"""

from __future__ import annotations

import os

from summarize.progress import no_progress

# A task is tried once more when its worker dies or it raises: an item fails only twice.
RETRIES = 1


class EngineUnavailable(RuntimeError):
    """The engine cannot start; the message says how to fix it."""


class RayEngine:
    name = "ray"

    def __init__(self, address: str | None = None):
        try:
            import ray
        except ModuleNotFoundError:
            raise EngineUnavailable(
                "--engine ray needs Ray: pip install 'summarize[ray]' (or use --engine local)"
            ) from None
        self._ray = ray
        address = address or os.environ.get("RAY_ADDRESS") or None
        self._started_here = not ray.is_initialized()
        if self._started_here:
            try:
                ray.init(address=address, include_dashboard=False, log_to_driver=False,
                         configure_logging=False)
            except Exception as exc:  # an unreachable cluster address, a failed local start
                raise EngineUnavailable(f"cannot start or join Ray ({address or 'local'}): {exc}") from exc
        self._apply = ray.remote(max_retries=RETRIES, retry_exceptions=True)(_apply)

    def map(self, fn, items, *, stage="", on_progress=no_progress, on_error=None):
        ray = self._ray
        refs = [self._apply.remote(fn, item) for item in items]
        out = []
        for done, (item, ref) in enumerate(zip(items, refs)):
            on_progress(stage, done, len(items))
            try:
                out.append(ray.get(ref))
            except (ray.exceptions.RayTaskError, ray.exceptions.WorkerCrashedError,
                    ray.exceptions.RayActorError) as exc:
                if on_error is None:
                    cause = getattr(exc, "cause", None)
                    raise (cause if isinstance(cause, Exception) else exc) from None
                out.append(on_error(item, exc))
        if stage:
            on_progress(stage, len(items), len(items))
        return out

    def close(self) -> None:
        if self._started_here and self._ray.is_initialized():
            self._ray.shutdown()


def _apply(fn, item):
    return fn(item)
