#!/usr/bin/env bash
# The README's test command: build and install the package with its test extras, then run the
# Python suite and the Rust kernel tests.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet --disable-pip-version-check ".[test]"
pytest
cargo test --lib --locked
