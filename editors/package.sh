#!/bin/sh
# package.sh [OUT.vsix] - builds the VS Code extension, by default as
# editors/vscode/levin-rules-VERSION.vsix (install it with
# `code --install-extension editors/vscode/levin-rules-*.vsix`); a relative
# OUT is taken from the current directory.
# Uses @vscode/vsce 3.x from the extension's pinned dev dependencies; needs the
# npm registry only the first time (to install them).
# vsce packs the directory it runs in, and wants the license there: the
# extension is packed from a copy of editors/vscode (without node_modules)
# with the repository's LICENSE added, so that the repository keeps one copy
# of it. It goes in the .vsix as extension/LICENSE.txt.
set -e
dir=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$dir")
out=${1:-}
case $out in '' | /*) ;; *) out=$(pwd)/$out ;; esac
sh "$dir/vscode/deps.sh"
version=$(cd "$dir/vscode" && node -p 'require("./package.json").version')
out=${out:-"$dir/vscode/levin-rules-$version.vsix"}
[ -f "$root/LICENSE" ] || { echo "package.sh: $root/LICENSE is missing" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/levin-vsix.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
stage=$work/extension
mkdir "$stage"
for f in "$dir/vscode"/* "$dir/vscode/.vscodeignore"; do
  case ${f##*/} in
    node_modules | *.vsix | *.log) ;;
    *) [ ! -e "$f" ] || cp -R "$f" "$stage/" ;;
  esac
done
cp "$root/LICENSE" "$stage/LICENSE"

rm -f "$out"
# (stdin is /dev/null so that vsce never waits for an answer to a question)
(cd "$stage" && "$dir/vscode/node_modules/.bin/vsce" package --no-dependencies \
  --allow-missing-repository --out "$out" </dev/null >"$work/vsce.log" 2>&1) \
  || { cat "$work/vsce.log" >&2; exit 1; }
echo "$out"
