#!/bin/sh
# nats_e2e.sh BUILD_DIR [N] [REPS] - levind against a bare nats.c subscriber,
# end to end on loopback, in one run: publisher, nats-server and subscriber
# all on this machine. Each repetition starts a fresh nats-server and runs,
# in turn, the bare subscriber (matching in its callback), the bare
# subscriber with a hand-off to a worker thread, and levind with the
# reference rule (bench/nats_e2e_rules/); each receives N events published as
# fast as the publisher can. Prints one JSON line per measurement, then the
# medians and levind's share of the bare subscriber's rate.
set -u
BUILD=${1:?usage: nats_e2e.sh BUILD_DIR [N] [REPS]}
N=${2:-1000000}
REPS=${3:-3}
HERE=$(cd "$(dirname "$0")" && pwd)
LEVIND=$BUILD/runtime/levind
[ -x "$LEVIND" ] || { echo "nats_e2e.sh: no $LEVIND (build first)" >&2; exit 2; }
NATS_SERVER=$(command -v nats-server || echo /usr/sbin/nats-server)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/nats_e2e.XXXXXX")
PIDS=""
cleanup() {
  for p in $PIDS; do kill "$p" 2>/dev/null; done
  for p in $PIDS; do wait "$p" 2>/dev/null; done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cc -O2 -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wno-unused-parameter "$HERE/nats_e2e.c" -o "$WORK/nats_e2e" -lnats -lpthread || exit 2
B=$WORK/nats_e2e

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

wait_for() { # FILE PATTERN
  i=0
  while ! grep -q "$2" "$1" 2>/dev/null; do
    i=$((i + 1)); [ $i -gt 300 ] && { echo "nats_e2e.sh: timed out waiting for $2 in $1" >&2; return 1; }
    sleep 0.05
  done
}

stop() { kill "$1" 2>/dev/null; wait "$1" 2>/dev/null; PIDS=$(echo "$PIDS" | sed "s/\b$1\b//"); }

run_one() { # KIND
  kind=$1
  port=$(free_port)
  url=nats://127.0.0.1:$port
  "$NATS_SERVER" -a 127.0.0.1 -p "$port" >"$WORK/ns.log" 2>&1 & ns=$!
  PIDS="$PIDS $ns"
  wait_for "$WORK/ns.log" "Server is ready" || return 1
  : >"$WORK/sub.err"
  case $kind in
    bare) "$B" bare "$url" 2>"$WORK/sub.err" & sp=$!; stats=bare.stats ;;
    handoff) "$B" bare "$url" --handoff 2>"$WORK/sub.err" & sp=$!; stats=bare.stats ;;
    levind) "$LEVIND" --nats "$url" --rules "$HERE/nats_e2e_rules" --no-watch --log-level info \
              --max-pending 100000000 --max-pending-bytes 2147483647 2>"$WORK/sub.err" & sp=$!; stats=levin.stats ;;
  esac
  PIDS="$PIDS $sp"
  wait_for "$WORK/sub.err" 'ready' || return 1
  "$B" watch "$url" $stats "$N" >"$WORK/watch.out" & wp=$!
  sleep 0.2
  "$B" pub "$url" "$N" >"$WORK/pub.out"
  wait $wp
  rate=$(sed -n 's/.*"msgs_per_s":\([0-9]*\).*/\1/p' "$WORK/watch.out")
  pubrate=$(sed -n 's/.*"msgs_per_s":\([0-9]*\).*/\1/p' "$WORK/pub.out")
  echo "{\"rep\":$rep,\"subscriber\":\"$kind\",\"n\":$N,\"msgs_per_s\":${rate:-0},\"publisher_msgs_per_s\":${pubrate:-0}}"
  echo "$kind ${rate:-0}" >>"$WORK/results"
  stop $sp
  stop $ns
}

rep=1
while [ $rep -le "$REPS" ]; do
  for kind in bare handoff levind; do run_one $kind; done
  rep=$((rep + 1))
done

python3 - "$WORK/results" <<'PY'
import sys, statistics
r = {}
for line in open(sys.argv[1]):
    k, v = line.split()
    r.setdefault(k, []).append(float(v))
med = {k: statistics.median(v) for k, v in r.items()}
print('{"median_msgs_per_s": {%s}, "levind_vs_bare": %.3f, "handoff_vs_bare": %.3f}' % (
    ", ".join('"%s": %.0f' % (k, v) for k, v in sorted(med.items())),
    med.get("levind", 0) / med["bare"] if med.get("bare") else 0,
    med.get("handoff", 0) / med["bare"] if med.get("bare") else 0))
PY
