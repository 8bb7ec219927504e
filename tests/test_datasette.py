"""The real Datasette, installed beside ukcsa-data (rich included, as frictionless brings it), run
in-process on ``export --format all``'s database and metadata.json: every page answers, a wrong
address is a 404, and the metadata's facets, sort, labels and hidden tables take effect."""

from __future__ import annotations

import asyncio
import html
import importlib.metadata
import importlib.util
import json
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO_ROOT

import ukcsa_data
from ukcsa_data.core.package_files import RESOURCE_NAMES
from ukcsa_data.exports import export
from ukcsa_data.exports.datasette import COLUMN_LIST_CSS, COLUMN_LIST_STYLESHEET, INTERNAL, brief
from ukcsa_data.exports.tables import VIEW

if importlib.util.find_spec("datasette") is None:  # pragma: no cover
    pytest.skip(
        "datasette is not installed (pip install datasette, in the test extra)", allow_module_level=True
    )

from datasette.app import Datasette
from datasette.plugins import pm


def _register_plugin() -> None:
    """What the ``datasette`` entry point does once ukcsa-data is installed from this checkout (an
    environment may hold an older install whose metadata lacks it)."""
    import ukcsa_data.datasette_plugin as plugin

    if not pm.is_registered(plugin) and pm.get_plugin("ukcsa_data") is None:
        pm.register(plugin, name="ukcsa_data")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Datasette, Path]]:
    _register_plugin()
    written = export("all", tmp_path_factory.mktemp("datasette") / "all")
    database = next(path for path in written if path.suffix == ".sqlite")
    metadata = json.loads((database.parent / "metadata.json").read_text(encoding="utf-8"))
    yield Datasette([str(database)], metadata=metadata), database


def _get(datasette: Datasette, path: str) -> Any:
    return asyncio.run(datasette.client.get(path))


def test_the_database_name_has_no_dot() -> None:
    from ukcsa_data.exports.sqlite_export import database_name

    assert database_name("2.0.0") == "ukcsa-data-2-0-0"
    assert database_name("2.0.0+unreleased") == "ukcsa-data-2-0-0-unreleased"
    assert database_name(ukcsa_data.__version__).replace("-", "").isalnum()


def test_index_database_and_every_table_answer_200(served: tuple[Datasette, Path]) -> None:
    datasette, database = served
    name = database.stem
    for path in ["/", f"/{name}", *(f"/{name}/{table}" for table in [*RESOURCE_NAMES, VIEW])]:
        response = _get(datasette, path)
        assert response.status_code == 200, (path, response.text[:300])


def test_a_wrong_address_is_a_404_not_a_500(served: tuple[Datasette, Path]) -> None:
    datasette, database = served
    for path in ["/nowhere", f"/{database.stem}/nowhere", f"/{database.stem}/figures/nowhere.json"]:
        response = _get(datasette, path)
        assert response.status_code == 404, (path, response.status_code, response.text[:300])


def test_whole_numbers_show_as_integers_in_the_view(served: tuple[Datasette, Path]) -> None:
    datasette, database = served
    rows = _get(datasette, f"/{database.stem}/{VIEW}.json?_shape=array&_size=max").json()
    assert list(rows[0])[:4] == ["publisher", "title", "published_date", "url"]
    values = [row["value"] for row in rows if row["value"] is not None]
    assert 80000 in values and all(type(v) is int for v in values if v == int(v))
    assert len(rows) == len(ukcsa_data.load("figures"))


def test_facets_labels_and_hidden_tables(served: tuple[Datasette, Path]) -> None:
    datasette, database = served
    name = database.stem
    figures = _get(datasette, f"/{name}/figures.json?_labels=on&_size=1&_extra=facet_results").json()
    facets = figures.get("facet_results", {})
    facets = facets.get("results", facets)
    assert {"source_id", "statistic_id", "qualifier", "unit"} <= set(facets)
    label = figures["rows"][0]["source_id"]
    publishers = set(ukcsa_data.load("sources")["publisher"])
    assert label["label"] in publishers, label
    page = _get(datasette, f"/{name}.json").json()
    hidden = {table["name"] for table in page["tables"] if table["hidden"]}
    assert hidden == set(INTERNAL)


def test_pyproject_registers_the_plugin_for_datasette() -> None:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["entry-points"]["datasette"] == {"ukcsa_data": "ukcsa_data.datasette_plugin"}
    assert importlib.metadata.version("datasette")


def test_the_readme_setting_stops_facet_suggestions(served: tuple[Datasette, Path]) -> None:
    """README's command adds ``--setting suggest_facets off``: no other column is offered."""
    _, database = served
    metadata = json.loads((database.parent / "metadata.json").read_text(encoding="utf-8"))
    quiet = Datasette([str(database)], metadata=metadata, settings={"suggest_facets": False})
    assert _get(quiet, f"/{database.stem}/figures.json").json()["suggested_facets"] == []
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert "--setting suggest_facets off" in readme


def test_a_table_page_opens_with_a_brief_description_and_a_short_column_list(
    served: tuple[Datasette, Path],
) -> None:
    """The figures page starts with the first sentence of the table's description, and the list of
    its 20 column descriptions is a box of a few lines that scrolls (metadata.json's stylesheet,
    COLUMN_LIST_CSS); each description is still on the page, in the list and in its column's
    header (Datasette's column menu shows it from there; the primary key's header has none)."""
    datasette, database = served
    page = html.unescape(_get(datasette, f"/{database.stem}/figures").text)
    description = ukcsa_data.describe("figures").description
    assert brief(description) in page and description not in page
    assert f'<link rel="stylesheet" href="{COLUMN_LIST_STYLESHEET}">' in page
    assert "max-height" in COLUMN_LIST_CSS and "overflow-y:auto" in COLUMN_LIST_CSS
    for column in ukcsa_data.describe("figures").columns:  # Datasette gives the key's header none
        assert page.count(column.description) >= (1 if column.name == "figure_id" else 2), column.name


def test_each_brief_description_is_the_start_of_the_table_s_description() -> None:
    for name in RESOURCE_NAMES:
        description = ukcsa_data.describe(name).description
        short = brief(description)
        assert short.endswith(".") and description.startswith(short[:-1]), name
    assert brief(ukcsa_data.describe("figures").description) == (
        "One row per mention of a figure in an article, in that article's words."
    )
