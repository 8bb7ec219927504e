"""What `import ukcsa_data` offers: the bundled descriptor for frictionless, descriptions of tables
and columns, `dir()` and `load()`'s docstring naming every table, the README's dependency lines."""

from __future__ import annotations

import json
import re
import tomllib

import frictionless
import pytest
from conftest import REPO_ROOT

import ukcsa_data
from ukcsa_data.core.package_files import RESOURCE_NAMES


def test_frictionless_reads_the_bundled_package_from_datapackage_path() -> None:
    path = ukcsa_data.datapackage_path()
    assert path.name == "datapackage.json" and path.is_file()
    package = frictionless.Package(str(path))
    assert package.resource_names == list(RESOURCE_NAMES)
    rows = package.get_resource("figures").read_rows()
    assert len(rows) == len(ukcsa_data.load("figures"))


def test_describe_gives_every_table_and_column_description_from_the_package() -> None:
    descriptor = json.loads((REPO_ROOT / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        described = ukcsa_data.describe(resource["name"])
        assert described.description == resource["description"]
        schema = json.loads((REPO_ROOT / resource["schema"]).read_text(encoding="utf-8"))
        assert [(c.name, c.type, c.description) for c in described.columns] == [
            (f["name"], f.get("type", "string"), f["description"]) for f in schema["fields"]
        ]
        assert all(c.description for c in described.columns)
    assert ukcsa_data.describe("figures").column("quote").description.startswith("Exact passage")


def test_describe_refuses_an_unknown_table_or_column_naming_the_choices() -> None:
    with pytest.raises(ValueError, match="choose one of areas, units"):
        ukcsa_data.describe("figure")
    with pytest.raises(KeyError, match="no column 'valu'"):
        ukcsa_data.describe("figures").column("valu")


def test_description_is_frozen() -> None:
    described = ukcsa_data.describe("sources")
    with pytest.raises(AttributeError):
        described.description = "changed"  # type: ignore[misc]


def test_dir_and_all_show_the_lazily_imported_loader() -> None:
    for name in ("load", "load_all", "describe", "datapackage_path"):
        assert name in dir(ukcsa_data)
        assert name in ukcsa_data.__all__
        assert callable(getattr(ukcsa_data, name))


def test_load_docstring_names_every_table() -> None:
    doc = ukcsa_data.load.__doc__ or ""
    listed = re.findall(r'^\s*- ``"([a-z_]+)"``:', doc, flags=re.MULTILINE)
    assert listed == list(RESOURCE_NAMES)


def _runtime_dependencies() -> list[str]:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [re.split(r"[<>=!~\[; ]", spec, maxsplit=1)[0] for spec in project["dependencies"]]


def _paragraph(text: str, start: str) -> str:
    begin = text.index(start)
    end = text.find("\n\n", begin)
    return text[begin : end if end != -1 else None]


def test_readme_lists_every_runtime_dependency() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    listed = _paragraph(readme, "Runtime dependencies:")
    dependencies = _runtime_dependencies()
    assert "openpyxl" in dependencies
    for name in dependencies:
        assert name in listed, f"README's 'Runtime dependencies' paragraph does not name {name}"


def test_readme_names_pyarrow_wherever_it_says_pandas_read_parquet() -> None:
    """In the README and in every page of docs/."""
    for path in [REPO_ROOT / "README.md", *(REPO_ROOT / "docs").glob("*.md")]:
        text = path.read_text(encoding="utf-8")
        paragraphs = [p for p in re.split(r"\n\s*\n", text) if "pandas.read_parquet" in p]
        assert paragraphs or path.name != "README.md"
        assert all("pyarrow" in p for p in paragraphs), path.name
