"""Short German news items for the build tests: people, places, a quote and a cited agency in
each, so that a build of many of them fills every kind of page."""

from __future__ import annotations

from pathlib import Path

PEOPLE = ["Olaf Scholz", "Angela Merkel", "Annalena Baerbock", "Christian Lindner", "Robert Habeck"]
PLACES = ["Berlin", "Wien", "Hamburg", "Brüssel", "München"]


def write_news_items(seeds: Path, count: int, *, tags: bool = False, draft: int | None = None) -> None:
    """``count`` items ``meldung-NNN.md`` in ``seeds``, each naming other people and places;
    ``tags``: each has two tags; ``draft``: the item of that number is a draft."""
    seeds.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        who, where = PEOPLE[n % 5], PLACES[(n // 5) % 5]
        front = f"title: Meldung {n}\nlang: de\ndate: 2026-10-{1 + n % 28:02d}\n"
        front += f"tags: [Politik, Runde {n % 4}]\n" if tags else ""
        front += "draft: true\n" if n == draft else ""
        (seeds / f"meldung-{n:03d}.md").write_text(
            f"---\n{front}---\n"
            f"{who} sagte am Montag in {where}: „Wir beraten über Punkt {n} der Tagesordnung.“\n\n"
            f"Nach Angaben der Deutschen Presse-Agentur dauerte die Sitzung {n % 9 + 1} Stunden.\n",
            encoding="utf-8",
        )
