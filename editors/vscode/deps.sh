#!/bin/sh
# deps.sh - installs the extension's pinned dev dependencies (package-lock.json)
# into editors/vscode/node_modules when they are missing or out of date.
# Quiet when there is nothing to do; needs the npm registry otherwise.
set -e
cd "$(dirname "$0")"
if [ -f node_modules/.package-lock.json ] && [ ! package-lock.json -nt node_modules/.package-lock.json ] \
   && [ ! package.json -nt node_modules/.package-lock.json ]; then
  exit 0
fi
command -v npm >/dev/null 2>&1 || { echo "editors: npm is missing (make deps-test installs it)" >&2; exit 2; }
echo "editors: installing the VS Code extension's npm packages"
npm ci --no-audit --no-fund --loglevel=error >npm-install.log 2>&1 || { cat npm-install.log >&2; exit 2; }
rm -f npm-install.log
