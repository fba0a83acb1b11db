#!/usr/bin/env bash
# Differential fuzzing of the Rust kernel against naive references (docs/fuzzing.md).
#
#   bash scripts/fuzz.sh quick   # CI: 100,000 executions (at most 60 s of fuzzing)
#   bash scripts/fuzz.sh long    # 1,000,000 executions
#
# Any extra arguments go to libFuzzer (e.g. `-seed=1234` or a crash file to replay it).
# A mismatch panics inside the target; libFuzzer then saves the input under
# fuzz/artifacts/kernel_differential/ and exits non-zero, and so does this script.
#
# It needs only stable Rust and a C++ compiler (libfuzzer-sys builds libFuzzer from source): the
# target is built with plain `cargo build` and the same instrumentation flags that
# `cargo fuzz build --sanitizer none` passes, so cargo-fuzz does not have to be installed.
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-quick}"
shift || true
case "$mode" in
    quick) budget=(-runs=100000 -max_total_time=60) ;;
    long) budget=(-runs=1000000) ;;
    *)
        echo "usage: $0 quick|long [libFuzzer options...]" >&2
        exit 2
        ;;
esac

target=kernel_differential
# Its own target dir: the instrumented build must not share (or wait on) the main crate's.
export CARGO_TARGET_DIR="${WORDCOUNT_FUZZ_TARGET_DIR:-$HOME/.cache/wordcount_polars/fuzz-target}"
host="$(rustc -vV | sed -n 's/^host: //p')"

# Coverage instrumentation for libFuzzer, as cargo-fuzz 0.13 passes it. `--target` keeps these
# flags off build scripts, which do not link libFuzzer's coverage callbacks.
export RUSTFLAGS="-Cpasses=sancov-module \
-Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
-Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares \
-Cllvm-args=-sanitizer-coverage-stack-depth \
-Cllvm-args=-simplifycfg-branch-fold-threshold=0 \
--cfg fuzzing -Ccodegen-units=1"

cargo build --manifest-path fuzz/Cargo.toml --locked --release --target "$host" --bin "$target"

# New inputs go to a scratch corpus outside the tree; the committed seeds are only read.
scratch_corpus="$CARGO_TARGET_DIR/corpus/$target"
artifacts="fuzz/artifacts/$target"
mkdir -p "$scratch_corpus" "$artifacts"

set -x
"$CARGO_TARGET_DIR/$host/release/$target" \
    "${budget[@]}" -max_len=1024 -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" \
    "$@" "$scratch_corpus" "fuzz/corpus/$target"
