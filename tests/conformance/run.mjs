#!/usr/bin/env node
// Runs the CEL specification's conformance tests (tests/simple/testdata of
// cel-spec, as shipped compiled to JSON by @bufbuild/cel-spec) against
// `levin eval --batch - --io json`, one Levin process per suite.
//
// usage: node run.mjs --levin BINARY [--suite NAME]... [--case SUBSTRING]
//                     [--verbose] [--types] [--timeout SECONDS] [--known-failures FILE]
// --types also compares Levin's static type with the one cel-go deduces
// (shipped by @bufbuild/cel-spec beside each case); informational only.
// Exit status: 0 all run cases passed (known failures aside), 1 failures,
// 2 the harness or Levin could not run.

import { readFileSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildCase, Skip } from "./lib/spec_cases.mjs";
import { evalBatch, LevinUnusable } from "./lib/levin_batch.mjs";
import { typedEqual, validate, render, renderAnswer, normalizeType } from "./lib/typed_value.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));

export const SUITES = ["basic", "comparisons", "conversions", "fp_math", "integer_math", "lists",
  "logic", "macros", "macros2", "parse", "plumbing", "string", "string_ext", "math_ext",
  "timestamps", "fields", "optionals", "encoders_ext", "type_deductions"];

function usage(msg) {
  if (msg) process.stderr.write(`run.mjs: ${msg}\n`);
  process.stderr.write("usage: node run.mjs --levin BINARY [--suite NAME]... [--case SUBSTRING] [--verbose]\n" +
    "                   [--types] [--timeout SECONDS] [--known-failures FILE]\n");
  process.exit(2);
}

function parseArgs(argv) {
  const o = { suites: [], cases: null, verbose: false, types: false, timeout: 60, known: join(HERE, "known_failures.txt") };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => (i + 1 < argv.length ? argv[++i] : usage(`${a} needs a value`));
    if (a === "--levin") o.levin = val();
    else if (a === "--suite") o.suites.push(...val().split(","));
    else if (a === "--case") o.cases = val();
    else if (a === "--verbose" || a === "-v") o.verbose = true;
    else if (a === "--types") o.types = true;
    else if (a === "--timeout") o.timeout = Number(val());
    else if (a === "--known-failures") o.known = val();
    else if (a === "--help" || a === "-h") usage();
    else usage(`unknown argument ${a}`);
  }
  if (!o.levin) usage("--levin is required");
  if (!(o.timeout > 0)) usage("--timeout must be a positive number of seconds");
  for (const s of o.suites) if (!SUITES.includes(s)) usage(`unknown suite ${s} (one of: ${SUITES.join(" ")})`);
  if (o.suites.length === 0) o.suites = SUITES;
  return o;
}

/** known_failures.txt: `suite/section/name  # reason` per line; # lines are comments. */
function readKnownFailures(path) {
  const known = new Map();
  if (!existsSync(path)) return known;
  readFileSync(path, "utf8").split("\n").forEach((raw, n) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const m = /^(.*?)\s+#\s*(.*)$/.exec(line);
    const id = (m ? m[1] : line).trim();
    known.set(id, { reason: m ? m[2] : "", line: n + 1 });
  });
  return known;
}

async function loadSpec() {
  try {
    const { tests } = await import("@bufbuild/cel-spec/testdata/conformance.js");
    const { getTestRegistry } = await import("@bufbuild/cel-spec/testdata/registry.js");
    const protoTypes = new Map();
    for (const t of getTestRegistry()) {
      if ((t.kind === "message" || t.kind === "enum") && t.typeName.startsWith("cel.expr.conformance.")) {
        protoTypes.set(t.typeName, t.kind);
      }
    }
    return { tests, protoTypes };
  } catch (e) {
    process.stderr.write(`run.mjs: cannot load @bufbuild/cel-spec (run tests/conformance/run.sh, which installs it): ${e.message}\n`);
    process.exit(2);
  }
}

// cel-go's spelling of a type ("map(string, list(int))") in Levin syntax,
// or null where Levin has no such type (wrappers, any, messages...).
function celGoType(text) {
  let i = 0;
  const parse = () => {
    const m = /^[\w.]+/.exec(text.slice(i));
    if (!m) throw new Error("bad type");
    i += m[0].length;
    const args = [];
    if (text[i] === "(") {
      i++;
      for (;;) {
        args.push(parse());
        while (text[i] === " ") i++;
        if (text[i] === ",") { i++; while (text[i] === " ") i++; continue; }
        if (text[i] === ")") { i++; break; }
        throw new Error("bad type");
      }
    }
    const name = m[0];
    if (args.includes(null)) return null;
    if (name === "list" && args.length === 1) return `list<${args[0]}>`;
    if (name === "map" && args.length === 2) return `map<${args[0]}, ${args[1]}>`;
    if (name === "optional_type" && args.length === 1) return `optional<${args[0]}>`;
    if (name === "type") return "type";
    if (name === "null") return "null_type";
    if (["int", "uint", "double", "bool", "string", "bytes", "dyn", "timestamp", "duration"].includes(name) && args.length === 0) return name;
    if (name === "google.protobuf.Timestamp") return "timestamp";
    if (name === "google.protobuf.Duration") return "duration";
    return null;
  };
  try {
    const t = parse();
    return i === text.length ? t : null;
  } catch {
    return null;
  }
}

// Judges Levin's answer against the expectation: null if it passes, else why not.
function judge(expect, ans) {
  if ("harness_error" in ans) return ans.harness_error;
  if ("bad_input" in ans) return `levin rejected the request line: ${ans.bad_input}`;
  if ("compile_error" in ans) {
    return expect.kind === "error" ? "expected an evaluation error, got a compile error" : "compile error";
  }
  if (expect.kind === "error") return "error" in ans ? null : "expected an evaluation error, got a value";
  if ("error" in ans) return "evaluation error";
  const bad = validate(ans.value);
  if (bad) return `malformed value in answer: ${bad}`;
  if (!typedEqual(expect.value, ans.value)) return "wrong value";
  if (expect.kind === "typed" && expect.type !== null) {
    if (typeof ans.type !== "string") return "answer has no static type";
    if (normalizeType(ans.type) !== normalizeType(expect.type)) return `wrong static type (expected ${expect.type})`;
  }
  return null;
}

function renderExpect(expect) {
  if (expect.kind === "error") return `evaluation error (spec: ${expect.messages.map((m) => JSON.stringify(m)).join(" or ") || "any"})`;
  const v = render(expect.value);
  return expect.kind === "typed" && expect.type ? `${v}  (type ${expect.type})` : v;
}

function indent(s, pad) {
  return String(s).split("\n").join("\n" + pad);
}

function describe(c, ans, why) {
  const out = [`  ${c.id}`, `    expr:     ${indent(c.req.expr, "              ")}`];
  if (c.req.decls) out.push(`    decls:    ${c.req.decls.map((d) => `${d.name}: ${d.type}`).join(", ")}`);
  if (c.req.bindings) out.push(`    bindings: ${Object.entries(c.req.bindings).map(([k, v]) => `${k} = ${render(v)}`).join(", ")}`);
  if (c.req.container) out.push(`    container: ${c.req.container}`);
  if (c.req.check === false) out.push("    check:    disabled");
  out.push(`    expected: ${renderExpect(c.expect)}`);
  out.push(`    got:      ${indent(renderAnswer(ans), "              ")}`);
  if (why) out.push(`    why:      ${why}`);
  return out.join("\n");
}

async function main() {
  const opt = parseArgs(process.argv.slice(2));
  const levin = resolve(opt.levin);
  const { tests, protoTypes } = await loadSpec();
  const known = readKnownFailures(opt.known);
  const filtered = opt.cases !== null || opt.suites !== SUITES;
  const bySuite = new Map(tests.suites.map((s) => [s.name, s]));
  const caseDir = join(HERE, "cases");
  mkdirSync(caseDir, { recursive: true });

  const lines = [];            // per-suite summary lines
  const failures = [];         // unexpected failures, described
  const stillKnown = [];       // known failures that still fail
  const nowPassing = [];       // known failures that pass now
  const skipped = [];
  const warnings = [];
  const typeNotes = [];        // --types: static type differences from cel-go
  const seenIds = new Set();
  let passed = 0, failed = 0, nSkipped = 0;

  for (const suiteName of opt.suites) {
    const suite = bySuite.get(suiteName);
    if (!suite) {
      warnings.push(`suite ${suiteName} is not in this version of @bufbuild/cel-spec`);
      continue;
    }
    const cases = [];
    let suiteSkipped = 0;
    const dup = new Map();
    for (const section of suite.suites ?? []) {
      for (const t of section.tests ?? []) {
        const o = t.original;
        let id = `${suiteName}/${section.name}/${o.name}`;
        const n = (dup.get(id) ?? 0) + 1;
        dup.set(id, n);
        if (n > 1) id += `#${n}`;   // the spec repeats a few names within a section
        if (opt.cases !== null && !id.includes(opt.cases)) continue;
        seenIds.add(id);
        try {
          cases.push({ id, goType: o.disableCheck || !t.type ? null : celGoType(t.type), ...buildCase(id, o, protoTypes) });
        } catch (e) {
          if (!(e instanceof Skip)) throw e;
          skipped.push(`${id}: ${e.message}`);
          suiteSkipped++;
        }
      }
    }
    nSkipped += suiteSkipped;
    if (cases.length === 0) {
      if (suiteSkipped || opt.cases === null) lines.push(`${suiteName}: 0/0 passed, ${suiteSkipped} skipped`);
      continue;
    }
    const reqs = cases.map((c) => c.req);
    writeFileSync(join(caseDir, `${suiteName}.jsonl`), reqs.map((r) => JSON.stringify(r)).join("\n") + "\n");
    let result;
    try {
      result = await evalBatch(levin, reqs, { timeoutMs: opt.timeout * 1000 });
    } catch (e) {
      if (!(e instanceof LevinUnusable)) throw e;
      process.stderr.write(`conformance: ${e.message}\n`);
      process.exit(2);
    }
    for (const w of result.warnings) warnings.push(`${suiteName}: ${w}`);
    let suitePassed = 0, suiteKnown = 0;
    const record = [];
    cases.forEach((c, i) => {
      const ans = result.answers[i];
      const why = judge(c.expect, ans);
      const k = known.get(c.id);
      record.push({ id: c.id, pass: why === null, why, expect: c.expect, answer: ans });
      if (opt.types && c.goType && ans && "value" in ans && normalizeType(ans.type ?? "") !== normalizeType(c.goType)) {
        typeNotes.push(`  ${c.id}: levin ${ans.type ?? "(none)"}, cel-go ${c.goType}   [${c.req.expr.replace(/\s+/g, " ").slice(0, 80)}]`);
      }
      if (why === null) {
        suitePassed++;
        if (k) nowPassing.push(`  ${c.id}  (known_failures.txt line ${k.line})`);
        if (opt.verbose) {
          const extra = c.expect.kind === "error" ? `  [spec: ${c.expect.messages.join(" | ")}; levin: ${ans.error}]` : "";
          console.log(`PASS ${c.id}${extra}`);
        }
      } else if (k) {
        suiteKnown++;
        stillKnown.push(describe(c, ans, `${why}; known failure: ${k.reason}`));
        if (opt.verbose) console.log(`KNOWN ${c.id}: ${why}`);
      } else {
        failures.push(describe(c, ans, why));
        if (opt.verbose) console.log(`FAIL ${c.id}: ${why}`);
      }
    });
    writeFileSync(join(caseDir, `${suiteName}.results.jsonl`), record.map((r) => JSON.stringify(r)).join("\n") + "\n");
    passed += suitePassed;
    failed += cases.length - suitePassed - suiteKnown;
    lines.push(`${suiteName}: ${suitePassed}/${cases.length} passed, ${suiteSkipped} skipped` +
      (suiteKnown ? ` (${suiteKnown} known failure${suiteKnown > 1 ? "s" : ""})` : ""));
  }

  if (!filtered) {
    for (const [id, k] of known) {
      if (!seenIds.has(id)) warnings.push(`known_failures.txt line ${k.line}: ${id} is not a conformance case (renamed or removed?)`);
    }
  }
  for (const [id, k] of known) {
    if (seenIds.has(id) && skipped.some((s) => s.startsWith(id + ": "))) {
      warnings.push(`known_failures.txt line ${k.line}: ${id} is skipped by the harness, the entry is useless`);
    }
  }

  if (skipped.length) {
    console.log(`\nSkipped cases (${skipped.length}):`);
    for (const s of skipped) console.log(`  ${s}`);
  }
  if (stillKnown.length) {
    console.log(`\nKnown failures, still failing (${stillKnown.length}; from ${opt.known}):`);
    if (opt.verbose) for (const f of stillKnown) console.log(f);
    else console.log("  (details with --verbose)");
  }
  if (failures.length) {
    console.log(`\nFailures (${failures.length}):`);
    for (const f of failures) console.log(f);
  }
  if (nowPassing.length) {
    console.log(`\nNow passing: remove from known_failures.txt (${nowPassing.length}):`);
    for (const p of nowPassing) console.log(p);
  }
  if (typeNotes.length) {
    console.log(`\nStatic types that differ from cel-go's (informational, --types; ${typeNotes.length}):`);
    for (const t of typeNotes) console.log(t);
  }
  if (warnings.length) {
    console.log("\nWarnings:");
    for (const w of warnings) console.log(`  ${w}`);
  }
  const staleKnown = warnings.filter((w) => w.startsWith("known_failures.txt")).length;
  console.log("\nPer suite:");
  for (const l of lines) console.log(`  ${l}`);
  failed += nowPassing.length + staleKnown;
  if (stillKnown.length) console.log(`known failures (not counted below): ${stillKnown.length}`);
  console.log(`conformance: ${passed} passed, ${failed} failed, ${nSkipped} skipped`);
  process.exit(failed > 0 ? 1 : 0);
}

main().catch((e) => {
  process.stderr.write(`run.mjs: internal error: ${e.stack ?? e}\n`);
  process.exit(2);
});
