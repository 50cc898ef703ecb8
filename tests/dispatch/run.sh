#!/bin/sh
# run.sh LEVIN - the rule index gives the same results as evaluating every
# rule: for several seeded rule sets, `levin run` with and without the
# index must print exactly the same lines (actions, errors, dead letters).
set -e
levin=$1
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
for seed in 1 2 3 4 5 6; do
  case $seed in 1|2) n=60 ;; 3|4) n=300 ;; *) n=1000 ;; esac
  python3 "$here/gen.py" "$seed" "$n" 1500 "$tmp/$seed"
  "$levin" run "$tmp/$seed/rules.rule" --events "$tmp/$seed/events.jsonl" > "$tmp/$seed/indexed.out" 2>"$tmp/$seed/err"
  "$levin" run --no-index "$tmp/$seed/rules.rule" --events "$tmp/$seed/events.jsonl" > "$tmp/$seed/linear.out" 2>>"$tmp/$seed/err"
  lines=$(wc -l < "$tmp/$seed/linear.out")
  fired=$(grep -c '"rule"' "$tmp/$seed/linear.out" || true)
  errors=$(grep -c '"error"' "$tmp/$seed/linear.out" || true)
  if cmp -s "$tmp/$seed/indexed.out" "$tmp/$seed/linear.out"; then
    echo "seed $seed: $n rules, 1500 events: identical ($fired actions, $errors errors)"
  else
    echo "seed $seed: $n rules: the index changed the results:"
    diff "$tmp/$seed/linear.out" "$tmp/$seed/indexed.out" | head -20
    fail=1
  fi
  # A test that cannot fail is worthless: the data must make rules fire and fail.
  if [ "$fired" -lt 10 ] || [ "$errors" -lt 1 ]; then
    echo "seed $seed: too few actions ($fired) or errors ($errors) to prove anything"
    fail=1
  fi
done
exit $fail
