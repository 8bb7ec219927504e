"""Run ``ukcsa-data validate`` on hostile packages (issue 11) and record its time and peak memory.

    python benchmarks/adversarial.py [--rows 100000] [--shapes a b ...] [--timeout 120] [--keep]

Each shape (``benchmarks/synthetic/hostile.py``) is one function that turns a copy of the
synthetic package of ``--rows`` figures (``benchmarks/generate.py``) into a hostile one: a 50 MB
single-line CSV, an 8 MB quoted cell, 100k long ``notes``, a sparse 1.5 GiB CSV, quotes at the end
of a 1 MB article, exclusions that cannot be anchored, 99k uncovered numbers, maximal
``value_text`` cells, huge enums, a resource listed 10,000 times, large seeds, each kind of hostile
schema pattern, bidi and invisible characters, and the plain package as the baseline. Each
``validate`` runs as a subprocess under GNU ``/usr/bin/time`` (``os.wait4`` without it); the wall
time, CPU time and peak resident memory (of ``validate`` and its worker process together, see
``run.py``), exit code and summary line go to ``benchmarks/results/adversarial/``
(``adversarial.md``, ``adversarial.json`` and ``logs/``). The target: every shape under 30 s and
1 GiB, exit 0 or 1 and no traceback.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import measure, ukcsa_summary  # noqa: E402
from synthetic.hostile import SHAPES, Sizes, build_shape  # noqa: E402


def package_bytes(pkg: Path) -> int:
    """Apparent size of every file of ``pkg``."""
    return sum(p.stat().st_size for p in pkg.rglob("*") if p.is_file())


def run_shape(name: str, args: argparse.Namespace, results: Path) -> dict[str, Any]:
    """Build one shape, validate it under GNU time and return what was measured."""
    started = time.perf_counter()
    pkg = build_shape(name, args.rows, results)
    built = time.perf_counter() - started
    size = package_bytes(pkg)
    cmd = [args.ukcsa_data, "validate", str(pkg)]
    run = measure(cmd, args.timeout, results / "logs" / f"{name}.log")
    log = Path(run.log).read_text(encoding="utf-8", errors="replace")
    summary = "timed out" if run.timed_out else ukcsa_summary(run.log)
    if not args.keep:
        shutil.rmtree(pkg)
    return {
        "shape": name,
        "what": " ".join((SHAPES[name].__doc__ or "").split()),
        "package_mb": round(size / 1e6, 1),
        "build_s": round(built, 1),
        "wall_s": run.wall_s,
        "cpu_s": run.cpu_s,
        "peak_mib": run.peak_mib,
        "exit_code": run.exit_code,
        "timed_out": run.timed_out,
        "traceback": "Traceback" in log,
        "summary": summary,
    }


def _ok(row: dict[str, Any]) -> bool:
    return (
        not row["timed_out"]
        and row["exit_code"] in (0, 1)
        and not row["traceback"]
        and row["wall_s"] < 30
        and row["peak_mib"] < 1024
    )


def render(rows: list[dict[str, Any]], n: int) -> str:
    """The Markdown table of the measured shapes."""
    lines = [
        f"Adversarial shapes at {n:,} figures (`python benchmarks/adversarial.py --rows {n}`).",
        "",
        "| shape | package MB | wall s | CPU s | peak MiB | exit | summary | under 30 s, 1 GiB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for row in rows:
        wall = f">{row['wall_s']:.0f} (timeout)" if row["timed_out"] else f"{row['wall_s']:.2f}"
        peak = "" if row["peak_mib"] is None else f"{row['peak_mib']:,.0f}"
        cpu = "" if row["cpu_s"] is None else f"{row['cpu_s']:.2f}"
        summary = row["summary"].replace("|", "\\|")[:110]
        lines.append(
            f"| {row['shape']} | {row['package_mb']:,} | {wall} | {cpu} | {peak} | {row['exit_code']} "
            f"| {summary} | {'yes' if _ok(row) else '**no**'} |"
        )
    lines += ["", "Shapes:", ""]
    lines += [f"- `{row['shape']}`: {row['what']}" for row in rows]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000, help="figures of the base package")
    parser.add_argument("--shapes", nargs="*", default=list(SHAPES), choices=list(SHAPES))
    parser.add_argument("--timeout", type=float, default=120, help="seconds before validate is killed")
    parser.add_argument("--keep", action="store_true", help="keep each shape's package after the run")
    parser.add_argument("--results", type=Path, default=HERE / "results" / "adversarial")
    parser.add_argument("--ukcsa-data", default=str(Path(sys.executable).parent / "ukcsa-data"))
    args = parser.parse_args(argv)
    args.results.mkdir(parents=True, exist_ok=True)
    rows = []
    for name in args.shapes:
        print(f"{name} ...", end=" ", flush=True)
        rows.append(run_shape(name, args, args.results))
        print(
            f"{rows[-1]['wall_s']:.1f} s, {rows[-1]['peak_mib'] or 0:,.0f} MiB, exit {rows[-1]['exit_code']}"
        )
    table = render(rows, args.rows)
    (args.results / "adversarial.md").write_text(table, encoding="utf-8")
    meta = {"rows": args.rows, "sizes": asdict(Sizes()), "shapes": rows}
    (args.results / "adversarial.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(table)
    return 0 if all(_ok(row) for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
