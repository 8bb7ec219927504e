"""[fuzz] Hostile input: whatever bytes or JSON a package holds, the report is a well-formed report.

Random bytes in any file of the package, and random JSON (keys and strings with control characters,
lone surrogates, bidi controls and invisible characters) spliced into ``datapackage.json`` or a
Table Schema: ``ukcsa-data validate`` answers with exit 0 or 1 and nothing on stderr, and its output
in every format passes ``tests/report_shape.py`` (no unescaped character, no forged line, the
verdict once and last); and when it says VALID, frictionless reads the same header and rows and
finds the package valid (no VALID package that another reader reads differently). The command
runs in-process on one copy of the package per test, each example writing one file and putting it
back.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import report_shape
from agreement import assert_frictionless_agrees
from example_counts import runs_its_examples, thorough_at_most
from harness import run_validate
from hypothesis import example, given
from hypothesis import strategies as st
from package_model import REPO_ROOT, RESOURCES

pytestmark = pytest.mark.fuzz

PARTS = ("datapackage.json", "dataset", "schemas", "seeds")
SEEDS = sorted(p.relative_to(REPO_ROOT).as_posix() for p in (REPO_ROOT / "seeds").iterdir() if p.is_file())
FILES = [
    "datapackage.json",
    *(f"schemas/{name}.schema.json" for name in RESOURCES),
    *(f"dataset/{name}.csv" for name in RESOURCES),
    *SEEDS,
]
JSON_FILES = FILES[: 1 + len(RESOURCES)]
FORMS = st.sampled_from(["text", "json", "github"])

#: Pieces of text that try to forge or hide output, mixed into arbitrary text.
HOSTILE = st.sampled_from(
    [
        *"\n\r\t\x00\x1b\x7f\x85\u00a0\u00ad\u061c\u180e\u200b\u200e\u2028\u202e\u2060\u2066\ufeff\ud800\udfff",
        *("\U000e0001", "%", ":", ",", "::error ", "VALID: ", "\\u00a0", "\\"),
    ]
)
TEXT = st.lists(st.text(max_size=3) | HOSTILE, max_size=5).map("".join)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=8,
)


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the repository's package for the module; each example restores what it changed."""
    root = tmp_path_factory.mktemp("hostile") / "package"
    root.mkdir()
    for part in PARTS:
        source = REPO_ROOT / part
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, root / part)
    return root


@contextmanager
def written(root: Path, path: str, data: bytes) -> Iterator[None]:
    """``data`` in the package's file ``path`` for the block, then the original bytes again."""
    target = root / path
    original = target.read_bytes()
    target.write_bytes(data)
    try:
        yield
    finally:
        target.write_bytes(original)


def assert_well_formed_report(root: Path, form: str) -> None:
    """Exit 0 or 1, nothing on stderr, a well-formed report; and VALID only if frictionless reads
    the same tables and finds them valid."""
    code, out, err = run_validate(root, form)
    assert code in (0, 1), err
    assert err == ""
    report_shape.check(out, form)
    if code == 0:
        assert_frictionless_agrees(root)


@runs_its_examples()
@thorough_at_most(500)
@given(path=st.sampled_from(FILES), data=st.binary(max_size=300), form=FORMS)
@example(path="datapackage.json", data=b'{"\\ud800\\u001b[2J": 1, "\\ud800\\u001b[2J": 2}', form="text")
@example(path="dataset/figures.csv", data=b"figure_id\n\xff\x1b[2J\n", form="github")
def test_random_bytes_in_any_file(package: Path, path: str, data: bytes, form: str) -> None:
    """Any bytes in any one file of the package (descriptor, schema, table, seed): exit 0 or 1,
    nothing on stderr, a well-formed report in the chosen format, and VALID only if frictionless
    reads the same.

    Thorough runs 500 examples (each validates the whole package)."""
    with written(package, path, data):
        assert_well_formed_report(package, form)


def _nodes(node: Any, at: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield at
    children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in children:
        yield from _nodes(value, (*at, key))


@st.composite
def spliced_json(draw: st.DrawFn, path: str) -> bytes:
    """The real document with one node replaced by random JSON, or a random key added to one of
    its objects; written with or without ASCII escapes (lone surrogates then as ``\\ud800``, or
    as the bytes Python's ``surrogatepass`` gives)."""
    document = json.loads((REPO_ROOT / path).read_bytes())
    nodes = list(_nodes(document))
    # names and paths are printed as a problem's field or path: drawn more often
    named = [at for at in nodes if at and at[-1] in ("name", "path", "fields", "resources")]
    at = draw(st.sampled_from(nodes) | st.sampled_from(named))
    parent: Any = {"": document}
    key: Any = ""
    for step in at:
        parent, key = parent[key], step
    target = parent[key]
    if isinstance(target, dict) and draw(st.booleans()):
        target[draw(TEXT)] = draw(JSON)
    else:
        parent[key] = draw(JSON)
    text = json.dumps(parent[""] if not at else document, indent=2, ensure_ascii=draw(st.booleans()))
    return text.encode("utf-8", "surrogatepass")


def _schema_with_field_name(name: str) -> tuple[str, bytes]:
    path = "schemas/figures.schema.json"
    schema = json.loads((REPO_ROOT / path).read_bytes())
    schema["fields"].append({"name": name, "type": "nonsense"})
    return path, json.dumps(schema, indent=2).encode("ascii")


SPLICED = st.sampled_from(JSON_FILES).flatmap(lambda path: st.tuples(st.just(path), spliced_json(path)))


@runs_its_examples()
@thorough_at_most(500)
@given(spliced=SPLICED, form=FORMS)
@example(spliced=_schema_with_field_name("x\ud800\x1b[2J\nVALID: 0 error(s)\u202e"), form="text")
@example(spliced=_schema_with_field_name("x\r\n::error file=a::forged,%0A"), form="github")
def test_random_json_spliced_into_descriptor_and_schemas(
    package: Path, spliced: tuple[str, bytes], form: str
) -> None:
    """Random JSON values and keys (any text, control characters, lone surrogates, bidi controls)
    spliced into datapackage.json or a schema: exit 0 or 1, nothing on stderr, a well-formed
    report in the chosen format, and VALID only if frictionless reads the same.

    Thorough runs 500 examples (each validates the whole package)."""
    path, data = spliced
    with written(package, path, data):
        assert_well_formed_report(package, form)


@pytest.mark.slow
def test_one_hostile_package_through_the_console_script(package: Path) -> None:
    """The same, once through the real console script with an ASCII stdout."""
    descriptor = json.loads((package / "datapackage.json").read_bytes())
    descriptor["resources"][0]["name\ud800\x1b[2J\n::error::x"] = "\u202e" + "VALID: 0 error(s)\n"
    data = json.dumps(descriptor, indent=2).encode("ascii")
    with written(package, "datapackage.json", data):
        result = subprocess.run(
            [sys.executable, "-m", "ukcsa_data.cli", "validate", str(package), "--format", "github"],
            capture_output=True,
            env={**os.environ, "PYTHONIOENCODING": "ascii"},
            check=False,
        )
    assert result.returncode in (0, 1) and result.stderr == b""
    report_shape.check(result.stdout.decode("ascii"), "github")
