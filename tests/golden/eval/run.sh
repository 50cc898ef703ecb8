#!/bin/sh
# run.sh - golden tests for `levin eval`, written as transcripts.
#
#   sh tests/golden/eval/run.sh LEVIN [--update] [FILE.t...]
#
# Each tests/golden/eval/cases/*.t holds cases like
#
#   # a comment (only between cases)
#   $ levin eval --type '1 + 2'
#   3 : int
#
#   $ levin eval '1 / 0'
#   error: division by zero
#   [exit 1]
#
# A line `$ levin ARGS...` (ARGS in shell quoting) is run with `sh -c` from
# inside cases/, the leading `levin` replaced by the binary under test,
# standard input empty; what it writes to standard output and standard error
# (together) must be exactly the lines that follow, then `[exit N]` when the
# exit status N is not 0. A blank line ends a case. --update rewrites the
# transcripts from the current output: read every change before keeping it.
set -u

LEVIN=${1:?usage: run.sh LEVIN [--update] [FILE.t...]}
shift
case $LEVIN in /*) ;; *) LEVIN=$(pwd)/$LEVIN ;; esac
UPDATE=0
if [ "${1:-}" = "--update" ]; then UPDATE=1; shift; fi

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
. "$ROOT/tests/tools/golden.sh"
CASES=$HERE/cases
WORK=$(mktemp -d "${TMPDIR:-/tmp}/levin-golden-eval.XXXXXX") || exit 2
trap 'rm -rf "$WORK"' EXIT INT TERM
[ -x "$LEVIN" ] || { echo "run.sh: $LEVIN is not executable" >&2; exit 2; }
case $LEVIN in *\'*) echo "run.sh: the path of LEVIN must not contain a quote" >&2; exit 2 ;; esac

# split FILE: writes $WORK/c/N.pre (comment lines before case N), N.cmd
# (its command, without "$ "), N.line (its line number) and N.exp (the
# expected lines); lines after the last case go to (N+1).pre. Prints N.
split() {
  rm -rf "$WORK/c" && mkdir "$WORK/c"
  awk -v dir="$WORK/c" '
    incase && $0 == "" { incase = 0; next }
    incase { print > (dir "/" n ".exp"); next }
    /^\$ / {
      n++; incase = 1
      print substr($0, 3) > (dir "/" n ".cmd"); close(dir "/" n ".cmd")
      print NR > (dir "/" n ".line"); close(dir "/" n ".line")
      printf "" > (dir "/" n ".exp")
      next
    }
    { print > (dir "/" (n + 1) ".pre") }
    END { print n + 0 }
  ' "$1"
}

failed=0
count=0
if [ $# -gt 0 ]; then files=$*
else files=$(cd "$CASES" && ls -- *.t 2>/dev/null)
fi
for f in $files; do
  f=$(basename "$f")
  [ -f "$CASES/$f" ] || { echo "FAIL: no case file $f"; failed=$((failed + 1)); continue; }
  n=$(split "$CASES/$f")
  i=1
  while [ "$i" -le "$n" ]; do
    count=$((count + 1))
    cmd=$(cat "$WORK/c/$i.cmd")
    line=$(cat "$WORK/c/$i.line")
    case $cmd in
    "levin "*)
      (cd "$CASES" && sh -c "'$LEVIN'${cmd#levin}" </dev/null >"$WORK/out" 2>&1)
      status=$?
      cp "$WORK/out" "$WORK/c/$i.got"
      [ "$status" -ne 0 ] && echo "[exit $status]" >>"$WORK/c/$i.got"
      golden_judge "$f:$line" "$WORK/c/$i.got" "$WORK/c/$i.exp"
      ;;
    *)
      echo "FAIL: $f:$line: a case must start with '\$ levin '"
      failed=$((failed + 1))
      ;;
    esac
    i=$((i + 1))
  done
  if [ "$UPDATE" = 1 ]; then
    # Reassemble the transcript: comments, command, (updated) output, blank.
    i=1
    {
      while [ "$i" -le "$n" ]; do
        [ -f "$WORK/c/$i.pre" ] && cat "$WORK/c/$i.pre"
        printf '$ %s\n' "$(cat "$WORK/c/$i.cmd")"
        cat "$WORK/c/$i.exp"
        [ "$i" -lt "$n" ] && echo
        i=$((i + 1))
      done
      if [ -f "$WORK/c/$i.pre" ]; then echo; cat "$WORK/c/$i.pre"; fi
    } >"$WORK/new"
    cmp -s "$WORK/new" "$CASES/$f" || { cp "$WORK/new" "$CASES/$f"; echo "rewrote: $f"; }
  fi
done
if [ $failed -gt 0 ]; then
  echo "golden/eval: $failed of $count failed"
  exit 1
fi
echo "golden/eval: $count passed"
