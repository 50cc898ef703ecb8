#!/bin/sh
# run_check.sh - golden tests for `levin check`.
#
#   sh tests/golden/run_check.sh LEVIN [--update] [NAME...]
#
# Each case in tests/golden/check/ is a file NAME.expected: its first line is
# `# exit N` (the expected exit status), the rest the exact standard output
# of `levin check [ARGS] PATH` run from inside tests/golden/check/ (so paths
# are relative), then, if the command wrote to standard error, a line
# `# stderr` and that text. The input is
#   NAME.rule      a file, or
#   NAME.dir/      a directory (imports, cycles, several files), or
#   gen-*          a file or directory this script writes (big or deep
#                  inputs, symbolic links, empty directories: what is not
#                  committed) into a scratch directory and runs there,
#   nothing        (usage errors: the arguments are all there is).
# NAME.args holds extra arguments, put before the path; NAME.env the `env`
# arguments to run with (default NO_COLOR=1).
#
# --format sarif output is validated (SARIF 2.1.0: version, tool.driver.rules
# matching compiler/diag/codes.def, results with ruleId, level, message and
# locations) and then compared with the rules list and tool version left out;
# --format json output must be one JSON object per line.
#
# The run fails on any mismatch (a diff is printed), on a code of codes.def
# that no expectation shows (unless UNCOVERED lists it with a reason), and
# unless `levin check examples/` passes silently. --update rewrites the
# expectations from the current output: read every change before keeping it.
set -u

LEVIN=${1:?usage: run_check.sh LEVIN [--update] [NAME...]}
shift
case $LEVIN in /*) ;; *) LEVIN=$(pwd)/$LEVIN ;; esac
UPDATE=0
if [ "${1:-}" = "--update" ]; then UPDATE=1; shift; fi

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
. "$ROOT/tests/tools/golden.sh"
CASES=$HERE/check
WORK=$(mktemp -d "${TMPDIR:-/tmp}/levin-golden.XXXXXX") || exit 2
trap 'rm -rf "$WORK"' EXIT INT TERM
command -v python3 >/dev/null || { echo "run_check.sh: python3 is required" >&2; exit 2; }
[ -x "$LEVIN" ] || { echo "run_check.sh: $LEVIN is not executable" >&2; exit 2; }

# --- generated inputs ---------------------------------------------------------
mkdir -p "$WORK/gen"
python3 - "$WORK/gen" <<'EOF' || exit 2
import sys, os
out = sys.argv[1]

def write(name, text):
    with open(os.path.join(out, name), "w", newline="") as f:
        f.write(text)

HEAD = ('schema E { b: bool, x: int, s: string }\n'
        'stream events: E from "t.{s}"\n')

def nested(levels, rule="deep"):
    # The depth of an expression counts its innermost operand as level 1:
    # `e.b` is 2 (a selection of a name); each ! or pair of parentheses
    # adds one.
    nots = "!" * (levels - 2)
    parens = "(" * (levels - 2) + "e.b" + ")" * (levels - 2)
    return (HEAD +
            f'rule {rule}_not {{ on events as e when {nots}e.b then log info "x" }}\n' +
            f'rule {rule}_paren {{ on events as e when {parens} then log info "x" }}\n')

write("gen-depth-128.rule", nested(128))
write("gen-depth-129.rule", nested(129))
write("gen-depth-32.rule", nested(32))
write("gen-depth-33.rule", nested(33))
write("gen-depth-1000.rule", nested(1000))
# Far beyond any bound: the parser must give up cleanly, not overflow.
write("gen-deep-100k.rule", "let x = " + "(" * 100000 + "1" + ")" * 100000 + "\n")
write("gen-deep-unary.rule", "let x = " + "-" * 100000 + "1\n")
# Types nest within the same bound.
write("gen-deep-type.rule", "schema Deep { x: " + "list<" * 129 + "int" + ">" * 129 + " }\n")

# A 1 MB file of rules, with one error on its last line: positions stay
# exact far into a big file.
lines = [HEAD.rstrip("\n")]
i = 0
size = len(HEAD)
while size < 1 << 20:
    line = (f'rule r{i} priority {i % 7} {{ on events as e when e.x > {i} && e.s.startsWith("p{i}") '
            f'then publish "out.{i}.${{e.s}}" {{"x": e.x, "n": {i}}} }}')
    lines.append(line)
    size += len(line) + 1
    i += 1
lines.append('rule last { on events as e when e.y > 1 then log info "x" }')
write("gen-1mb.rule", "\n".join(lines) + "\n")

# Directories git cannot hold: symbolic links back up the tree (each
# directory is searched once, not 2^32 times) and an empty subdirectory.
GOOD = HEAD + 'rule r { on events as e when e.b then log info "x" }\n'
os.makedirs(os.path.join(out, "gen-symlink-loop.dir"))
write("gen-symlink-loop.dir/a.rule", GOOD)
os.symlink(".", os.path.join(out, "gen-symlink-loop.dir", "s1"))
os.symlink(".", os.path.join(out, "gen-symlink-loop.dir", "s2"))
os.makedirs(os.path.join(out, "gen-empty-subdir.dir", "empty"))
write("gen-empty-subdir.dir/a.rule", GOOD)
# An import path with a NUL byte inside (it must not import "lib.rule").
write("gen-import-nul.rule", 'import "lib.rule\\x00 the rest"\n' + GOOD)
EOF

# --- running one case ---------------------------------------------------------
# Prints "status" then stdout, then "# stderr" and stderr when there is any.
run_case() { # NAME
  name=$1
  dir=$CASES path=
  if [ -f "$CASES/$name.rule" ]; then path=$name.rule
  elif [ -d "$CASES/$name.dir" ]; then path=$name.dir
  elif [ -f "$WORK/gen/$name.rule" ]; then dir=$WORK/gen path=$name.rule
  elif [ -d "$WORK/gen/$name.dir" ]; then dir=$WORK/gen path=$name.dir
  fi
  args=
  [ -f "$CASES/$name.args" ] && args=$(cat "$CASES/$name.args")
  envargs=NO_COLOR=1
  [ -f "$CASES/$name.env" ] && envargs=$(cat "$CASES/$name.env")
  # shellcheck disable=SC2086 # args and envargs are word lists
  (cd "$dir" && env $envargs "$LEVIN" check $args $path >"$WORK/out" 2>"$WORK/err")
  status=$?
  {
    echo "# exit $status"
    case " $args " in
      *" --format sarif "*) normalize_sarif <"$WORK/out" ;;
      *) cat "$WORK/out" ;;
    esac
    if [ -s "$WORK/err" ]; then
      echo "# stderr"
      cat "$WORK/err"
    fi
  } >"$WORK/got"
  case " $args " in
    *" --format json "*) check_json_lines <"$WORK/out" || echo "# INVALID JSON LINES" >>"$WORK/got" ;;
  esac
}

check_json_lines() {
  python3 -c '
import json, sys
for n, line in enumerate(sys.stdin, 1):
    d = json.loads(line)
    assert isinstance(d, dict), "line %d is not an object" % n
    for k in ("file", "severity", "code", "message", "notes"):
        assert k in d, "line %d has no %s" % (n, k)
'
}

# Validates a SARIF log and prints it without the parts that change with
# every new diagnostic code or release (checked here instead).
normalize_sarif() {
  python3 -c '
import json, re, sys
codes = re.findall(r"X\(\w+,\s*\"([EW]\d{4})\",\s*(ERROR|WARNING)", open(sys.argv[1]).read())
text = sys.stdin.read()
try:
    log = json.loads(text)
    assert text.endswith("}\n") and text.count("\n") == 1, "not one line of JSON"
    assert log["version"] == "2.1.0", "version"
    assert "sarif-2.1.0" in log["$schema"], "$schema"
    assert len(log["runs"]) == 1, "runs"
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "levin", "driver name"
    rules = driver["rules"]
    assert [r["id"] for r in rules] == [c for c, _ in codes], "rules do not list codes.def in order"
    for r, (c, sev) in zip(rules, codes):
        assert r["defaultConfiguration"]["level"] == sev.lower(), "level of " + c
        assert r["shortDescription"]["text"], "description of " + c
    for res in run["results"]:
        assert res["ruleId"] in [c for c, _ in codes], "ruleId"
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"], "ruleIndex"
        assert res["level"] in ("error", "warning"), "level"
        assert res["message"]["text"], "message"
        assert len(res["locations"]) == 1, "locations"
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"], "uri"
        if "region" in loc:
            r = loc["region"]
            assert r["startLine"] >= 1 and r["startColumn"] >= 1, "region"
            assert (r["endLine"], r["endColumn"]) >= (r["startLine"], r["startColumn"]), "region end"
        for rel in res.get("relatedLocations", []):
            assert rel["physicalLocation"]["artifactLocation"]["uri"], "related uri"
            assert rel["message"]["text"], "related message"
    driver["rules"] = "(checked against codes.def)"
    driver["version"] = "(version)"
    print(json.dumps(log, indent=1, sort_keys=True, ensure_ascii=False))
except Exception as e:
    print("# INVALID SARIF: %s" % e)
    print(text, end="")
' "$ROOT/compiler/diag/codes.def"
}

# --- the cases ----------------------------------------------------------------
failed=0
count=0
if [ $# -gt 0 ]; then names=$*
else
  # Every input is a case, and so is every expectation (a case whose input
  # is gone fails).
  names=$( (cd "$CASES" && ls -d -- *.expected *.rule *.dir *.args 2>/dev/null; cd "$WORK/gen" && ls -d -- *.rule *.dir) |
    sed 's/\.[a-z]*$//' | sort -u)
fi
for name in $names; do
  count=$((count + 1))
  run_case "$name"
  golden_judge "$name" "$WORK/got" "$CASES/$name.expected"
done

# --- every diagnostic code has a case -----------------------------------------
if [ $# -eq 0 ]; then
  for code in $(grep -o '"[EW][0-9][0-9][0-9][0-9]"' "$ROOT/compiler/diag/codes.def" | tr -d '"'); do
    if grep -q "^$code " "$CASES/UNCOVERED" 2>/dev/null; then continue; fi
    if ! grep -q -e "\[$code\]" -e "\"$code\"" "$CASES"/*.expected; then
      echo "FAIL: no expectation shows $code (add a case, or list it in check/UNCOVERED with a reason)"
      failed=$((failed + 1))
    fi
  done
  while read -r code reason; do
    case $code in ''|\#*) continue ;; esac
    if [ -z "$reason" ]; then
      echo "FAIL: UNCOVERED lists $code without a reason"
      failed=$((failed + 1))
    elif grep -q -e "\[$code\]" -e "\"$code\"" "$CASES"/*.expected; then
      echo "FAIL: UNCOVERED lists $code, but a case covers it: take it off the list"
      failed=$((failed + 1))
    fi
  done <"$CASES/UNCOVERED"

  # The examples are realistic rule sets: they must check clean.
  count=$((count + 1))
  (cd "$ROOT" && NO_COLOR=1 "$LEVIN" check examples/ >"$WORK/out" 2>&1)
  status=$?
  if [ $status != 0 ] || [ -s "$WORK/out" ]; then
    echo "FAIL: levin check examples/ (exit $status)"
    sed 's/^/  /' "$WORK/out" | head -n 40
    failed=$((failed + 1))
  fi
fi

if [ $failed -gt 0 ]; then
  echo "golden/check: $failed of $count failed"
  exit 1
fi
echo "golden/check: $count passed"
