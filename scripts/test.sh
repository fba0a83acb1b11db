#!/usr/bin/env bash
# The README's test command: build the wheel, install it with its test extras, then run the
# Python suite and the Rust kernel tests.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf dist
python3 -m pip wheel --quiet --disable-pip-version-check --no-deps -w dist .
python3 -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps dist/*.whl
python3 -m pip install --quiet --disable-pip-version-check "$(ls dist/*.whl)[test]"
# `pytest`, not `python -m pytest`: the latter puts the source tree (which has no compiled
# extension) ahead of the installed package on sys.path.
pytest
cargo test --workspace --lib --locked
