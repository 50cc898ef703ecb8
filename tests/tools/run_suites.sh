#!/bin/sh
# run_suites.sh BUILD_DIR LABEL - runs every registered suite in one build.
set -e
dir=$1
label=$2
echo "== test suites ($label build: $dir)"
ctest --test-dir "$dir" --output-on-failure -j "$(nproc 2>/dev/null || echo 2)" --timeout 1500
