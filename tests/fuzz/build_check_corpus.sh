#!/bin/sh
# build_check_corpus.sh - rebuilds tests/fuzz/corpus/fuzz_check/, the seed
# corpus of the front-end fuzzer: every .rule file of the golden tests and of
# the examples (small ones: the fuzzer's -max_len is 8192), one file each,
# named after where it came from. Run it after adding golden cases or
# examples, and commit the result.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$here/corpus/fuzz_check
rm -rf "$out"
mkdir -p "$out"
cd "$root"
find tests/golden/check examples -name '*.rule' -type f -size -8k | sort | while read -r f; do
  cp "$f" "$out/$(printf '%s' "$f" | tr '/' '-')"
done
echo "$(ls "$out" | wc -l) seeds in ${out#$root/}"
