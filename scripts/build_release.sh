#!/usr/bin/env bash
# Build a release's files into OUT, as .github/workflows/release.yml does: the sdist and the wheel
# (checked by twine) in OUT/dist, every export in OUT/exports (a Parquet folder zipped), the
# CHANGELOG entry in OUT/notes.md. Run it from the repository root with the `test` extra installed
# (build, twine, hatchling, polars): scripts/build_release.sh /tmp/release
# Between the markers are the release workflow's build lines; tests/test_release_workflow.py keeps
# the two equal and runs this script.
set -euo pipefail
OUT="${1:?usage: scripts/build_release.sh OUT (run from the repository root)}"
# release-build: begin
python -m build --no-isolation --outdir "$OUT/dist" .
python -m twine check --strict "$OUT"/dist/*
ukcsa-data export --format all --package-dir . "$OUT/exports"
for folder in "$OUT"/exports/*-parquet; do
  if [ -d "$folder" ]; then python -m zipfile -c "$folder.zip" "$folder" && rm -r "$folder"; fi
done
python scripts/release_tools.py notes "$OUT/notes.md"
# release-build: end
