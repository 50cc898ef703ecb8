#!/usr/bin/env node
// tokenize.js FILE...          prints the TextMate scopes the Levin grammar gives
//                              each token, as JSON: {"FILE": [[{"start":0,"end":6,
//                              "scopes":[...]}, ...], ...]} (one array per line);
//                              editors/keywords_test.py reads it.
// tokenize.js --smoke FILE...  checks that each (valid) rule file ends where it
//                              began, outside any string, comment or block, and
//                              that no token is marked invalid; exit 1 if not.
// It runs the engine VS Code runs (vscode-textmate with Oniguruma).
'use strict';
const fs = require('fs');
const path = require('path');
const tm = require('vscode-textmate');
const onig = require('vscode-oniguruma');

async function loadGrammar() {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer;
  await onig.loadWASM(wasm);
  const grammarPath = path.join(__dirname, '..', 'syntaxes', 'levin.tmLanguage.json');
  const registry = new tm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new onig.OnigScanner(patterns),
      createOnigString: (s) => new onig.OnigString(s),
    }),
    loadGrammar: async (scope) =>
      scope === 'source.levin' ? tm.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath) : null,
  });
  return registry.loadGrammar('source.levin');
}

function tokenizeFile(grammar, file) {
  let stack = tm.INITIAL;
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
  const tokens = lines.map((line) => {
    const r = grammar.tokenizeLine(line, stack);
    stack = r.ruleStack;
    return r.tokens.map((t) => ({ start: t.startIndex, end: Math.min(t.endIndex, line.length), scopes: t.scopes }));
  });
  return { lines, tokens, stack };
}

async function main(args) {
  const grammar = await loadGrammar();
  if (args[0] !== '--smoke') {
    const out = {};
    for (const file of args) out[file] = tokenizeFile(grammar, file).tokens;
    process.stdout.write(JSON.stringify(out) + '\n');
    return 0;
  }
  const rootDepth = grammar.tokenizeLine('', tm.INITIAL).ruleStack.depth;
  let failures = 0;
  for (const file of args.slice(1)) {
    const { lines, tokens, stack } = tokenizeFile(grammar, file);
    tokens.forEach((toks, i) => {
      for (const t of toks) {
        const bad = t.scopes.find((s) => s.startsWith('invalid.'));
        if (bad) {
          failures++;
          console.log(`${file}:${i + 1}:${t.start + 1}: ${bad} on ${JSON.stringify(lines[i].slice(t.start, t.end))}`);
        }
      }
    });
    if (stack.depth !== rootDepth) {
      failures++;
      console.log(`${file}: ends ${stack.depth - rootDepth} level(s) deep in the grammar (an unclosed region)`);
    }
  }
  console.log(`vscode smoke: ${args.length - 1} file(s), ${failures} problem(s)`);
  return failures ? 1 : 0;
}

// exitCode, not exit(): exit() would cut off output still queued for a pipe
main(process.argv.slice(2)).then((rc) => { process.exitCode = rc; }, (e) => {
  console.error('tokenize.js: ' + (e && e.stack ? e.stack : e));
  process.exitCode = 2;
});
