"""The column contract matches the shipped schemas and the rules the validator has."""

from __future__ import annotations

import json
from pathlib import Path

from ukcsa_data.core.contract import KEYS, UNDERSTOOD_VALUES
from ukcsa_data.validation.l6_consistency.consistency import stated_result_fits


def test_every_understood_qualifier_has_a_rule_for_stated_results() -> None:
    """A qualifier the contract lets a schema list must be one the relation check can apply:
    for each, some computed result around 100 fits a stated 100 (an unknown one never fits)."""
    for qualifier in UNDERSTOOD_VALUES[("figures", "qualifier")]:
        if qualifier == "range":
            assert stated_result_fits(100, None, 90, 110, qualifier)
        else:
            assert any(stated_result_fits(c, 100, None, None, qualifier) for c in (99, 100, 101)), qualifier
    assert not any(stated_result_fits(c, 100, None, None, "roughly") for c in (99, 100, 101))


def test_shipped_schemas_declare_the_contract_keys_and_only_understood_values(package_dir: Path) -> None:
    for name, keys in KEYS.items():
        schema = json.loads((package_dir / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
        assert tuple(schema["primaryKey"]) == keys.primary
        declared = {
            (tuple(fk["fields"]), fk["reference"]["resource"], tuple(fk["reference"]["fields"]))
            for fk in schema.get("foreignKeys", [])
        }
        assert declared == set(keys.foreign)
        for field in schema["fields"]:
            understood = UNDERSTOOD_VALUES.get((name, field["name"]))
            if understood is not None:
                assert set(field["constraints"]["enum"]) == set(understood), field["name"]
