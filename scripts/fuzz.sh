#!/usr/bin/env bash
# Differential fuzzing of the Rust kernel, and of the Arrow intake and the engine, against naive
# references (docs/fuzzing.md). Two libFuzzer targets, run one after the other:
# kernel_differential (the kernel crate alone) and intake_differential (arbitrary bytes, invalid
# UTF-8 included, through the main crate's Arrow intake and engine).
#
#   bash scripts/fuzz.sh quick   # CI: each target 100,000 executions (at most 60 s of fuzzing)
#   bash scripts/fuzz.sh long    # each target 1,000,000 executions
#   bash scripts/fuzz.sh long intake_differential   # one target only
#
# Any further arguments go to libFuzzer (e.g. `-seed=1234`, or a crash file with the target's
# name before it to replay it). A mismatch panics inside the target; libFuzzer then saves the
# input under fuzz/artifacts/<target>/ and exits non-zero, and so does this script.
#
# It needs only stable Rust and a C++ compiler (libfuzzer-sys builds libFuzzer from source): the
# targets are built with plain `cargo build` and the same instrumentation flags that
# `cargo fuzz build --sanitizer none` passes, so cargo-fuzz does not have to be installed.
# intake_differential links the main crate, hence PyO3 and so libpython (the interpreter found
# by PyO3's build script, as for `cargo test`); it never starts Python.
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-quick}"
shift || true
case "$mode" in
    quick) budget=(-runs=100000 -max_total_time=60) ;;
    long) budget=(-runs=1000000) ;;
    *)
        echo "usage: $0 quick|long [kernel_differential|intake_differential] [libFuzzer options...]" >&2
        exit 2
        ;;
esac

targets=(kernel_differential intake_differential)
case "${1:-}" in
    kernel_differential | intake_differential)
        targets=("$1")
        shift
        ;;
esac
# Its own target dir: the instrumented build must not share (or wait on) the main crate's.
export CARGO_TARGET_DIR="${WORDCOUNT_FUZZ_TARGET_DIR:-$HOME/.cache/wordcount_polars/fuzz-target}"
host="$(rustc -vV | sed -n 's/^host: //p')"

# Coverage instrumentation for libFuzzer, as cargo-fuzz 0.13 passes it. `--target` keeps these
# flags off build scripts, which do not link libFuzzer's coverage callbacks.
coverage="-Cpasses=sancov-module \
-Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
-Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares \
-Cllvm-args=-sanitizer-coverage-stack-depth \
-Cllvm-args=-simplifycfg-branch-fold-threshold=0 \
--cfg fuzzing"

for target in "${targets[@]}"; do
    case "$target" in
        kernel_differential)
            profile=release
            RUSTFLAGS="$coverage -Ccodegen-units=1" cargo build --manifest-path fuzz/Cargo.toml \
                --locked --release --target "$host" --bin "$target"
            ;;
        intake_differential)
            # Its own profile (fuzz/Cargo.toml): the dependencies, Polars above all, optimised
            # less and in parallel code units, the package's crates as in release. The `intake`
            # feature brings in the main crate.
            profile=fuzz-intake
            RUSTFLAGS="$coverage" cargo build --manifest-path fuzz/Cargo.toml \
                --locked --profile "$profile" --target "$host" --features intake --bin "$target"
            ;;
    esac

    # New inputs go to a scratch corpus outside the tree; the committed seeds are only read.
    scratch_corpus="$CARGO_TARGET_DIR/corpus/$target"
    artifacts="fuzz/artifacts/$target"
    mkdir -p "$scratch_corpus" "$artifacts"

    (
        set -x
        "$CARGO_TARGET_DIR/$host/$profile/$target" \
            "${budget[@]}" -max_len=1024 -timeout=10 -print_final_stats=1 \
            -artifact_prefix="$artifacts/" \
            "$@" "$scratch_corpus" "fuzz/corpus/$target"
    )
done
