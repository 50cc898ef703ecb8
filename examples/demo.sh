#!/bin/sh
# demo.sh BUILD_DIR - Levin in action (`make demo` runs it after building).
#
# Starts nats-server on a free loopback port, levind on a copy of the rules
# in examples/, publishes the example events and shows, as they arrive, the
# actions that fired and the dead letters; then edits a threshold in the
# copy and shows the change taking effect (and a typo being refused), and
# stops everything it started - also on Ctrl-C. The repository's files are
# never touched. Takes about ten seconds.
set -u
BUILD=${1:-build}
case $BUILD in /*) ;; *) BUILD=$(pwd)/$BUILD ;; esac
HERE=$(cd "$(dirname "$0")" && pwd)
LEVIND=$BUILD/runtime/levind
NATSIO=$BUILD/natsio
NATS_SERVER=$(command -v nats-server || echo /usr/sbin/nats-server)

if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then B=$(printf '\033[1m'); D=$(printf '\033[2m'); R=$(printf '\033[0m')
else B= D= R=; fi
say() { printf '\n%s== %s%s\n' "$B" "$*" "$R"; }
note() { printf '%s   %s%s\n' "$D" "$*" "$R"; }
die() { printf 'demo: %s\n' "$*" >&2; exit 1; }

for f in "$LEVIND" "$NATSIO"; do [ -x "$f" ] || die "$f is missing: run \`make demo\` (it builds first)"; done
if [ ! -x "$NATS_SERVER" ]; then
  sh "$HERE/../tests/tools/deps.sh" nats-server || die "cannot install nats-server"
  NATS_SERVER=$(command -v nats-server || echo /usr/sbin/nats-server)
fi
[ -x "$NATS_SERVER" ] || die "nats-server is missing (apt-get install nats-server)"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/levin-demo.XXXXXX") || die "cannot make a scratch directory"
PIDS=""
cleanup() {
  trap - EXIT INT TERM
  for p in $PIDS; do kill "$p" 2>/dev/null; done
  for p in $PIDS; do wait "$p" 2>/dev/null; done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'printf "\ndemo: interrupted; stopping everything\n"; exit 130' INT TERM

# Waits (up to $3 tenths of a second) for a pattern in a file.
wait_for() {
  i=0
  while ! grep -q "$2" "$1" 2>/dev/null; do
    i=$((i + 1))
    [ "$i" -gt "${3:-100}" ] && return 1
    sleep 0.1
  done
}

# Waits until a file stops growing for half a second.
settle() {
  last=-1
  while :; do
    n=$(wc -c <"$1")
    [ "$n" = "$last" ] && return 0
    last=$n
    sleep 0.5
  done
}

# --- nats-server ----------------------------------------------------------------
say "Starting nats-server on a free loopback port"
tries=0
while :; do
  PORT=$((20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000))
  "$NATS_SERVER" -a 127.0.0.1 -p "$PORT" >"$WORK/nats.log" 2>&1 &
  NS=$!
  PIDS="$PIDS $NS"
  if wait_for "$WORK/nats.log" "Server is ready" 50; then break; fi
  kill "$NS" 2>/dev/null
  tries=$((tries + 1))
  [ $tries -ge 5 ] && die "nats-server did not start: $(tail -n 3 "$WORK/nats.log")"
done
URL=nats://127.0.0.1:$PORT
note "$URL (pid $NS)"

# --- levind -------------------------------------------------------------------------
mkdir -p "$WORK/rules"
for set in factory building shop; do
  mkdir -p "$WORK/rules/$set"
  cp "$HERE/$set"/*.rule "$WORK/rules/$set/"
done
say "Starting levind on a copy of examples/ (factory, building, shop)"
"$LEVIND" --nats "$URL" --rules "$WORK/rules" --metrics 127.0.0.1:0 --reload-debounce 100 \
  --log-level info 2>"$WORK/levind.log" &
LV=$!
PIDS="$PIDS $LV"
if ! wait_for "$WORK/levind.log" '"msg":"ready"' 300; then
  tail -n 20 "$WORK/levind.log" >&2
  die "levind did not start"
fi
sed -n 's/.*"msg":"rules loaded","generation":\([0-9]*\),"streams":\([0-9]*\),"rules":\([0-9]*\),"files":\([0-9]*\),"compile_ms":\([0-9.]*\).*/   \3 rules on \2 streams from \4 files, compiled to native code in \5 ms/p' "$WORK/levind.log"
grep '"msg":"subscribed"' "$WORK/levind.log" | sed 's/.*"subject":"\([^"]*\)".*/   subscribed to \1/'
MPORT=$(sed -n 's/.*"msg":"serving metrics".*"port":\([0-9]*\).*/\1/p' "$WORK/levind.log")
note "metrics: http://127.0.0.1:$MPORT/metrics   health: http://127.0.0.1:$MPORT/healthz"

# --- what levind publishes, as it arrives ---------------------------------------------
"$NATSIO" sub "$URL" '>' --pretty --levin-only >"$WORK/out.txt" 2>"$WORK/sub.err" &
SUB=$!
PIDS="$PIDS $SUB"
wait_for "$WORK/sub.err" ready 100 || die "natsio sub did not start"
tail -f "$WORK/out.txt" &
TAIL=$!
PIDS="$PIDS $TAIL"

for set in factory building shop; do
  say "Publishing examples/$set/events.jsonl - actions (->) and dead letters (DLQ) as they arrive:"
  "$NATSIO" pub "$URL" "$HERE/$set/events.jsonl" --msg-ids "$set-" 2>"$WORK/pub.err"
  skipped=$(grep -c 'skipped:' "$WORK/pub.err")
  settle "$WORK/out.txt"
  [ "$skipped" -gt 0 ] && note "(the publisher skipped $skipped line(s) of the file that are not even JSON envelopes)"
done

# --- hot reload ------------------------------------------------------------------------
say "Hot reload: the factory's temperature limit"
RULE=$WORK/rules/factory/common.rule
grep -q '"temp": 85.0' "$RULE" || die "examples/factory/common.rule has no \"temp\": 85.0 limit any more; update demo.sh"
PROBE='{"subject": "factory.lyon.line.1.reading", "data": {"sensor_id": "t-demo", "kind": "temp", "value": 72.5, "ts": "2024-06-03T09:00:00Z", "where": {"site": "lyon", "hall": "assembly", "line": 1}}}'
printf '%s\n' "$PROBE" >"$WORK/probe.jsonl"
note "a reading of 72.5 C with the limit at 85.0: nothing should fire"
"$NATSIO" pub "$URL" "$WORK/probe.jsonl" 2>/dev/null
settle "$WORK/out.txt"
note "editing the copy: \"temp\": 85.0 -> \"temp\": 70.0 (levind watches the directory)"
sed 's/"temp": 85.0/"temp": 70.0/' "$RULE" >"$RULE.new" && mv "$RULE.new" "$RULE"
wait_for "$WORK/levind.log" '"msg":"reloaded","generation":2' 300 || die "levind did not reload"
note "reloaded: generation 2 runs now; the same reading again:"
"$NATSIO" pub "$URL" "$WORK/probe.jsonl" 2>/dev/null
settle "$WORK/out.txt"

say "A typo is refused: the running rules stay"
cp "$RULE" "$WORK/common.rule.good"
sed 's/"temp": 70.0/"temp": 70.0,,/' "$WORK/common.rule.good" >"$RULE.new" && mv "$RULE.new" "$RULE"
wait_for "$WORK/levind.log" 'reload failed' 300 || die "levind did not report the failed reload"
grep '"msg":"rule error"' "$WORK/levind.log" | head -n 1 |
  sed 's/.*"file":"[^"]*\/\([^"/]*\)","line":\([0-9]*\),"column":\([0-9]*\).*"message":"\([^"]*\)".*/   levind: \1:\2:\3: \4 - reload failed, generation 2 keeps running/'
"$NATSIO" pub "$URL" "$WORK/probe.jsonl" 2>/dev/null
settle "$WORK/out.txt"
cp "$WORK/common.rule.good" "$RULE"

# --- figures, then stop --------------------------------------------------------------
say "What levind counted (also at <prefix>.stats over NATS and /metrics over HTTP)"
"$NATSIO" req "$URL" levin.stats >"$WORK/stats.json" 2>/dev/null
sed -e 's/.*"messages":{"received":\([0-9]*\).*"actions":{"published":\([0-9]*\),"logged":\([0-9]*\),"failed":\([0-9]*\)},"dead_letters":\([0-9]*\).*"reloads":{"successes":\([0-9]*\),"failures":\([0-9]*\)}.*/   events \1, actions published \2, logged \3, failed \4, dead letters \5, reloads \6 (+\7 refused)/' "$WORK/stats.json"

say "Stopping (SIGTERM: levind finishes what it holds, flushes, exits 0)"
kill -TERM "$LV"
wait "$LV"
rc=$?
PIDS=$(echo "$PIDS" | sed "s/ $LV//")
note "levind exited with status $rc"
sleep 0.3
kill "$TAIL" 2>/dev/null
printf '\nDone. Rules: examples/*/*.rule; run them offline with: levin run examples/factory --events examples/factory/events.jsonl\n'
