# golden.sh - sourced by the golden test runners (tests/golden/*.sh): one
# case's output against its expectation.
#
#   golden_judge NAME GOT EXPECTED
#
# With UPDATE=1, rewrites EXPECTED from GOT when they differ ("updated:").
# Otherwise prints FAIL (with a diff) when EXPECTED is missing or differs,
# and counts it in $failed.

golden_judge() {
  if [ "$UPDATE" = 1 ]; then
    if ! cmp -s "$2" "$3" 2>/dev/null; then
      cp "$2" "$3"
      echo "updated: $1"
    fi
  elif [ ! -f "$3" ]; then
    echo "FAIL: $1 has no $(basename "$3") (run with --update, then read it)"
    failed=$((failed + 1))
  elif ! cmp -s "$2" "$3"; then
    echo "FAIL: $1"
    diff -u "$3" "$2" | sed 's/^/  /' | head -n 60
    failed=$((failed + 1))
  fi
}
