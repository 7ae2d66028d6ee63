"""`summarize models`: the registered summarizers, the model cards (and which weights are
cached), and the chat LLMs with where each runs."""

from __future__ import annotations

import os

import click


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  " + "  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in rows]


@click.command()
def models() -> None:
    """List the known models: the registered summarizers (built-ins and plugins, entry point
    group `summarize.summarizers`), the seq2seq model cards (models/*.toml) with whether their
    weights are in the local Hugging Face cache, and the chat LLM cards with where they run:
    on this machine (transformers) or on an OpenAI-compatible server (--model SERVER:NAME).

    Any other hub id (owner/name) or a local model directory also works with --model.
    """
    from summarize.cli.common import fail
    from summarize.fuse.cards import DEFAULT_CARD, LLM_FAMILIES, CardError, list_cards
    from summarize.fuse.endpoint import ENDPOINT_ENV
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
        if card.family not in LLM_FAMILIES:
            rows.append((
                card.name + (" (default)" if card.name == DEFAULT_CARD else ""), card.hub_id,
                card.family, str(card.max_input_tokens), "yes" if is_cached(card.hub_id) else "no",
            ))
    click.echo("\nSeq2seq model cards (models/*.toml):")
    click.echo("\n".join(_table(rows)))
    cache = cache_dir() or "~/.cache/huggingface/hub"
    click.echo(f"  cache: {cache}; fetch one with `hf download HUB_ID`")

    configured = os.environ.get(ENDPOINT_ENV)
    rows = [("NAME", "RUNS", "INPUT", "USE")]
    for card in cards.values():
        if card.family == "causal":
            cached = "cached" if is_cached(card.hub_id) else "not cached"
            rows.append((card.name, f"here: transformers, {card.hub_id} ({cached})",
                         str(card.max_input_tokens), f"--model {card.name}"))
        elif card.family == "endpoint":
            url = configured or card.base_url
            where = f"{card.description} at {url or '--endpoint URL'}"
            rows.append((card.name, where, str(card.max_input_tokens), f"--model {card.name}:MODEL"))
    click.echo("\nChat LLM cards (models/*.toml; prompts/chat-*.txt):")
    click.echo("\n".join(_table(rows)))
    click.echo(
        f"  a server's URL: --endpoint or ${ENDPOINT_ENV}"
        + (f" (now {configured}, used for every server card)" if configured else "")
        + ", else the card's; its key, if any, only from $SUMMARIZE_API_KEY"
    )
    click.echo(
        f"\n--model auto uses {DEFAULT_CARD} when it is cached, else extractive. "
        "Any hub id or local model directory works too."
    )
