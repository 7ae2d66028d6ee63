"""`summarize models`: the model cards and built-in summarizers, and which weights are cached."""

from __future__ import annotations

import click


@click.command()
def models() -> None:
    """List the known models: model cards (models/*.toml) with whether their weights are in
    the local Hugging Face cache, and the built-in summarizers that need no weights.

    Any other hub id or a local model directory also works with `summarize run --model`.
    """
    from summarize.fuse.cards import DEFAULT_CARD, CardError, list_cards
    from summarize.fuse.loading import cache_dir, is_cached
    from summarize.registry import entries

    try:
        cards = list_cards()
    except CardError as exc:
        click.echo(f"summarize: {exc}", err=True)
        raise SystemExit(1) from None
    rows = [("NAME", "HUB ID", "FAMILY", "INPUT", "CACHED")]
    for card in cards.values():
        rows.append((
            card.name + (" (default)" if card.name == DEFAULT_CARD else ""), card.hub_id,
            card.family, str(card.max_input_tokens), "yes" if is_cached(card.hub_id) else "no",
        ))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    click.echo("Model cards (models/*.toml):")
    for row in rows:
        click.echo("  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
    cache = cache_dir() or "~/.cache/huggingface/hub"
    click.echo(f"  cache: {cache}; fetch one with `hf download HUB_ID`")
    builtins = entries()
    if builtins:
        click.echo("\nBuilt-in summarizers (no weights needed):")
        width = max(len(name) for name in builtins)
        for name, entry in sorted(builtins.items()):
            click.echo(f"  {name.ljust(width)}  {entry.help}")
    click.echo(
        f"\n--model auto uses {DEFAULT_CARD} when it is cached, else extractive. "
        "Any hub id or local model directory works too."
    )
