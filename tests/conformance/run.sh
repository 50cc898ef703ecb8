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
