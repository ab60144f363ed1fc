#!/usr/bin/env bash
# bench/manifest_memory.sh [BUILD_DIR]
#
# What a file list costs the receiver: its peak resident memory after the
# OFFER and MANIFEST frames of 10,000, 100,000 and 1,000,000 entries of
# 100-byte paths, up to where it would ask its user. Then two hostile
# lists: 50,000 paths of 4,000 bytes (refused at FY_MANIFEST_BYTES_MAX; the
# figure is what it cost until then) and 1,000,000 entries of 134 bytes
# kept four times over (the worst a list under the caps can cost).
#
# The measuring is tests/unit_linux/test_manifest_memory.c, run once per
# line so each peak is its own process's. Linux only. BUILD_DIR (default
# build-bench-memory/, a Release build) is configured if it has no cache;
# a sanitizer build's figures are not the real ones.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$repo/build-bench-memory}

if [ ! -f "$build/CMakeCache.txt" ]; then
    echo "manifest_memory: configuring a Release build in $build" >&2
    cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=Release -DFERRY_BUILD_UI=OFF >/dev/null
fi
cmake --build "$build" --target test_manifest_memory -j"$(nproc)" >/dev/null
bin=$build/tests/test_manifest_memory

for n in 10000 100000 1000000; do
    "$bin" "$n" 100
done
# These two may be refused (exit 1); their figures are still printed.
"$bin" 50000 4000 || true
"$bin" 1000000 134 hostile || true
