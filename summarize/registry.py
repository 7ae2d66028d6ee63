"""The summarizer registry: every `--model` name resolves here, with `resolve(name, options)`.

Built-in summarizers (extractive, lead, lexrank, textrank, oracle) register through the entry
point group `summarize.summarizers` in pyproject.toml, exactly as a third-party package
would (simonw/llm's plugin pattern): an entry point names a class, or a factory, that is
called with the run's SummarizerOptions and declares `name`, `description`,
`needs_ranking` (and `needs_references` for those that read reference summaries). Any
other name is a model: "auto", a model card, a hub id or a local model directory
(summarize.fuse). `summarize models` and the `--model` help are rendered from here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import entry_points

from summarize.summarizer import Summarizer, SummarizerOptions

ENTRY_POINT_GROUP = "summarize.summarizers"
AUTO = "auto"


class RegistryError(RuntimeError):
    """A registered summarizer cannot be loaded; the message names the entry point."""


@dataclass(frozen=True)
class Entry:
    """A registered summarizer: its name, what it does, and what builds it."""

    name: str
    description: str
    factory: Callable[[SummarizerOptions], Summarizer]
    package: str
    needs_references: bool = False


def entries() -> dict[str, Entry]:
    """Every registered summarizer by name (sorted); the first registration of a name wins."""
    found: dict[str, Entry] = {}
    for point in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda p: (p.name, p.value)):
        if point.name in found:
            continue
        try:
            factory = point.load()
        except Exception as exc:  # a plugin's import error must say which plugin
            raise RegistryError(
                f"summarizer {point.name!r} ({point.value}) cannot be loaded: {exc}"
            ) from exc
        package = point.dist.name if point.dist is not None else "?"
        found[point.name] = Entry(
            point.name, getattr(factory, "description", ""), factory, package,
            bool(getattr(factory, "needs_references", False)),
        )
    if "extractive" not in found:
        raise RegistryError(
            "the built-in summarizers are not registered: install the package "
            "(`pip install -e .`, or `make setup`) so that its entry points exist"
        )
    return found


def resolve(
    name: str,
    options: SummarizerOptions | None = None,
    *,
    on_notice: Callable[[str], None] | None = None,
) -> Summarizer:
    """The summarizer called `name`: a registered one, else a model (see summarize.fuse).

    Raises summarize.fuse.ModelUnavailable when a model cannot be loaded and
    `options.fallback` is not set.
    """
    from summarize.fuse import load_fuser

    options = options or SummarizerOptions()
    registered = entries()
    if name in registered:
        return registered[name].factory(options)
    return load_fuser(
        name, options, extractive=lambda: registered["extractive"].factory(options),
        on_notice=on_notice, known=list(registered),
    )
