"""Benchmark ``ukcsa-data validate`` against ``frictionless validate`` on synthetic packages.

    python benchmarks/run.py [--sizes 1000 10000 100000 1000000] [--repeat 3] [--timeout 900]

For each N the package is generated once by ``benchmarks/generate.py`` and cached under
``benchmarks/results/pkg-N/`` (regenerated when the generator, ``generate.py`` and
``benchmarks/synthetic/``, changes); then the wall time, CPU
time (user + system, of the command and the worker processes it starts) and peak resident memory of
each command are measured as a subprocess, with GNU ``/usr/bin/time`` when it exists and
``os.wait4`` otherwise; the peak memory is that of the command and its workers together (their
resident sets summed every 50 ms from ``/proc``), never below what GNU time reports for the largest
one:

* ``ukcsa-data validate DIR``
* ``frictionless validate DIR/datapackage.json`` (with a timeout; a timeout is recorded as such)

It also measures the shipped package (``ukcsa-data validate`` with no argument, and ``frictionless
validate datapackage.json``) against the baseline ``python -c "import pandas, pandera.pandas,
frictionless"``: one warm-up run each, then 5 interleaved runs, median. When the environment sets
``PYTHONDONTWRITEBYTECODE`` (so the project's own modules are compiled from source on every run),
the comparison is repeated with a warm bytecode cache kept in ``benchmarks/results/pycache``
(``PYTHONPYCACHEPREFIX``), which is what an installed wheel gives.

The Markdown table is printed and written to ``benchmarks/results/latest.md``; the raw numbers go
to ``benchmarks/results/latest.json`` and every command's output to ``benchmarks/results/logs/``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run_report import frictionless_note, render  # noqa: E402

REPO_ROOT = HERE.parent
GNU_TIME = "/usr/bin/time"


@dataclass
class Run:
    """One measured command."""

    wall_s: float | None
    cpu_s: float | None
    peak_mib: float | None
    exit_code: int | None
    timed_out: bool
    log: str


class TreeMemory:
    """The highest resident memory of a process and its descendants together, summed from
    ``/proc`` every ``every`` seconds by a thread (0 where there is no ``/proc``)."""

    def __init__(self, pid: int, every: float = 0.05) -> None:
        self.pid, self.every, self.peak_kib = pid, every, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._stop.wait(self.every):
            self.peak_kib = max(self.peak_kib, tree_rss_kib(self.pid))

    def stop(self) -> float:
        """Stop watching; the peak in MiB."""
        self._stop.set()
        self._thread.join()
        return self.peak_kib / 1024


def tree_rss_kib(pid: int) -> int:
    """The resident memory of ``pid`` and its descendants, summed (KiB; 0 for one that is gone)."""
    total, stack = 0, [pid]
    while stack:
        process = stack.pop()
        try:
            for line in Path(f"/proc/{process}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            for task in os.listdir(f"/proc/{process}/task"):
                stack += map(int, Path(f"/proc/{process}/task/{task}/children").read_text().split())
        except (OSError, ValueError):
            continue
    return total


def _measure_gnu_time(
    cmd: list[str], timeout: float, log_path: Path, cwd: Path | None, env: dict[str, str] | None
) -> Run:
    with tempfile.NamedTemporaryFile("r", suffix=".time", delete=False) as handle:
        time_file = handle.name
    try:
        with log_path.open("w", encoding="utf-8") as log:
            proc = subprocess.Popen(
                [GNU_TIME, "-f", "%e %U %S %M", "-o", time_file, *cmd],
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=cwd,
                env=env,
                start_new_session=True,
            )
            tree = TreeMemory(proc.pid)
            try:
                code = proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                tree.stop()
                return Run(timeout, None, None, None, True, str(log_path))
            together = tree.stop()
        lines = Path(time_file).read_text(encoding="utf-8").strip().splitlines()
        # An earlier line may say "Command exited with non-zero status N".
        wall, user, system, rss_kib = lines[-1].split()
        cpu = float(user) + float(system)
        return Run(float(wall), cpu, max(int(rss_kib) / 1024, together), code, False, str(log_path))
    finally:
        os.unlink(time_file)


def _measure_wait4(
    cmd: list[str], timeout: float, log_path: Path, cwd: Path | None, env: dict[str, str] | None
) -> Run:
    with log_path.open("w", encoding="utf-8") as log:
        started = time.perf_counter()
        proc = subprocess.Popen(
            cmd, stdout=log, stderr=subprocess.STDOUT, cwd=cwd, env=env, start_new_session=True
        )
        tree = TreeMemory(proc.pid)
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - started > timeout:
                os.killpg(proc.pid, signal.SIGKILL)
                os.wait4(proc.pid, 0)
                tree.stop()
                return Run(timeout, None, None, None, True, str(log_path))
            time.sleep(0.01)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        together = tree.stop()
    cpu = usage.ru_utime + usage.ru_stime
    return Run(wall, cpu, max(usage.ru_maxrss / 1024, together), proc.returncode, False, str(log_path))


def measure(
    cmd: list[str],
    timeout: float,
    log_path: Path,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
) -> Run:
    """Run ``cmd`` and return its wall time, CPU time, peak RSS and exit code."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    if Path(GNU_TIME).is_file():
        return _measure_gnu_time(cmd, timeout, log_path, cwd, env)
    return _measure_wait4(cmd, timeout, log_path, cwd, env)


def summarise(runs: list[Run]) -> dict[str, Any]:
    """Median wall and CPU time, highest peak memory, exit codes of repeated runs."""
    done = [r for r in runs if not r.timed_out]
    return {
        "runs": len(runs),
        "wall_s": statistics.median(r.wall_s for r in done if r.wall_s is not None) if done else None,
        "cpu_s": statistics.median(r.cpu_s for r in done if r.cpu_s is not None) if done else None,
        "peak_mib": max(r.peak_mib for r in done if r.peak_mib is not None) if done else None,
        "wall_all": [r.wall_s for r in runs],
        "exit_codes": sorted({r.exit_code for r in runs if r.exit_code is not None}),
        "timed_out": any(r.timed_out for r in runs),
        "timeout_s": next((r.wall_s for r in runs if r.timed_out), None),
        "log": runs[-1].log,
    }


def _generator_digest() -> str:
    """The generator's version: its code's digest (benchmarks/synthetic/ and generate.py)."""
    from synthetic.package import generator_digest

    return generator_digest()[:16]


def ensure_package(n: int, results: Path, python: str, seed: int, regenerate: bool) -> dict[str, Any]:
    """Generate the package of ``n`` figures unless an up-to-date copy is cached."""
    outdir = results / f"pkg-{n}"
    meta_path = results / f"pkg-{n}.meta.json"
    want = {"n": n, "seed": seed, "generator": _generator_digest()}
    if not regenerate and meta_path.is_file() and (outdir / "datapackage.json").is_file():
        meta: dict[str, Any] = json.loads(meta_path.read_text(encoding="utf-8"))
        if all(meta.get(k) == v for k, v in want.items()):
            return meta
    print(f"  generating {n:,} figures into {outdir} ...", flush=True)
    log = results / "logs" / f"generate-{n}.log"
    cmd = [python, str(HERE / "generate.py"), str(n), str(outdir), "--seed", str(seed), "--force"]
    run = measure(cmd, 7200, log)
    if run.exit_code != 0:
        raise SystemExit(f"generation failed; see {log}")
    counts = json.loads(log.read_text(encoding="utf-8").strip().splitlines()[-1])
    meta = {**want, **counts, "generate_wall_s": run.wall_s, "generate_peak_mib": run.peak_mib}
    meta_path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return meta


def ukcsa_summary(log: str) -> str:
    """The closing VALID/INVALID line of ukcsa-data validate (or its cannot-run message)."""
    text = Path(log).read_text(encoding="utf-8", errors="replace")
    lines = [ln for ln in text.splitlines() if ln.strip()]
    for line in reversed(lines):
        if line.startswith(("VALID", "INVALID", "ukcsa-data validate: cannot run")):
            return line
    return lines[-1] if lines else "(no output)"


def environment(python: str) -> dict[str, Any]:
    probe = (
        "import importlib.metadata as m, json, platform; "
        "print(json.dumps({'python': platform.python_version(), 'packages': {p: m.version(p) for p in "
        "('ukcsa-data', 'pandas', 'numpy', 'pandera', 'frictionless')}}))"
    )
    out = subprocess.run([python, "-c", probe], capture_output=True, text=True, check=True).stdout
    info: dict[str, Any] = json.loads(out)
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    git = ["git", "-C", str(REPO_ROOT)]
    commit = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout
    dirty = subprocess.run(
        [*git, "status", "--porcelain", "--", "src"], capture_output=True, text=True
    ).stdout
    mem_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        **info,
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": round(mem_gib, 1),
        "os": platform.platform(),
        "commit": commit.strip() + (" + uncommitted changes in src/" if dirty.strip() else ""),
        "timer": GNU_TIME if Path(GNU_TIME).is_file() else "os.wait4",
        "dont_write_bytecode": bool(os.environ.get("PYTHONDONTWRITEBYTECODE")),
        "load_average_at_start": os.getloadavg(),
        "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
    }


def shipped_comparison(
    python: str,
    ukcsa: str,
    frictionless: str | None,
    repeat: int,
    timeout: float,
    logs: Path,
    tag: str,
    env: dict[str, str] | None,
) -> dict[str, Any]:
    """Shipped package vs the import baseline: one warm-up each, then ``repeat`` interleaved runs."""
    commands = {
        "baseline": [python, "-c", "import pandas, pandera.pandas, frictionless"],
        "ukcsa": [ukcsa, "validate"],
    }
    if frictionless:
        commands["frictionless"] = [frictionless, "validate", "datapackage.json"]
    runs: dict[str, list[Run]] = {name: [] for name in commands}
    for name, cmd in commands.items():
        measure(cmd, timeout, logs / f"shipped-{tag}-{name}-warmup.log", REPO_ROOT, env)
    for i in range(repeat):
        for name, cmd in commands.items():
            runs[name].append(measure(cmd, timeout, logs / f"shipped-{tag}-{name}-{i}.log", REPO_ROOT, env))
    result: dict[str, Any] = {name: summarise(r) for name, r in runs.items()}
    result["ukcsa_summary"] = ukcsa_summary(runs["ukcsa"][-1].log)
    base, ours = result["baseline"]["wall_s"], result["ukcsa"]["wall_s"]
    result["ratio"] = ours / base if base and ours else None
    return result


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1_000, 10_000, 100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3, help="runs per command for N <= 100,000 (median)")
    parser.add_argument("--repeat-large", type=int, default=1, help="runs per command for N > 100,000")
    parser.add_argument("--shipped-repeat", type=int, default=5, help="runs for the shipped package/baseline")
    parser.add_argument("--timeout", type=float, default=900, help="seconds before a command is killed")
    parser.add_argument(
        "--bin",
        type=Path,
        default=Path(sys.executable).parent,
        help="folder with python, ukcsa-data and frictionless (default: this Python's)",
    )
    parser.add_argument("--no-frictionless", action="store_true", help="skip the frictionless CLI")
    parser.add_argument("--no-shipped", action="store_true", help="skip the shipped package/baseline runs")
    parser.add_argument("--regenerate", action="store_true", help="regenerate cached packages")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--results", type=Path, default=HERE / "results")
    parser.add_argument("--output", type=Path, default=None, help="Markdown file (default results/latest.md)")
    return parser.parse_args(argv)


@dataclass(frozen=True)
class Tools:
    """The commands measured: python, ukcsa-data and frictionless (None when skipped)."""

    python: str
    ukcsa: str
    frictionless: str | None


def _find_tools(folder: Path, no_frictionless: bool) -> Tools:
    """The tools in ``folder``; exit if one is missing."""
    tools = Tools(
        str(folder / "python"),
        str(folder / "ukcsa-data"),
        None if no_frictionless else str(folder / "frictionless"),
    )
    for tool in (tools.python, tools.ukcsa, tools.frictionless):
        if tool and not Path(tool).is_file():
            raise SystemExit(f"{tool} not found; pass --bin")
    return tools


def _save(report: dict[str, Any], results: Path) -> None:
    """Write the numbers so far to results/latest.json."""
    text = json.dumps(report, indent=2, default=str) + "\n"
    (results / "latest.json").write_text(text, encoding="utf-8")


def _shipped_modes(env: dict[str, Any], results: Path) -> dict[str, tuple[str, dict[str, str] | None]]:
    """The environments to time the shipped package in, by tag: (description, environment variables)."""
    modes: dict[str, tuple[str, dict[str, str] | None]] = {
        "as run": (
            "the environment as it is"
            + (
                " (PYTHONDONTWRITEBYTECODE=1: the project's modules are compiled on every run)"
                if env["dont_write_bytecode"]
                else ""
            ),
            None,
        ),
    }
    if env["dont_write_bytecode"]:
        cached = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        cached["PYTHONPYCACHEPREFIX"] = str(results / "pycache")
        modes["warm .pyc"] = (
            "bytecode cached in benchmarks/results/pycache, as an installed wheel",
            cached,
        )
    return modes


def _time_shipped(args: argparse.Namespace, tools: Tools, results: Path, report: dict[str, Any]) -> None:
    """Time the shipped package against the import baseline in each mode, into report["shipped"]."""
    for tag, (description, mode_env) in _shipped_modes(report["environment"], results).items():
        print(f"shipped package vs import baseline ({tag}) ...", flush=True)
        slug = re.sub(r"\W+", "-", tag).strip("-")
        result = shipped_comparison(
            tools.python,
            tools.ukcsa,
            tools.frictionless,
            args.shipped_repeat,
            args.timeout,
            results / "logs",
            slug,
            mode_env,
        )
        result["description"] = description
        report["shipped"][tag] = result
        print(json.dumps(result), flush=True)
        _save(report, results)


def _time_frictionless(
    frictionless: str, pkg: Path, n: int, repeat: int, timeout: float, logs: Path
) -> list[Run]:
    """Up to ``repeat`` runs of frictionless on the package of ``n`` figures, stopping at a timeout."""
    runs: list[Run] = []
    for i in range(repeat):
        cmd = [frictionless, "validate", str(pkg / "datapackage.json")]
        runs.append(measure(cmd, timeout, logs / f"frictionless-{n}-{i}.log"))
        if runs[-1].timed_out:
            break
    return runs


def limits_for(pkg: Path) -> list[str]:
    """``--limit`` options raising the default limits that the package of ``pkg`` exceeds (a
    million figures need a larger CSV and more seed bytes than a pull request may bring)."""
    from ukcsa_data.core.limits import DEFAULTS

    csvs = list((pkg / "dataset").glob("*.csv"))
    rows = sum(sum(1 for _ in p.open("rb")) for p in csvs)
    needed = {
        "csv_bytes": max(p.stat().st_size for p in csvs),
        "seeds_bytes": sum(p.stat().st_size for p in (pkg / "seeds").iterdir()),
        "package_bytes": sum(p.stat().st_size for p in csvs)
        + sum(p.stat().st_size for p in (pkg / "seeds").iterdir()),
        "rows": rows,
        # about 1.8 numeric tokens a figure (178,401 at 100k), so 4 a figure leaves room
        "seeds_tokens": 4 * rows if rows > DEFAULTS.rows else 0,
    }
    return [
        option
        for name, size in needed.items()
        if size > getattr(DEFAULTS, name)
        for option in ("--limit", f"{name}={size}")
    ]


def _time_size(n: int, args: argparse.Namespace, tools: Tools, results: Path) -> dict[str, Any]:
    """Time both validators on the package of ``n`` figures (generated if need be): its table row."""
    logs = results / "logs"
    meta = ensure_package(n, results, tools.python, args.seed, args.regenerate)
    pkg = results / f"pkg-{n}"
    repeat = args.repeat if n <= 100_000 else args.repeat_large
    command = [tools.ukcsa, "validate", str(pkg), *limits_for(pkg)]
    ours = [measure(command, args.timeout, logs / f"ukcsa-{n}-{i}.log") for i in range(repeat)]
    row: dict[str, Any] = {"meta": meta, "ukcsa": summarise(ours)}
    summary = ukcsa_summary(ours[-1].log)
    short = summary.split(";")[0] if summary.startswith(("VALID", "INVALID")) else summary[:100]
    row["ukcsa_summary"] = summary
    row["ukcsa_result"] = f"{short} (exit {', '.join(map(str, row['ukcsa']['exit_codes'])) or '—'})"
    print(f"  ukcsa-data: {json.dumps(row['ukcsa'])} {summary}", flush=True)
    if tools.frictionless:
        fl_runs = _time_frictionless(tools.frictionless, pkg, n, repeat, args.timeout, logs)
        row["frictionless"] = summarise(fl_runs)
        row["frictionless_note"] = frictionless_note(row["frictionless"])
        print(f"  frictionless: {json.dumps(row['frictionless'])} {row['frictionless_note']}", flush=True)
    return row


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    results: Path = args.results.resolve()
    results.mkdir(parents=True, exist_ok=True)
    tools = _find_tools(args.bin, args.no_frictionless)
    env = environment(tools.python)
    print(json.dumps(env), flush=True)
    report: dict[str, Any] = {"environment": env, "shipped": {}, "sizes": []}
    if not args.no_shipped:
        _time_shipped(args, tools, results, report)
    for n in args.sizes:
        print(f"N = {n:,}", flush=True)
        report["sizes"].append(_time_size(n, args, tools, results))
        _save(report, results)

    table = render(env, report["shipped"], report["sizes"])
    output = args.output or results / "latest.md"
    output.write_text(table, encoding="utf-8")
    print()
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
