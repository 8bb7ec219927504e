"""The report of ``benchmarks/run.py``: the Markdown table of what it measured, and a short note
on what the frictionless CLI said."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

_FL_ERROR_ROW = re.compile(r"│[^│]*│[^│]*│\s*([a-z]+(?:-[a-z]+)+)\s*│")
_FL_INVALID = re.compile(r"│\s*(\w+)\s*│\s*table\s*│[^│]*│\s*INVALID\s*│")


def frictionless_note(result: dict[str, Any]) -> str:
    """A short note on what the frictionless CLI said."""
    if result["timed_out"]:
        return f"timed out after {result['timeout_s']:.0f} s"
    text = Path(result["log"]).read_text(encoding="utf-8", errors="replace")
    if result["exit_codes"] == [0]:
        return "VALID"
    invalid = _FL_INVALID.findall(text)
    errors = Counter(_FL_ERROR_ROW.findall(text))
    parts = []
    if invalid:
        parts.append("INVALID: " + ", ".join(invalid))
    if errors:
        parts.append("; ".join(f"{count} {code}" for code, count in errors.most_common()))
    if not parts:
        tail = [ln.strip() for ln in text.splitlines() if ln.strip()][-1:] or ["(no output)"]
        parts.append(tail[0][:200])
    return f"exit {result['exit_codes']}: " + " ".join(parts)


def _fmt(x: float | None, digits: int = 2) -> str:
    return "—" if x is None else f"{x:,.{digits}f}"


def render(env: dict[str, Any], shipped: dict[str, Any], rows: list[dict[str, Any]]) -> str:
    """The Markdown report: the machine, the shipped package's table and the table of sizes."""
    out = [_machine(env), ""]
    fixed = None
    if shipped:
        out += _shipped_table(shipped)
        fixed = shipped[next(iter(shipped))]["ukcsa"]["wall_s"]
    out.append(
        "| N figures | sources | exclusions | figures.csv MB | seeds MB | generate s | "
        "ukcsa-data wall s | CPU s | peak MiB | ukcsa-data result | "
        "frictionless wall s | CPU s | peak MiB | frictionless result | ours / frictionless (wall) | "
        "ukcsa-data µs per figure | marginal µs per figure |"
    )
    out.append("|" + "|".join(" --- " if i in (9, 13) else " ---: " for i in range(17)) + "|")
    out += ["| " + " | ".join(_size_cells(row, fixed)) + " |" for row in rows]
    out.append("")
    out.append(
        "Wall and CPU times are medians, peak memory the highest resident set size (GNU time %M) over "
        "the runs; 'marginal µs per figure' is (wall − wall of the shipped package) / N."
    )
    return "\n".join(out) + "\n"


def _machine(env: dict[str, Any]) -> str:
    pk = env["packages"]
    return (
        f"Machine: {env['nproc']} cores ({env['cpu']}), {env['memory_gib']} GiB RAM, {env['os']}; "
        f"Python {env['python']}; ukcsa-data {pk['ukcsa-data']} (commit {env['commit']}), "
        f"pandas {pk['pandas']}, numpy {pk['numpy']}, pandera {pk['pandera']}, "
        f"frictionless {pk['frictionless']}; timer {env['timer']}; load average at start "
        f"{', '.join(f'{x:.2f}' for x in env['load_average_at_start'])}; {env['date']}."
    )


#: The rows of the shipped package's table.
SHIPPED_LABELS = {
    "baseline": '`python -c "import pandas, pandera.pandas, frictionless"` (baseline)',
    "ukcsa": "`ukcsa-data validate` (shipped package)",
    "frictionless": "`frictionless validate datapackage.json` (shipped package)",
}


def _shipped_table(shipped: dict[str, Any]) -> list[str]:
    """The lines of the shipped package's table (one column group per mode) and its note."""
    modes = list(shipped)
    header = "| shipped package: 4 sources, 41 figures | " + " | ".join(
        f"{m}: wall s | {m}: CPU s | {m}: peak MiB" for m in modes
    )
    out = [header + " |", "| --- |" + " ---: |" * (3 * len(modes))]
    for name, label in SHIPPED_LABELS.items():
        if name not in shipped[modes[0]]:
            continue
        cells = []
        for m in modes:
            r = shipped[m][name]
            cells += [_fmt(r["wall_s"]), _fmt(r["cpu_s"]), _fmt(r["peak_mib"], 0)]
        out.append(f"| {label} | " + " | ".join(cells) + " |")
    ratio = []
    for m in modes:
        ratio += [f"**{_fmt(shipped[m]['ratio'])}**", "", ""]
    out.append("| **ratio ukcsa-data / baseline (wall, median)** | " + " | ".join(ratio) + " |")
    runs = shipped[modes[0]]["baseline"]["runs"]
    described = "; ".join(f"`{m}`: {shipped[m]['description']}" for m in modes)
    return [*out, "", f"Median of {runs} interleaved runs after one warm-up each. Modes: {described}.", ""]


def _frictionless_cells(row: dict[str, Any]) -> tuple[list[str], str]:
    """The frictionless cells of a size's row, and ours / frictionless."""
    u, f = row["ukcsa"], row.get("frictionless")
    if f is None:
        return ["not run", "—", "—", "—"], "—"
    cells = [
        ("> " if f["timed_out"] else "") + _fmt(f["wall_s"] or f["timeout_s"]),
        _fmt(f["cpu_s"]),
        _fmt(f["peak_mib"], 0),
        row["frictionless_note"],
    ]
    ok = f["wall_s"] and u["wall_s"] and not f["timed_out"]
    return cells, _fmt(u["wall_s"] / f["wall_s"]) if ok else "—"


def _size_cells(row: dict[str, Any], fixed: float | None) -> list[str]:
    """The cells of one size's row; ``fixed`` is the shipped package's wall time, if measured."""
    meta, u = row["meta"], row["ukcsa"]
    n = int(meta["n"])
    per_fig = u["wall_s"] / n * 1e6 if u["wall_s"] else None
    marginal = (u["wall_s"] - fixed) / n * 1e6 if u["wall_s"] and fixed else None
    f_cells, vs = _frictionless_cells(row)
    return [
        f"{n:,}",
        f"{meta['sources']:,}",
        f"{meta['exclusions']:,}",
        f"{meta['figures_bytes'] / 1e6:,.1f}",
        f"{meta['seed_bytes'] / 1e6:,.1f}",
        _fmt(meta.get("generate_wall_s"), 1),
        f"{_fmt(u['wall_s'])} ({u['runs']}×)",
        _fmt(u["cpu_s"]),
        _fmt(u["peak_mib"], 0),
        row["ukcsa_result"],
        *f_cells,
        vs,
        _fmt(per_fig, 1),
        _fmt(marginal, 1),
    ]
