#!/bin/sh
# package.sh [OUT.vsix] - builds the VS Code extension, by default as
# editors/vscode/levin-rules-VERSION.vsix (install it with
# `code --install-extension editors/vscode/levin-rules-*.vsix`).
# Uses @vscode/vsce 3.x from the extension's pinned dev dependencies; needs the
# npm registry only the first time (to install them).
set -e
dir=$(cd "$(dirname "$0")" && pwd)
sh "$dir/vscode/deps.sh"
cd "$dir/vscode"
version=$(node -p 'require("./package.json").version')
out=${1:-"$dir/vscode/levin-rules-$version.vsix"}
rm -f "$out"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
node_modules/.bin/vsce package --no-dependencies --skip-license --allow-missing-repository \
  --out "$out" >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
echo "$out"
