"""Check that the working tree's generator writes the same packages as another revision's.

    python benchmarks/same_packages.py [--against main] [--sizes 2000 20000] [--shape-rows 2000]

Writes, with the code of revision ``--against`` (``git archive`` into a temporary folder) and with
the working tree's, the package of each of ``--sizes`` figures (``generate.py``) and every hostile
shape of ``adversarial.py`` at ``--shape-rows`` figures and the small sizes (``adversarial.SMALL``),
then compares the two with ``diff -r`` (the ``.generator`` stamps, which name the generator's
version, left out). Exit 0 if all are byte-identical: then no benchmark baseline needs
re-measuring. A shape that exists in only one revision is reported, not compared.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent
#: Run in the tree to compare: writes every shape of its adversarial.py under argv[2].
SHAPES_SCRIPT = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1] + "/benchmarks")
try:
    from synthetic import hostile as shapes
except ImportError:  # before the shapes moved into the builder
    import adversarial as shapes
for name in shapes.SHAPES:
    shapes.build_shape(name, int(sys.argv[3]), Path(sys.argv[2]), shapes.SMALL)
"""


def write_packages(tree: Path, out: Path, sizes: list[int], shape_rows: int) -> None:
    """Every package the comparison covers, written by the code of ``tree`` under ``out``."""
    env = {"PYTHONPATH": str(tree / "src"), "PATH": "/usr/bin:/bin"}
    for n in sizes:
        cmd = [sys.executable, str(tree / "benchmarks" / "generate.py"), str(n), str(out / f"pkg-{n}")]
        subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL)
    cmd = [sys.executable, "-c", SHAPES_SCRIPT, str(tree), str(out / "shapes"), str(shape_rows)]
    subprocess.run(cmd, check=True, env=env)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", default="main", help="the git revision to compare with (default main)")
    parser.add_argument("--sizes", type=int, nargs="*", default=[2000, 20000], help="packages of N figures")
    parser.add_argument("--shape-rows", type=int, default=2000, help="figures under each hostile shape")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="same-packages-") as folder:
        work = Path(folder)
        (work / "tree").mkdir()
        archive = subprocess.run(
            ["git", "-C", str(REPO_ROOT), "archive", args.against], check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(work / "tree")], input=archive, check=True)
        write_packages(work / "tree", work / "before", args.sizes, args.shape_rows)
        write_packages(REPO_ROOT, work / "after", args.sizes, args.shape_rows)
        diff = subprocess.run(
            ["diff", "-r", "-q", "-x", ".generator", str(work / "before"), str(work / "after")]
        )
    print("byte-identical" if diff.returncode == 0 else "DIFFERENT (see above)")
    return diff.returncode


if __name__ == "__main__":
    sys.exit(main())
