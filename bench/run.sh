#!/bin/sh
# run.sh BUILD_DIR - `make bench`: Levin measured side by side with its peers,
# the C+simdjson baseline and the transport's limit, in one run.
#
# Installs what the benchmark needs (Debian packages, the pinned npm packages
# of bench/peers), builds the C and C++ programs into BUILD_DIR/bench,
# generates the data into bench/data once per seed, then runs every
# measurement round-robin BENCH_RUNS times, checks that every engine computed
# the same answer, and prints one table (bench/summarize.py). The figures go
# to bench/results/<UTC time>.json and bench/results/latest.json.
# docs/performance.md explains every row.
#
# Settings (environment):
#   BENCH_RUNS=5            rounds; every row runs once per round
#   BENCH_EVENTS=1000000    events of the reference-rule rows
#   BENCH_SEED=1            seed of the events and of the generated rules
#   BENCH_SLOW_EVENTS=100000  events for json-rules-engine (about 30 us each)
#   BENCH_SCALE_EVENTS=200000 events of the many-rule rows
#   BENCH_RULE_COUNTS="1 10 100 1000 10000"  rule counts of the many-rule rows
#   BENCH_BIG_RULES=10000   rule counts from this one up (many-rule and levind
#   BENCH_BIG_RUNS=BENCH_RUNS rows) run only in the first BENCH_BIG_RUNS rounds
#                             (to keep quick runs quick)
#   BENCH_NATS_EVENTS=1000000 messages per NATS row
#   BENCH_NATS_RULES="1 100 1000 10000"  rule counts of the levind rows
#   BENCH_ONLY=""           a subset of: reference scale nats (default all)
set -eu

if [ $# -ne 1 ]; then
  echo "usage: sh bench/run.sh BUILD_DIR" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
[ -d "$1" ] || { echo "run.sh: no build directory $1 (run make build first)" >&2; exit 2; }
build=$(cd "$1" && pwd)

runs=${BENCH_RUNS:-5}
events=${BENCH_EVENTS:-1000000}
seed=${BENCH_SEED:-1}
slow_events=${BENCH_SLOW_EVENTS:-100000}
scale_events=${BENCH_SCALE_EVENTS:-200000}
rule_counts=${BENCH_RULE_COUNTS:-"1 10 100 1000 10000"}
big_rules=${BENCH_BIG_RULES:-10000}
big_runs=${BENCH_BIG_RUNS:-$runs}
nats_events=${BENCH_NATS_EVENTS:-1000000}
nats_rules=${BENCH_NATS_RULES:-"1 100 1000 10000"}
only=${BENCH_ONLY:-"reference scale nats"}

is_count() {
  case $1 in '' | *[!0-9]*) return 1 ;; esac
  [ "$1" -gt 0 ]
}
check_count() {
  is_count "$2" || { echo "run.sh: $1 must be a positive whole number, not '$2'" >&2; exit 2; }
}
check_count BENCH_RUNS "$runs"
check_count BENCH_EVENTS "$events"
check_count BENCH_SEED "$seed"
check_count BENCH_SLOW_EVENTS "$slow_events"
check_count BENCH_SCALE_EVENTS "$scale_events"
check_count BENCH_BIG_RULES "$big_rules"
check_count BENCH_BIG_RUNS "$big_runs"
check_count BENCH_NATS_EVENTS "$nats_events"
for n in $rule_counts $nats_rules; do
  is_count "$n" || { echo "run.sh: rule counts must be positive whole numbers, not '$n'" >&2; exit 2; }
done
[ "$slow_events" -le "$events" ] || slow_events=$events
[ "$scale_events" -le "$events" ] || scale_events=$events
[ "$nats_events" -le "$events" ] || nats_events=$events
for w in $only; do
  case $w in reference | scale | nats) ;; *) echo "run.sh: BENCH_ONLY takes reference, scale and nats, not '$w'" >&2; exit 2 ;; esac
done
wants() { case " $only " in *" $1 "*) return 0 ;; esac; return 1; }

say() { echo "bench: $*" >&2; }
out=$build/bench
log=$out/bench.log
mkdir -p "$out" "$here/data" "$here/results"
: >"$log"

# --- what it needs -----------------------------------------------------------
say "checking what the benchmark needs"
sh "$root/tests/tools/deps.sh" g++ libsimdjson-dev luajit lua-cjson jq python3 nats-server
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  sh "$root/tests/tools/deps.sh" nodejs npm
fi
# The npm packages, at the versions pinned in package.json (no lockfile).
sh "$root/tests/tools/npm_pinned.sh" "$here/peers" "$log"

# --- the programs ------------------------------------------------------------
say "building the programs into $out"
cmake --build "$build" --target levin gen_events gen_rules io_floor levin_match levin_scale >>"$log" 2>&1 || {
  echo "run.sh: build failed (see $log)" >&2; exit 2; }
# The service and its load generator: optional (the NATS rows say so).
cmake --build "$build" --target levind nats_rate >>"$log" 2>&1 || true
# The baseline is C++ (simdjson); the project's build is C, so it is built here.
if [ ! -x "$out/simdjson_rule" ] || [ -n "$(find "$here/simdjson_rule.cpp" -newer "$out/simdjson_rule")" ]; then
  g++ -O3 -march=native -std=c++17 -Wall -Wextra -o "$out/simdjson_rule" "$here/simdjson_rule.cpp" -lsimdjson \
    >>"$log" 2>&1 || { echo "run.sh: cannot build bench/simdjson_rule.cpp (see $log)" >&2; exit 2; }
fi
levin=$build/compiler/levin
levind=$build/runtime/levind

# --- the data ----------------------------------------------------------------
# Named by count, seed and generator version, so that a changed generator
# never reuses stale data.
gen_sum=$(cksum <"$here/gen_events.c" | cut -d' ' -f1)
rules_sum=$(cksum <"$here/gen_rules.c" | cut -d' ' -f1)
events_file() { echo "$here/data/events-$1-s$seed-$gen_sum.jsonl"; }
make_events() {
  f=$(events_file "$1")
  if [ ! -s "$f" ]; then
    say "generating $1 events (seed $seed)"
    "$out/gen_events" "$1" "$seed" >"$f.tmp" && mv "$f.tmp" "$f"
  fi
}
rules_dir() { echo "$here/data/rules-$1-s$seed-$rules_sum"; }
make_rules() {
  d=$(rules_dir "$1")
  if [ ! -s "$d/schema.rule" ]; then
    rm -rf "$d"
    "$out/gen_rules" write "$1" "$seed" "$d"
  fi
}
# Data from an older generator is stale: remove it.
for f in "$here"/data/events-* "$here"/data/rules-*; do
  case $f in
    *"*") ;;
    */events-*-$gen_sum.jsonl | */rules-*-$rules_sum) ;;
    *) rm -rf "$f" ;;
  esac
done
# Each event count is a prefix of the larger ones (same seed): the rows on
# fewer events run on the same data, only less of it.
make_events "$events"
main=$(events_file "$events")
make_events "$slow_events"
slow=$(events_file "$slow_events")
make_events "$scale_events"
scaled=$(events_file "$scale_events")
for n in $rule_counts $nats_rules; do make_rules "$n"; done
check_rules=1000
case " $rule_counts " in *" 1000 "*) ;; *) check_rules=$(echo "$rule_counts" | awk '{ print $NF }') ;; esac

# --- measuring -----------------------------------------------------------------
raw=$out/raw.jsonl
: >"$raw"
# record ROUND FILE CMD... - runs one measurement, tags each JSON line it
# prints with the round and the data file's name; stops the run on failure.
record() {
  round=$1 file=$2
  shift 2
  if ! "$@" >"$out/row.out" 2>>"$log"; then
    echo "run.sh: failed: $* (see $log)" >&2
    exit 1
  fi
  grep '^{' "$out/row.out" | sed "s/^{/{\"round\":$round,\"file\":\"$(basename "$file")\",/" >>"$raw"
}

# `levin run` prints its summary on stderr; turn it into a bench line.
levin_run() {
  "$levin" run "$here/reference.rule" --stream events --events "$1" --quiet 2>"$out/levin_run.err" >/dev/null
  sed -n 's/^{"events":\([0-9]*\),"published":\([0-9]*\),.*"ns_per_event":\([0-9.]*\)}$/{"name":"levin-run","mode":"decode+match","events":\1,"matched":\2,"ns_per_event":\3}/p' \
    "$out/levin_run.err" | grep . || { cat "$out/levin_run.err" >&2; return 1; }
}

levin_check() {
  t0=$(date +%s%N)
  "$levin" check "$1" >/dev/null
  t1=$(date +%s%N)
  echo "{\"name\":\"levin-check\",\"mode\":\"check\",\"rules\":$2,\"ms\":$(( (t1 - t0) / 1000000 ))}"
}

node_peer() { node --max-old-space-size=6144 "$here/peers/node_rule.mjs" "$@"; }

# NATS: a server of our own on a free port, for the whole run.
nats_pid='' levind_pid='' nats_url='' nats_unavailable='' port=''
cleanup() {
  [ -n "$levind_pid" ] && kill "$levind_pid" 2>/dev/null
  [ -n "$nats_pid" ] && kill "$nats_pid" 2>/dev/null
  rm -f "$out/row.out"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
if wants nats; then
  if [ ! -x "$levind" ]; then
    nats_unavailable="levind is not built ($levind)"
  elif [ ! -x "$out/nats_rate" ]; then
    nats_unavailable="bench/nats_rate did not build (see $log)"
  elif ! command -v nats-server >/dev/null 2>&1; then
    nats_unavailable="nats-server is not installed"
  else
    nats-server -a 127.0.0.1 -p -1 >"$out/nats-server.log" 2>&1 &
    nats_pid=$!
    for _ in $(seq 1 100); do
      port=$(sed -n 's/.*Listening for client connections on 127.0.0.1:\([0-9]*\).*/\1/p' "$out/nats-server.log")
      [ -n "$port" ] && break
      sleep 0.1
    done
    if [ -n "$port" ]; then nats_url=nats://127.0.0.1:$port; else nats_unavailable="nats-server did not start"; fi
  fi
  [ -z "$nats_unavailable" ] || say "NATS rows not available: $nats_unavailable"
fi

# levind_row ROUND RULES [reload] - levind on the generated rules, fed by nats_rate.
levind_row() {
  d=$(rules_dir "$2")
  "$levind" --rules "$d" --nats "$nats_url" --max-pending 10000000 --max-pending-bytes 2147483647 \
    --log-level warn 2>>"$log" &
  levind_pid=$!
  record "$1" "$main" "$out/nats_rate" levind --nats "$nats_url" --events "$main" --count "$nats_events" \
    --name "levind-$2" --nrules "$2" --pid "$levind_pid"
  if [ "${3:-}" = reload ]; then
    record "$1" "$main" "$out/nats_rate" reload --nats "$nats_url" --events "$main" --rules "$d" \
      --name "levind-reload-$2" --nrules "$2" --pid "$levind_pid"
  fi
  kill "$levind_pid"
  wait "$levind_pid" 2>/dev/null || true
  levind_pid=
}

# bench/nats_e2e.sh (written with levind): the reference rule in levind
# against a bare subscriber that matches it in its callback and republishes;
# one repetition per round, its lines turned into rows of the NATS table.
e2e_script() {
  sh "$here/nats_e2e.sh" "$build" "$nats_events" 1 2>>"$log" |
    sed -n 's/^{"rep":[0-9]*,"subscriber":"\([a-z]*\)","n":\([0-9]*\),"msgs_per_s":\([0-9]*\).*/{"name":"e2e-\1","mode":"e2e","rules":1,"sent":\2,"msgs_per_s":\3,"source":"bench\/nats_e2e.sh"}/p' |
    grep . || say "bench/nats_e2e.sh gave no figures (see $log)"
}

# The many-rule rows' answer, computed by hand in plain C once.
if wants scale; then
  for n in $rule_counts; do
    record 0 "$scaled" "$out/gen_rules" count "$n" "$seed" "$scaled" 20000
  done
fi

start=$(date +%s)
load_start=$(cut -d" " -f1-3 /proc/loadavg 2>/dev/null || echo "?")
say "$runs rounds of $events events (data in bench/data, log in $log)"
for r in $(seq 1 "$runs"); do
  say "round $r/$runs"
  if wants reference; then
    record "$r" "$main" "$out/io_floor" "$main"
    record "$r" "$main" "$out/simdjson_rule" "$main"
    record "$r" "$main" levin_run "$main"
    record "$r" "$main" "$out/levin_match" --events "$main" "$here/reference.rule"
    record "$r" "$main" node_peer closure "$main"
    record "$r" "$main" node_peer bufbuild-cel "$main"
    record "$r" "$main" node_peer marcbachmann-cel-js "$main"
    record "$r" "$slow" node_peer json-rules-engine "$slow"
    # The same rule by the baseline on json-rules-engine's smaller file: the
    # answer check needs a second engine on every file.
    if [ "$slow" != "$main" ]; then record "$r" "$slow" "$out/simdjson_rule" "$slow"; fi
    record "$r" "$main" luajit "$here/peers/luajit_rule.lua" "$main"
    record "$r" "$main" sh "$here/peers/jq_rule.sh" "$main"
  fi
  if wants scale; then
    for n in $rule_counts; do
      if [ "$n" -ge "$big_rules" ] && [ "$r" -gt "$big_runs" ]; then continue; fi
      reload=
      # Without levind, the reload is measured in process (levin_scale).
      if [ "$n" = "$check_rules" ] && [ -z "$nats_url" ]; then reload=--reload; fi
      record "$r" "$scaled" "$out/levin_scale" $reload --events "$scaled" "$(rules_dir "$n")"
      if [ "$n" = "$check_rules" ]; then record "$r" "$scaled" levin_check "$(rules_dir "$n")" "$n"; fi
    done
  fi
  if wants nats && [ -n "$nats_url" ]; then
    record "$r" "$main" "$out/nats_rate" bare --nats "$nats_url" --events "$main" --count "$nats_events"
    for n in $nats_rules; do
      if [ "$n" -ge "$big_rules" ] && [ "$r" -gt "$big_runs" ]; then continue; fi
      if [ "$n" = 1000 ]; then levind_row "$r" "$n" reload; else levind_row "$r" "$n"; fi
    done
    if [ -f "$here/nats_e2e.sh" ]; then record "$r" "$main" e2e_script; fi
  fi
done
say "measured in $(( $(date +%s) - start )) s"

# --- the table ---------------------------------------------------------------
stamp=$(date -u +%Y%m%dT%H%M%SZ)
meta=$out/meta.json
BENCH_META_DATE=$(date -u +%Y-%m-%dT%H:%M:%SZ) \
BENCH_META_COMMIT=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown) \
BENCH_META_DIRTY=$(git -C "$root" status --porcelain 2>/dev/null | grep -q . && echo yes || echo no) \
BENCH_META_NODE=$(node --version) \
BENCH_META_LUAJIT=$(luajit -v | cut -d' ' -f1-2) \
BENCH_META_NATS=$(nats-server --version 2>/dev/null || echo none) \
BENCH_META_UNAVAILABLE=$nats_unavailable \
BENCH_META_LOAD=$load_start \
python3 - "$meta" "$runs" "$events" "$seed" <<'EOF'
import json, os, sys
path, runs, events, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
cpu = "?"
try:
    with open("/proc/cpuinfo") as f:
        cpu = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), "?")
except OSError:
    pass
e = os.environ
meta = {"date": e["BENCH_META_DATE"], "commit": e["BENCH_META_COMMIT"], "dirty": e["BENCH_META_DIRTY"] == "yes",
        "cpu": cpu, "cores": os.cpu_count(), "load": e["BENCH_META_LOAD"],
        "runs": runs, "events": events, "seed": seed, "node": e["BENCH_META_NODE"],
        "luajit": e["BENCH_META_LUAJIT"], "nats_server": e["BENCH_META_NATS"]}
if e.get("BENCH_META_UNAVAILABLE"):
    meta["nats_unavailable"] = e["BENCH_META_UNAVAILABLE"]
with open(path, "w") as f:
    json.dump(meta, f)
EOF
python3 "$here/summarize.py" "$raw" "$here/results/$stamp.json" "$meta"
cp "$here/results/$stamp.json" "$here/results/latest.json"
say "figures written to bench/results/$stamp.json and bench/results/latest.json"
