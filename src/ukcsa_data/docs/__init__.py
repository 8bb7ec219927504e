"""The reference documents generated from the code and the data, so that they say what the code
does and what the data holds: under ``docs/``, the rules of every layer (``rules.md``), the
command-line help (``cli.md``), the tables of problem codes and limits (between markers in
``problem-codes.md`` and ``limits.md``) and the codebook; and the README's headline figures.

``python -m ukcsa_data.docs [ROOT]`` (ROOT: the checkout, by default the current directory)
rewrites them all; a test fails when any is stale.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ukcsa_data import codebook
from ukcsa_data.core import codes, limits
from ukcsa_data.docs import cli_page, headline, rules_page

#: Files generated whole, under docs/: name -> their text.
WHOLE: dict[str, Callable[[], str]] = {
    "rules.md": rules_page.markdown_page,
    "cli.md": cli_page.markdown_page,
}
#: Hand-written files under docs/ with a generated table between markers: name -> the rewrite.
MARKED: dict[str, Callable[[str], str]] = {
    "problem-codes.md": codes.rewrite_markdown,
    "limits.md": limits.rewrite_markdown,
}
README = "README.md"


def generated(root: Path) -> dict[Path, str]:
    """What each generated file of the checkout at ``root`` should hold (the codebook aside)."""
    docs = root / "docs"
    wanted = {docs / name: page() for name, page in WHOLE.items()}
    for name, rewrite in MARKED.items():
        wanted[docs / name] = rewrite((docs / name).read_text(encoding="utf-8"))
    readme = (root / README).read_text(encoding="utf-8")
    wanted[root / README] = headline.rewrite_readme(readme, root)
    return wanted


def write_all(root: Path) -> list[Path]:
    """Rewrite every generated file of the checkout at ``root``; return the files written."""
    written = []
    for path, text in generated(root).items():
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return [*written, *codebook.write(root / "docs", root)]
