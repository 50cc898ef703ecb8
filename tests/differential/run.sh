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
command -v node >/dev/null 2>&1 || { echo "$0: node is required (apt-get install nodejs npm)" >&2; exit 2; }
# (Re)install when a pinned package is missing or at another version.
if ! node -e '
  const dir = process.argv[1];
  const want = require(dir + "/package.json").dependencies;
  for (const [name, version] of Object.entries(want)) {
    let have = null;
    try { have = require(dir + "/node_modules/" + name + "/package.json").version; } catch {}
    if (have !== version) process.exit(1);
  }' "$here" 2>/dev/null; then
  (cd "$here" && npm install --no-audit --no-fund --silent) || {
    echo "$0: npm install failed in $here" >&2; exit 2; }
fi
exec node "$here/run.mjs" --levin "$levin" "$@"
