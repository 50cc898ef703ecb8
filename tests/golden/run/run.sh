#!/bin/sh
# run.sh - golden tests for `levin run`: rule files + event lines -> the
# exact action, dead-letter and error lines.
#
#   sh tests/golden/run/run.sh LEVIN [--update] [NAME...]
#
# A case in tests/golden/run/cases/ is NAME.expected, whose first line is
# `# exit N` (the exit status), then the exact standard output of
#   levin run [ARGS] RULES --events NAME.events
# run from inside cases/, then, if anything was written to standard error, a
# line `# stderr` and that text. RULES is NAME.rule or the directory
# NAME.dir; NAME.args holds the arguments when the case needs others (the
# word @ROOT@ in it is the repository root). The examples are not pinned
# here (they change as they are written): tests/e2e checks levind against
# `levin run` on them instead. Timings in
# --quiet summaries are replaced by 0. --update rewrites the expectations
# from the current output: read every change before keeping it.
set -u

LEVIN=${1:?usage: run.sh LEVIN [--update] [NAME...]}
shift
case $LEVIN in /*) ;; *) LEVIN=$(pwd)/$LEVIN ;; esac
UPDATE=0
if [ "${1:-}" = "--update" ]; then UPDATE=1; shift; fi

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
. "$ROOT/tests/tools/golden.sh"
CASES=$HERE/cases
WORK=$(mktemp -d "${TMPDIR:-/tmp}/levin-golden-run.XXXXXX") || exit 2
trap 'rm -rf "$WORK"' EXIT INT TERM
[ -x "$LEVIN" ] || { echo "run.sh: $LEVIN is not executable" >&2; exit 2; }

run_case() { # NAME -> $WORK/got
  name=$1
  if [ -f "$CASES/$name.args" ]; then
    args=$(sed "s|@ROOT@|$ROOT|g" "$CASES/$name.args")
  else
    rules=$name.rule
    [ -d "$CASES/$name.dir" ] && rules=$name.dir
    args="$rules --events $name.events"
  fi
  # shellcheck disable=SC2086 # args is a word list
  (cd "$CASES" && "$LEVIN" run $args >"$WORK/out" 2>"$WORK/err" </dev/null)
  status=$?
  {
    echo "# exit $status"
    cat "$WORK/out"
    if [ -s "$WORK/err" ]; then
      echo "# stderr"
      sed -e 's|"seconds":[0-9.e+-]*|"seconds":0|' -e 's|"ns_per_event":[0-9.e+-]*|"ns_per_event":0|' \
          -e "s|$ROOT|@ROOT@|g" "$WORK/err"
    fi
  } >"$WORK/got"
}

failed=0
count=0
if [ $# -gt 0 ]; then names=$*
else names=$(cd "$CASES" && ls -d -- *.expected *.rule *.dir *.args 2>/dev/null | sed 's/\.[a-z]*$//' | sort -u)
fi
for name in $names; do
  count=$((count + 1))
  run_case "$name"
  golden_judge "$name" "$WORK/got" "$CASES/$name.expected"
done
if [ $failed -gt 0 ]; then
  echo "golden/run: $failed of $count failed"
  exit 1
fi
echo "golden/run: $count passed"
