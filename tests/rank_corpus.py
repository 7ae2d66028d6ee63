"""A small event written for the ranking tests: a bridge collapse told by three outlets,
plus a wire copy of the first one (with a dateline)."""

from __future__ import annotations

from datetime import datetime

from summarize.records import Article, Event, Sentence
from summarize.sentences import split_article

BRIDGE = {
    "a1": (
        "A section of the Calder River bridge collapsed on Tuesday morning, sending two trucks "
        "into the water and injuring five people. Rescue crews pulled both drivers from the "
        "river within an hour, the fire service said. The bridge, built in 1964, had been due "
        "for a full inspection next spring. Traffic between the two halves of the city was "
        "diverted to the northern ring road. But officials declined to say when the crossing "
        "would reopen.\nPhoto: City fire service"
    ),
    "a2": (
        "Five people were injured when part of the Calder River bridge collapsed on Tuesday, "
        "sending two trucks into the river. The city engineer said corrosion in the steel "
        "supports was the most likely cause of the collapse. Both drivers were rescued by fire "
        "crews and taken to hospital with minor injuries. Was the bridge safe to use? Mayor "
        "Ines Ortega ordered inspections of all eleven bridges over the Calder River."
    ),
    "a3": (
        "Mayor Ines Ortega has ordered safety checks on every bridge over the Calder River "
        "after Tuesday's collapse injured five people. Corrosion in the steel supports is "
        "suspected, the city engineer told reporters. The northern ring road will carry "
        "diverted traffic for at least three months. ``We will not reopen the crossing until "
        "it is safe,'' Ortega said."
    ),
}
COPY = "CALDER CITY (Wire) _ " + BRIDGE["a1"]


def bridge_event(published: dict[str, datetime] | None = None) -> tuple[Event, list[Sentence]]:
    articles = [Article(aid, text) for aid, text in BRIDGE.items()] + [Article("a4", COPY)]
    if published:
        articles = [Article(a.id, a.text, published=published[a.id]) for a in articles]
    event = Event("e01", "Bridge", tuple(articles), duplicates=(("a4", "a1"),))
    return event, [s for a in articles for s in split_article(a)]
