#!/bin/sh
# run.sh LEVIN_BINARY [--count N] [--seed S] [run.mjs options]
# Differential test of LEVIN_BINARY against @bufbuild/cel on generated CEL
# expressions; installs the pinned npm packages when missing.
set -e
here=$(cd "$(dirname "$0")" && pwd)
if [ $# -lt 1 ]; then
  echo "usage: $0 LEVIN_BINARY [--count N] [--seed S] [--only INDEX] [--verbose]" >&2
  exit 2
fi
levin=$1
shift
sh "$here/../tools/npm_pinned.sh" "$here"
exec node "$here/run.mjs" --levin "$levin" "$@"
