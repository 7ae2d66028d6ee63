"""Test helper: a small invented news corpus for the digest tests (two unrelated events).

Each article is one JSON file (id = file name), so a test can add an article to an event by
writing one more file.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

TRAM = {
    "tram-1": (
        "Council extends Northgate tram line to the harbour",
        "The Northgate city council voted 7 to 2 on Tuesday to extend the tram line to the "
        "harbour district. Construction of the 84 million euro extension will start in April, "
        "mayor Ilse Brandt said. Opponents on the council argued that the money should go to "
        "bus routes in the eastern suburbs. The new line will add five stops between the "
        "central station and the ferry terminal.",
    ),
    "tram-2": (
        "Harbour tram extension approved by Northgate council",
        "Northgate's council approved the harbour tram extension on Tuesday by seven votes to "
        "two. The 84 million euro project is due to begin in April and to open in 2027. "
        "Mayor Ilse Brandt called the vote a turning point for the harbour district. Residents "
        "of the eastern suburbs said their bus routes had been neglected for years.",
    ),
    "tram-3": (
        "Northgate tram extension wins regional funding",
        "The regional government will pay half of the 84 million euro Northgate tram extension "
        "to the harbour, officials said on Thursday. The grant follows the city council's vote "
        "on Tuesday. Mayor Ilse Brandt said tram construction would still start in April. "
        "The harbour line is expected to carry 20,000 passengers a day.",
    ),
}

FLOOD = {
    "flood-1": (
        "River Lessa floods <b>Brennmoor</b> <script>alert('x')</script>",
        "The river Lessa burst its banks in Brennmoor on Wednesday night, flooding 300 homes. "
        "Firefighters evacuated 1,200 residents to the sports hall <script>alert('x')</script>. "
        "The water level reached 6.4 metres, the highest since 1998, the flood agency said. "
        "Rain is expected to ease on Friday.",
    ),
    "flood-2": (
        "Brennmoor evacuates 1,200 as the Lessa rises",
        "About 1,200 people were evacuated in Brennmoor after the river Lessa flooded 300 "
        "homes overnight. The flood agency measured a water level of 6.4 metres on Thursday "
        "morning. Volunteers filled sandbags along the riverbank. Forecasters expect the rain "
        "to ease on Friday.",
    ),
}


def write_article(folder: Path, name: str, title: str, text: str, published: datetime,
                  url: str | None = None) -> Path:
    """Write one article as `<folder>/<name>.json`."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.json"
    record = {"title": title, "text": text, "source": "Test Wire",
              "url": url or f"https://news.example/{name}?src=digest&lang=en",
              "published": published.isoformat()}
    path.write_text(json.dumps(record), encoding="utf-8")
    return path


def write_articles(folder: Path, names: list[str], published: datetime) -> None:
    """Write the named articles of TRAM and FLOOD."""
    for name in names:
        title, text = {**TRAM, **FLOOD}[name]
        write_article(folder, name, title, text, published)
