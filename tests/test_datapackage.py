"""datapackage.json and the Table Schemas: complete, in sync with the files, valid for frictionless."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from ukcsa_data.core.contract import CONTRACT, KEYS, ForeignKey
from ukcsa_data.core.package_files import RESOURCE_NAMES

VALUE_FIELDS = {
    ("figures", "value"),
    ("figures", "value_low"),
    ("figures", "value_high"),
    ("bounds", "minimum"),
    ("bounds", "maximum"),
}
V2_PACKAGE = "https://datapackage.org/profiles/2.0/datapackage.json"


@pytest.fixture(scope="module")
def descriptor(package_dir: Path) -> dict:
    return json.loads((package_dir / "datapackage.json").read_text(encoding="utf-8"))


def test_descriptor_identity(descriptor: dict) -> None:
    assert descriptor["$schema"] == V2_PACKAGE
    assert "profile" not in descriptor
    assert descriptor["name"] == "ukcsa-data"
    assert re.fullmatch(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)", descriptor["version"])
    assert descriptor["licenses"] and descriptor["sources"] and descriptor["contributors"]
    assert [r["name"] for r in descriptor["resources"]] == list(RESOURCE_NAMES)


def test_each_resource_hash_and_bytes_match_its_file(descriptor: dict, package_dir: Path) -> None:
    for resource in descriptor["resources"]:
        data = (package_dir / resource["path"]).read_bytes()
        assert resource["path"] == f"dataset/{resource['name']}.csv"
        assert resource["schema"] == f"schemas/{resource['name']}.schema.json"
        assert resource["bytes"] == len(data), resource["name"]
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest(), resource["name"]


def test_schemas_describe_and_constrain_every_field(descriptor: dict, package_dir: Path) -> None:
    for resource in descriptor["resources"]:
        assert resource["description"]
        schema = json.loads((package_dir / resource["schema"]).read_text(encoding="utf-8"))
        assert schema["primaryKey"]
        foreign = {
            ForeignKey(tuple(fk["fields"]), fk["reference"]["resource"], tuple(fk["reference"]["fields"]))
            for fk in schema.get("foreignKeys", [])
        }
        assert foreign == KEYS[resource["name"]].foreign
        shipped = {
            f["name"]: (
                f.get("type", "string"),
                f["constraints"].get("required", False),
                "enum" in f["constraints"],
            )
            for f in schema["fields"]
        }
        assert shipped == CONTRACT[resource["name"]]
        assert list(shipped) == list(CONTRACT[resource["name"]])
        for field in schema["fields"]:
            assert field["description"], (resource["name"], field["name"])
            assert "constraints" in field, (resource["name"], field["name"])


def test_only_free_text_fields_are_unconstrained(package_dir: Path) -> None:
    """Every field has a constraint except dates (their type is the constraint) and the value fields
    of figures, which the bounds table bounds per unit and geography, and the bounds themselves."""
    for name in RESOURCE_NAMES:
        schema = json.loads((package_dir / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
        for field in schema["fields"]:
            if field["type"] != "date" and (name, field["name"]) not in VALUE_FIELDS:
                assert field["constraints"], (name, field["name"])


def test_frictionless_reports_the_package_valid(package_dir: Path) -> None:
    from frictionless import Package

    package = Package(str(package_dir / "datapackage.json"))
    report = package.validate()
    assert report.valid, report.flatten(["type", "note"])[:10]
