#!/bin/sh
# run_tests.sh LEVIN_BINARY - every editor test, headless (make test runs it
# through CTest; see suite.cmake):
#   - the fixtures (editors/test/fixtures/*.rule) are valid: levin check;
#     those of editors/test/invalid (how the plugins take broken code) are not;
#   - VS Code: vscode-tmgrammar-test assertions in the fixtures, a smoke test
#     over the fixtures and every example rule file levin check accepts,
#     the snippets, and packaging the .vsix (with the license);
#   - Vim, and Neovim when installed: editors/vim/test/levin_test.vim with the
#     plugin installed as a package;
#   - Emacs: the ERT tests of editors/emacs/test, flymake running LEVIN_BINARY;
#   - the keyword check (keywords_test.py) against all of them.
# Installs the npm packages into editors/vscode/node_modules if missing.
set -u
levin=${1:?usage: run_tests.sh LEVIN_BINARY}
case $levin in /*) ;; *) levin=$(pwd)/$levin ;; esac
dir=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$dir")
fixtures=$dir/test/fixtures
invalid=$dir/test/invalid
tmp=$(mktemp -d "${TMPDIR:-/tmp}/levin-editors.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
failed=""

[ -x "$levin" ] || { echo "editors: $levin is not an executable levin" >&2; exit 2; }
for tool in node vim emacs python3; do
  command -v $tool >/dev/null 2>&1 || { echo "editors: $tool is missing (make deps-test installs it)" >&2; exit 2; }
done
sh "$dir/vscode/deps.sh" || exit 2

step() { # step NAME COMMAND...: runs one part, keeps going when it fails
  name=$1; shift
  if "$@" >"$tmp/out" 2>&1; then
    sed 's/^/  /' "$tmp/out" | grep -v '^  *$' | tail -n 4
    echo "ok   $name"
  else
    sed 's/^/  /' "$tmp/out"
    echo "FAIL $name"
    failed="$failed $name"
  fi
}

fixtures_check() {
  out=$("$levin" check --format json "$fixtures"/*.rule) || { echo "$out"; return 1; }
  [ -z "$out" ] || { echo "$out"; return 1; }
  for f in "$invalid"/*.rule; do
    if "$levin" check "$f" >/dev/null 2>&1; then echo "$f: levin check accepts it (it must not)"; return 1; fi
  done
  echo "levin check: $(ls "$fixtures"/*.rule | wc -l) fixture files, no diagnostics;" \
    "$(ls "$invalid"/*.rule | wc -l) invalid one(s) rejected"
}
step fixtures fixtures_check

cd "$dir/vscode" || exit 2
# the fixtures that carry assertions start with a "// SYNTAX TEST" line
step vscode-tmgrammar-test node_modules/.bin/vscode-tmgrammar-test --compact \
  $(grep -l '^// SYNTAX TEST' "$fixtures"/*.rule "$invalid"/*.rule)

examples_smoke() {
  files=""
  for f in "$fixtures"/*.rule $(find "$root/examples" -name '*.rule' 2>/dev/null | sort); do
    if "$levin" check "$f" >/dev/null 2>&1; then files="$files $f"; fi
  done
  # shellcheck disable=SC2086
  node test/tokenize.js --smoke $files
}
step vscode-smoke examples_smoke
step vscode-snippets python3 test/snippets_test.py "$levin"

vsix_check() {
  sh "$dir/package.sh" "$tmp/levin.vsix" >/dev/null || return 1
  python3 - "$tmp/levin.vsix" "$root/LICENSE" <<'PY'
import json, sys, zipfile
vsix = zipfile.ZipFile(sys.argv[1])
names = set(vsix.namelist())
want = {"extension/package.json", "extension/syntaxes/levin.tmLanguage.json",
        "extension/language-configuration.json", "extension/snippets/levin.json",
        "extension/LICENSE.txt"}
missing = want - names
stray = [n for n in names if "/test/" in n or "node_modules" in n or n.endswith(".vsix")]
manifest = json.loads(vsix.read("extension/package.json"))
langs = manifest["contributes"]["languages"]
if missing or stray or langs[0]["extensions"] != [".rule"]:
    sys.exit("vsix: missing %s, stray %s, languages %s" % (sorted(missing), stray, langs))
# the license: the repository's, named in the manifests
if manifest.get("license") != "Apache-2.0":
    sys.exit("vsix: package.json says license %r, not Apache-2.0" % manifest.get("license"))
if vsix.read("extension/LICENSE.txt") != open(sys.argv[2], "rb").read():
    sys.exit("vsix: extension/LICENSE.txt is not the repository's LICENSE")
if b"<License>extension/LICENSE.txt</License>" not in vsix.read("extension.vsixmanifest"):
    sys.exit("vsix: extension.vsixmanifest does not name extension/LICENSE.txt")
print("vsix: %d files, %s for *.rule, license %s" % (len(names), manifest["name"], manifest["license"]))
PY
}
step vscode-vsix vsix_check

mkdir -p "$tmp/pack/pack/levin/start"
ln -s "$dir/vim" "$tmp/pack/pack/levin/start/levin"
step vim env LEVIN_TEST_OUT="$tmp/vim.out" sh -c \
  'vim -Nu NONE -i NONE -es --cmd "set packpath=$1" -S "$2" </dev/null; rc=$?; cat "$LEVIN_TEST_OUT"; exit $rc' \
  sh "$tmp/pack" "$dir/vim/test/levin_test.vim"
if command -v nvim >/dev/null 2>&1; then
  step neovim env LEVIN_TEST_OUT="$tmp/nvim.out" sh -c \
    'nvim --clean --headless -es --cmd "set packpath^=$1" -S "$2" </dev/null; rc=$?; cat "$LEVIN_TEST_OUT"; exit $rc' \
    sh "$tmp/pack" "$dir/vim/test/levin_test.vim"
else
  echo "skip neovim (not installed)"
fi

step emacs env LEVIN_BINARY="$levin" emacs -Q --batch -L "$dir/emacs" \
  -l "$dir/emacs/test/levin-mode-tests.el" -f ert-run-tests-batch-and-exit
step keywords python3 "$dir/keywords_test.py"

if [ -n "$failed" ]; then
  echo "editors: FAILED:$failed"
  exit 1
fi
echo "editors: all passed"
