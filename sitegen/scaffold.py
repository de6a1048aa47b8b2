"""``sitegen new DIR``: a ready site to start from, and the hint when a folder is not one yet.

The new site has a commented ``sitegen.toml``, a German and an English sample article in
``seeds/`` (Markdown with front matter: title, date, language, tags, sources), a ``templates/``
folder whose README says how to override the bundled templates file by file, and a
``.gitignore`` for the output and cache folders. ``sitegen build`` and ``sitegen serve`` run in
it at once.
"""

from __future__ import annotations

from pathlib import Path

from .config import CONFIG_NAME, Config
from .errors import SitegenError

CONFIG = '''\
# sitegen.toml: the settings of this site. Every key is optional; the values shown are the defaults
# unless said otherwise. Paths are relative to this file's folder.

title = "{title}"                       # shown in the header, the page titles and the feeds
description = "Annotated news articles"  # the <meta name="description"> of listing pages

# The URL the site is published at. With a host (https://user.github.io/repo/) the sitemap, the
# canonical links and the Open Graph URLs are absolute, as search engines need; with a bare path
# ("/", the default, fine for `sitegen serve`) they are left out and the build says so.
base_url = "/"

language = "en"            # the language of listing pages (articles keep their own: `lang:` in front matter)
languages = ["de", "en"]   # languages an article may be in; others are detected or refused

content_dir = "seeds"      # the articles: Markdown (.md) with YAML front matter, or plain-text wire copy (.txt)
output_dir = "site"        # where `sitegen build` writes the site
templates_dir = "templates"  # your own templates, file by file over the bundled ones (see templates/README.md)
registry = "entities.yml"  # optional: canonical names, types and links of entities
per_page = 20              # articles per listing page
drafts = false             # true: build articles marked `draft: true` too (or `sitegen build --drafts`)
allow_html = false         # true: keep raw HTML in articles unsanitized (only for trusted authors)

# spaCy pipelines per language, used when installed (else sitegen's rule-based annotators run):
# [models]
# de = "de_core_news_md"
# en = "en_core_web_sm"
'''

GERMAN_SAMPLE = '''\
---
title: Neue Stadtbibliothek in Leipzig öffnet nach drei Jahren Bauzeit
date: {date}
lang: de
author: Beispielredaktion
tags: [Kultur, Leipzig]
summary: >-
  Die neue Stadtbibliothek am Wilhelm-Leuschner-Platz ist eröffnet. Oberbürgermeister Burkhard
  Jung spricht von einem Ort für alle.
sources:
  - name: Leipziger Volkszeitung
    url: https://www.lvz.de/
---

Nach drei Jahren Bauzeit hat die neue Stadtbibliothek in Leipzig am Samstag ihre Türen geöffnet.
Schon am Vormittag standen nach Angaben der Stadtverwaltung mehr als 2.000 Menschen vor dem
Eingang am Wilhelm-Leuschner-Platz.

„Diese Bibliothek ist ein Ort für alle, ob jung oder alt“, sagte Oberbürgermeister Burkhard Jung
bei der Eröffnung. Die Baukosten lagen bei 48 Millionen Euro, wie die Leipziger Volkszeitung
berichtete.[^kosten]

Bibliotheksdirektorin Susanne Metz sagte, das Haus solle auch ein Treffpunkt werden. „Wir wollen,
dass die Leute hier ihren Nachmittag verbringen“, sagte Metz.

[^kosten]: Die ursprüngliche Planung ging von 40 Millionen Euro aus.
'''

ENGLISH_SAMPLE = '''\
---
title: Night trains return between Vienna and Amsterdam
date: {date}
lang: en
author: Sample desk
tags: [Transport, Europe]
summary: >-
  A sleeper service links Vienna and Amsterdam again, three times a week, the Austrian
  railway ÖBB said on Monday.
sources:
  - name: Reuters
    url: https://www.reuters.com/
---

A night train links Vienna and Amsterdam again from Monday, running three times a week through
Germany, the Austrian railway ÖBB said.

"Demand for night trains has grown every year since 2016," said Andreas Matthä, the chief
executive of ÖBB. Tickets for the first month sold out within days, according to Reuters.

The service stops in Frankfurt and Cologne. Anna Berger, a passenger from Vienna, said she had
waited for it for years. "It is the only way I travel to see my family now," Berger said.
'''

TEMPLATES_README = '''\
# Your templates

Put a file here with the name of a bundled template to use yours instead, file by file; the
rest stay as they are. The bundled ones are in sitegen's `templates/` folder (installed as
`sitegen/_templates/`): `base.html` (the frame of every page), `article.html`, `index.html`,
`entities.html`, `entity.html`, `speaker.html`, `source.html`, `tag.html`, `language.html`,
`search.html`, `404.html`, and `static/` (`style.css`, `site.js`, `search.js`, `favicon.svg`).
Start by copying the one you want to change. `sitegen serve` reloads the page when you save.
'''

GITIGNORE = "site/\n.sitegen-cache/\n"


def new_site(folder: Path, *, title: str | None = None, date: str = "2026-01-15") -> list[Path]:
    """Write a ready site into ``folder`` (made if missing; an existing one must be empty).
    Returns the files written."""
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise SitegenError("not an empty folder: sitegen new writes a site only into a new or empty one", folder)
    name = title or folder.resolve().name.replace("-", " ").replace("_", " ").title() or "My site"
    files = {
        CONFIG_NAME: CONFIG.format(title=name.replace("\\", "\\\\").replace('"', '\\"')),
        f"seeds/{date}-stadtbibliothek-leipzig.md": GERMAN_SAMPLE.format(date=date),
        f"seeds/{date}-night-trains.md": ENGLISH_SAMPLE.format(date=date),
        "templates/README.md": TEMPLATES_README,
        ".gitignore": GITIGNORE,
    }
    written = []
    for relative, content in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
        written.append(path)
    return written


def require_content(config: Config) -> None:
    """Raise with a hint when the content folder is missing (before a build starts)."""
    if config.content_path.is_dir():
        return
    here = config.root / CONFIG_NAME
    setting = f"content_dir in {here}" if here.exists() else f"content_dir = \"FOLDER\" in a {CONFIG_NAME} here"
    raise SitegenError(
        f"content folder not found: put your articles there, set {setting}, "
        "or start a new site with `sitegen new DIR`",
        config.content_path,
    )
