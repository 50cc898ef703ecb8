#!/bin/sh
# npm_pinned.sh DIR [LOG] - installs DIR's npm packages when one of those
# pinned in DIR/package.json (exact versions, no lockfile) is missing from
# DIR/node_modules or at another version. Quiet when there is nothing to do;
# npm's output goes to LOG if given. Exit 2 if node or npm is missing or
# the install fails.
set -e
dir=${1:?usage: npm_pinned.sh DIR [LOG]}
log=${2:-/dev/null}
command -v node >/dev/null 2>&1 || { echo "$dir: node is required (apt-get install nodejs npm)" >&2; exit 2; }
if node -e '
  const dir = process.argv[1];
  const want = require(dir + "/package.json").dependencies;
  for (const [name, version] of Object.entries(want)) {
    let have = null;
    try { have = require(dir + "/node_modules/" + name + "/package.json").version; } catch {}
    if (have !== version) process.exit(1);
  }' "$dir" 2>/dev/null; then
  exit 0
fi
command -v npm >/dev/null 2>&1 || { echo "$dir: npm is required (apt-get install npm)" >&2; exit 2; }
(cd "$dir" && npm install --no-audit --no-fund --silent >>"$log" 2>&1) || {
  echo "npm install failed in $dir${2:+ (see $log)}" >&2; exit 2; }
