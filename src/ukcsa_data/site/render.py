"""The site's pages, rendered from the templates shipped in ``ukcsa_data/site/templates``.

Every value is escaped twice over: Jinja2's autoescape writes HTML's own characters (``& < > " '``)
as entities, and the environment's ``finalize`` passes every string through
:func:`escaping.page_text` first, so a bidi control or an invisible character in a package value
shows as ``\\uXXXX`` instead of reordering or hiding the text around it. Only the templates write
markup; addresses are made of fixed parts and ids checked by :func:`content.page_id`.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from ukcsa_data.core.escaping import page_text
from ukcsa_data.site.content import Site

#: The stylesheet, written at the site's root.
STYLESHEET = "site.css"


def _finalize(value: Any) -> Any:
    """Every value a template prints: a string shown by :func:`page_text` (markup the templates
    made themselves is left as it is)."""
    if isinstance(value, Markup) or not isinstance(value, str):
        return "" if value is None else value
    return page_text(value)


def _words(code: str) -> str:
    """An enum code as words: ``at_least`` -> ``at least``."""
    return code.replace("_", " ")


def _sentence(text: str) -> str:
    """``text`` with its first letter in capitals, for a heading."""
    return text[:1].upper() + text[1:]


def _period(row: dict[str, str]) -> str:
    start, end = row.get("period_start", ""), row.get("period_end", "")
    if start and end:
        return start if start == end else f"{start} to {end}"
    return start or end or "not stated"


def environment() -> Any:
    """The Jinja2 environment: the package's templates, autoescape on, every value shown safely."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("ukcsa_data.site", "templates"),
        autoescape=True,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["words"] = _words
    env.filters["period"] = _period
    env.filters["sentence"] = _sentence
    return env


def pages(site: Site, facts: dict[str, Any]) -> dict[str, str]:
    """Every page of the site, by its path relative to the site's root."""
    env = environment()
    common = {"facts": facts, "site": site, "stylesheet": STYLESHEET}
    rendered: dict[str, str] = {
        "index.html": env.get_template("index.html").render(root="", **common),
        STYLESHEET: env.get_template("site.css").render(),
    }
    for source_id, article in site.articles.items():
        rendered[f"articles/{source_id}.html"] = env.get_template("article.html").render(
            root="../", article=article, **common
        )
    for statistic_id, statistic in site.statistics.items():
        rendered[f"statistics/{statistic_id}.html"] = env.get_template("statistic.html").render(
            root="../", statistic=statistic, **common
        )
    for table in facts["tables"]:
        rendered[f"tables/{table.name}.html"] = env.get_template("table.html").render(
            root="../", table=table, rows=site.rows.get(table.name, []), **common
        )
    return rendered
