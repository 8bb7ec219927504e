"""``ukcsa-data scan`` drafts rows from the same reading of the words as the validator: on each
shipped seed with its rows removed, the drafts agree with the shipped rows wherever the words are
unambiguous (a field the draft fills), and a seed that is covered gives no draft."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import copy_package

from ukcsa_data.contract import CONTRACT
from ukcsa_data.scan import draft_rows

#: The fields a draft fills from the words, compared with the shipped rows.
FIGURE_FIELDS = (
    "value_text",
    "value",
    "value_low",
    "value_high",
    "qualifier",
    "unit",
    "per",
    "measure_type",
    "geography",
    "period_start",
    "period_end",
)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _write(path: Path, name: str, rows: list[dict[str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(CONTRACT[name]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def _position(text: str, row: dict[str, str], span_field: str) -> int:
    at = -1
    for _ in range(int(row["occurrence"])):
        at = text.index(row["quote"], at + 1)
    return at + row["quote"].index(row[span_field])


@dataclass
class Agreement:
    """Per field: drafts that fill it, and how many of those equal the shipped row."""

    filled: dict[str, int] = field(default_factory=dict)
    agreed: dict[str, int] = field(default_factory=dict)
    disagreements: list[str] = field(default_factory=list)
    rows: int = 0

    def count(self, name: str, drafted: str, shipped: str, where: str) -> None:
        if not drafted:
            return
        self.filled[name] = self.filled.get(name, 0) + 1
        if drafted == shipped:
            self.agreed[name] = self.agreed.get(name, 0) + 1
        else:
            self.disagreements.append(f"{where} {name}: drafted {drafted!r}, shipped {shipped!r}")


def agreement(package_dir: Path, tmp_path: Path) -> Agreement:
    """Draft every shipped seed with its own rows removed; compare drafts with the shipped rows."""
    result = Agreement()
    for source in _rows(package_dir / "dataset" / "sources.csv"):
        source_id = source["source_id"]
        root = copy_package(package_dir, tmp_path / source_id)
        shipped: dict[str, list[dict[str, str]]] = {}
        for name in ("figures", "exclusions"):
            rows = _rows(root / "dataset" / f"{name}.csv")
            shipped[name] = [r for r in rows if r["source_id"] == source_id]
            _write(root / "dataset" / f"{name}.csv", name, [r for r in rows if r["source_id"] != source_id])
        text = (root / source["seed_file"]).read_text(encoding="utf-8")
        _, drafts = draft_rows(root, root / source["seed_file"])
        figures = {_position(text, r, "value_text"): r for r in shipped["figures"]}
        exclusions = {_position(text, r, "text"): r for r in shipped["exclusions"]}
        excluded = {at: r for at, r in exclusions.items() for at in range(at, at + len(r["text"]))}
        result.rows += len(figures) + len(exclusions)
        for cells in drafts.figures:
            draft = dict(zip(CONTRACT["figures"], cells, strict=True))
            at = _position(text, draft, "value_text")
            row = figures.get(at) or {}
            kind = "figure" if row else f"exclusion ({(excluded.get(at) or {}).get('reason', '?')})"
            where = f"{source_id} {draft['value_text']!r} (shipped as a {kind})"
            for name in FIGURE_FIELDS:
                result.count(name, draft[name], row.get(name, ""), where)
        for cells in drafts.exclusions:
            draft = dict(zip(CONTRACT["exclusions"], cells, strict=True))
            row = exclusions.get(_position(text, draft, "text")) or {}
            where = f"{source_id} {draft['text']!r}"
            for name in ("text", "reason"):
                result.count(f"exclusion {name}", draft[name], row.get(name, ""), where)
    return result


def test_drafts_agree_with_the_shipped_rows_where_the_words_are_unambiguous(
    package_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every field a draft fills equals the shipped row's, except for number words the shipped data
    records as not quantities ("One officer I met"), which the words cannot tell from a count, and
    which scan drafts as figures for the contributor to turn into exclusions."""
    result = agreement(package_dir, tmp_path)
    with capsys.disabled():
        print("\nscan agreement with the shipped rows, per field (drafted and equal / drafted):")
        for name, filled in result.filled.items():
            print(f"  {name}: {result.agreed.get(name, 0)}/{filled}")
    real = [d for d in result.disagreements if "shipped as a figure" in d or d.startswith("exclusion")]
    assert not real, real
    excluded = {d.split(" (shipped as")[0] for d in result.disagreements}
    assert all(
        "(name)" in d or "(boilerplate)" in d or "(not_a_quantity)" in d for d in result.disagreements
    ), excluded


def test_a_covered_seed_gives_no_draft(package_dir: Path) -> None:
    for source in _rows(package_dir / "dataset" / "sources.csv"):
        _, drafts = draft_rows(package_dir, package_dir / source["seed_file"])
        assert (drafts.figures, drafts.exclusions) == ([], []), source["source_id"]


def test_scan_on_a_covered_seed_prints_nothing(
    package_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ukcsa_data.cli import main

    seed = next(iter(_rows(package_copy / "dataset" / "sources.csv")))["seed_file"]
    assert main(["scan", str(package_copy / seed), str(package_copy)]) == 0
    assert capsys.readouterr() == ("", "")


def test_scan_of_an_unlisted_seed_says_what_to_do(
    package_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ukcsa_data.cli import main

    seed = package_copy / "seeds" / "004_new.txt"
    seed.write_text("Police made 40 arrests.\n", encoding="utf-8")
    assert main(["scan", str(seed), str(package_copy)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("ukcsa-data scan: no row of dataset/sources.csv names seeds/004_new.txt")
    assert "ukcsa-data add-source" in err


def test_scan_prints_drafts_as_csv_and_write_appends_them(
    package_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The printed drafts are CSV in the package's columns; --write appends exactly those rows and
    leaves datapackage.json in step (no resource-hash problem)."""
    from ukcsa_data.cli import main
    from ukcsa_data.validation.runner import validate_package

    source = _rows(package_copy / "dataset" / "sources.csv")[2]  # deeside-2020
    figures = _rows(package_copy / "dataset" / "figures.csv")
    _write(
        package_copy / "dataset" / "figures.csv",
        "figures",
        [r for r in figures if r["figure_id"] not in ("fig-0025", "fig-0026")],
    )
    seed = str(package_copy / source["seed_file"])
    assert main(["scan", seed, str(package_copy)]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("# dataset/figures.csv\n")
    drafts = list(csv.DictReader(io.StringIO(printed.split("\n", 1)[1])))
    assert [(r["value_text"], r["qualifier"], r["per"], r["geography"]) for r in drafts] == [
        ("500", "more_than", "month", "UK"),
        ("700", "around", "month", "UK"),  # "safeguarding around 700": "around" after a verb of a count
    ]
    assert main(["scan", seed, str(package_copy), "--write"]) == 0
    assert "appended 2 draft row(s) to dataset/figures.csv" in capsys.readouterr().out
    appended = _rows(package_copy / "dataset" / "figures.csv")[-2:]
    assert appended == drafts
    codes = {p.code for p in validate_package(package_copy).problems}
    assert not codes & {"resource-hash", "resource-bytes", "token-uncovered"}


@pytest.mark.parametrize(
    ("basis", "period"),
    [("external", ("2021-01-01", "2021-12-31")), ("inferred", ("", ""))],
)
def test_scan_drafts_a_relative_period_by_the_publication_date(
    package_copy: Path, basis: str, period: tuple[str, str]
) -> None:
    """ "... in just one month last year", in an article published on 2022-05-01, is drafted with
    the period 2021; where that date is inferred (it may be a day off, and 1 May is a month's first
    day) the period is left empty."""
    sources = _rows(package_copy / "dataset" / "sources.csv")
    source = next(r for r in sources if r["source_id"] == "sunday-express-2022")
    source["date_basis"] = basis
    _write(package_copy / "dataset" / "sources.csv", "sources", sources)
    figures = _rows(package_copy / "dataset" / "figures.csv")
    _write(
        package_copy / "dataset" / "figures.csv",
        "figures",
        [r for r in figures if r["figure_id"] != "fig-0034"],
    )
    _, drafts = draft_rows(package_copy, package_copy / source["seed_file"])
    drafted = [dict(zip(CONTRACT["figures"], cells, strict=True)) for cells in drafts.figures]
    (draft,) = [d for d in drafted if "last year" in d["quote"] and d["value_text"] == "400,000"]
    assert (draft["period_start"], draft["period_end"]) == period
    assert draft["per"] == ""  # a total for a single month, not a rate
