"""`summarize models`: the registered summarizers and the model cards, and which weights are cached."""

from __future__ import annotations

import click


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  " + "  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in rows]


@click.command()
def models() -> None:
    """List the known models: the registered summarizers (built-ins and plugins, entry point
    group `summarize.summarizers`) and the model cards (models/*.toml) with whether their
    weights are in the local Hugging Face cache.

    Any other hub id (owner/name) or a local model directory also works with --model.
    """
    from summarize.cli.common import fail
    from summarize.fuse.cards import DEFAULT_CARD, CardError, list_cards
    from summarize.fuse.loading import cache_dir, is_cached
    from summarize.registry import RegistryError, entries

    try:
        registered = entries()
        cards = list_cards()
    except (CardError, RegistryError) as exc:
        fail(str(exc))
    click.echo("Registered summarizers (no weights needed):")
    click.echo("\n".join(_table([
        (name, entry.description + ("" if entry.package == "summarize" else f" [{entry.package}]"))
        for name, entry in registered.items()
    ])))
    rows = [("NAME", "HUB ID", "FAMILY", "INPUT", "CACHED")]
    for card in cards.values():
        rows.append((
            card.name + (" (default)" if card.name == DEFAULT_CARD else ""), card.hub_id,
            card.family, str(card.max_input_tokens), "yes" if is_cached(card.hub_id) else "no",
        ))
    click.echo("\nModel cards (models/*.toml):")
    click.echo("\n".join(_table(rows)))
    cache = cache_dir() or "~/.cache/huggingface/hub"
    click.echo(f"  cache: {cache}; fetch one with `hf download HUB_ID`")
    import os

    endpoint = os.environ.get("SUMMARIZE_ENDPOINT") or "not set"
    click.echo(
        "\nServed models: --model endpoint:NAME asks model NAME of an OpenAI-compatible chat "
        f"server (Ollama, vLLM, llama.cpp server) at $SUMMARIZE_ENDPOINT ({endpoint}; Ollama's "
        "is http://localhost:11434/v1), with the key from $SUMMARIZE_API_KEY."
    )
    click.echo(
        f"\n--model auto uses {DEFAULT_CARD} when it is cached, else extractive. "
        "Any hub id or local model directory works too."
    )
