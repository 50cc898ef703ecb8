#!/bin/sh
# run.sh LEVIN_BINARY [run.mjs options]
# Runs the CEL spec conformance suites against LEVIN_BINARY; installs the npm
# packages it reads the suites from (pinned in package.json) when missing.
set -e
here=$(cd "$(dirname "$0")" && pwd)
if [ $# -lt 1 ]; then
  echo "usage: $0 LEVIN_BINARY [--suite NAME] [--case SUBSTRING] [--verbose]" >&2
  exit 2
fi
levin=$1
shift
sh "$here/../tools/npm_pinned.sh" "$here"
exec node "$here/run.mjs" --levin "$levin" "$@"
