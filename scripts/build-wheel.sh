#!/usr/bin/env bash
# Builds the release wheel: one file in dist/, stripped, tagged cp39-abi3-manylinux2014_x86_64
# (glibc 2.17), checked by auditwheel. `--sdist` builds the source distribution instead.
#
#   bash scripts/build-wheel.sh           # dist/wordcount_polars-*-cp39-abi3-manylinux_2_17_x86_64.manylinux2014_x86_64.whl
#   bash scripts/build-wheel.sh --sdist   # dist/wordcount_polars-*.tar.gz
#
# maturin links against glibc 2.17 through `--zig` (zig's cc and its glibc stubs, from the
# `ziglang` package on PyPI), so any x86_64 Linux with Rust and Python 3 can build it. The build
# tools live in their own venv (WORDCOUNT_TOOLS_VENV), never in the interpreter that tests run in.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=wheel
case "${1:-}" in
    "") ;;
    --sdist) mode=sdist ;;
    *) echo "usage: $0 [--sdist]" >&2; exit 2 ;;
esac

tools="${WORDCOUNT_TOOLS_VENV:-$HOME/.cache/wordcount_polars/build-tools}"
if [ ! -x "$tools/bin/maturin" ] || [ ! -x "$tools/bin/auditwheel" ]; then
    python3 -m venv "$tools"
    # ziglang 0.13: the zig that maturin's zig support (cargo-zigbuild) is tested with.
    "$tools/bin/pip" install --quiet --disable-pip-version-check \
        "maturin>=1.5,<2" "ziglang==0.13.0" "auditwheel>=6"
fi

# Each mode replaces only its own kind of file in dist/, so the wheel and the sdist can sit
# side by side.
mkdir -p dist
if [ "$mode" = sdist ]; then
    rm -f dist/*.tar.gz
    "$tools/bin/maturin" sdist --out dist
    ls -l dist/*.tar.gz
    exit 0
fi
rm -f dist/*.whl

# The zig target lives in its own folder of the target dir (target/x86_64-unknown-linux-gnu/),
# so it never invalidates the host builds of `cargo clippy` / `cargo test`.
PATH="$tools/bin:$PATH" "$tools/bin/maturin" build --release --locked --strip \
    --zig --compatibility manylinux2014 --target x86_64-unknown-linux-gnu --out dist

wheels=(dist/*.whl)
if [ "${#wheels[@]}" -ne 1 ]; then
    echo "expected one wheel in dist/, found: ${wheels[*]}" >&2
    exit 1
fi
wheel="${wheels[0]}"
case "$wheel" in
    *-cp39-abi3-*manylinux2014_x86_64*.whl) ;;
    *) echo "unexpected wheel tag: $wheel" >&2; exit 1 ;;
esac

# auditwheel reads the extension's symbol versions and libraries; the wheel must fit
# manylinux2014 as it is (nothing to graft in).
report="$("$tools/bin/auditwheel" show "$wheel")"
echo "$report"
# auditwheel wraps its lines; read the report as one line.
if ! tr -s ' \n' '  ' <<<"$report" |
    grep -q 'is consistent with the following platform tag: "manylinux_2_17_x86_64"'; then
    echo "auditwheel does not accept $wheel as manylinux2014 (manylinux_2_17_x86_64)" >&2
    exit 1
fi
size=$(stat -c %s "$wheel")
awk -v w="$wheel" -v s="$size" 'BEGIN { printf "wheel: %s (%d bytes, %.1f MB)\n", w, s, s / 1e6 }'
# The target is a wheel of at most 10 MB (it was 4.6 MB when this check was written).
if [ "$size" -gt 10000000 ]; then
    echo "the wheel is over 10 MB" >&2
    exit 1
fi
