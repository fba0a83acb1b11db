#!/usr/bin/env bash
# The README's test command: build the release wheel (scripts/build-wheel.sh), install it with
# its test extras, then run the Python suite and the Rust kernel tests.
#
# The Spark and Ray tests (marker `engines`) are left out here: they need pyspark with Java, and
# ray, which are no dependencies of this project. `pytest -m engines` runs them where those are
# installed; CI runs them in a venv of their own (.ci/run, "Spark and Ray").
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build-wheel.sh
wheel="$(ls dist/*.whl)"
python3 -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$wheel"
python3 -m pip install --quiet --disable-pip-version-check "$wheel[test]"
# `pytest`, not `python -m pytest`: the latter puts the source tree (which has no compiled
# extension) ahead of the installed package on sys.path. One worker per core (pytest-xdist);
# `loadgroup` keeps the tests that each need many GB on one worker (`xdist_group`).
pytest -m "not engines" -n auto --dist loadgroup
cargo test --workspace --lib --locked
