#!/bin/sh
# jq_rule.sh FILE - the reference rule as a jq filter, whole process: jq reads
# FILE, parses every event, and prints the ones that match (counted with wc).
# Timed from start to exit; prints one JSON line like every bench program.
set -eu
file=${1:?usage: jq_rule.sh FILE}
filter='select(.temp > 80.0 and (.site == "plant-a" or .site == "plant-b") and .status != "maintenance")'
events=$(grep -c . "$file")
status=$(mktemp)
trap 'rm -f "$status"' EXIT
t0=$(date +%s%N)
matched=$( { jq -c "$filter" "$file"; echo $? >"$status"; } | wc -l)
t1=$(date +%s%N)
if [ "$(cat "$status")" != 0 ]; then
  echo "jq_rule.sh: jq failed on $file" >&2
  exit 1
fi
printf '{"name":"jq","mode":"decode+match","events":%s,"matched":%s,"ns_per_event":%s,"jq":"%s"}\n' \
  "$events" "$matched" "$(awk -v a="$t0" -v b="$t1" -v n="$events" 'BEGIN { printf "%.2f", (b - a) / n }')" \
  "$(jq --version)"
