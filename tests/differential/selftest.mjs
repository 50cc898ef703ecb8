#!/usr/bin/env node
// Self-test of the harness pieces that need no Levin: typed-value equality,
// the generator's determinism and well-formedness, and that every known
// difference of the peer is recognised on a case that shows it and not on
// a near miss.  usage: node selftest.mjs   (exit status 1 on failure)

import { typedEqual, validate, parseTimestamp } from "../conformance/lib/typed_value.mjs";
import { generateCase, T, node, leaf } from "./gen.mjs";
import { peerEval } from "./peer.mjs";
import { KNOWN_DIFFERENCES, explainedBy } from "./known_differences.mjs";

let passed = 0, failed = 0;
function check(ok, what) {
  if (ok) passed++;
  else {
    failed++;
    console.log(`FAIL ${what}`);
  }
}

// ---- typed values
const d = (x) => ({ double: x });
check(typedEqual(d("NaN"), d("NaN")), "NaN equals NaN");
check(!typedEqual(d("-0"), d("0")), "-0 differs from 0");
check(typedEqual(d("1e+21"), d("1000000000000000000000")), "double spelling does not matter");
check(!typedEqual({ int: "1" }, { uint: "1" }), "int 1 is not uint 1");
check(!typedEqual({ int: "1" }, d("1")), "int 1 is not double 1");
check(typedEqual({ map: [[{ int: "1" }, { string: "a" }], [{ int: "2" }, { string: "b" }]] },
  { map: [[{ int: "2" }, { string: "b" }], [{ int: "1" }, { string: "a" }]] }), "maps are unordered");
check(!typedEqual({ map: [[{ int: "1" }, { string: "a" }]] }, { map: [[{ uint: "1" }, { string: "a" }]] }), "map keys keep their kind");
check(!typedEqual({ list: [{ int: "1" }, { int: "2" }] }, { list: [{ int: "2" }, { int: "1" }] }), "lists are ordered");
check(typedEqual({ timestamp: "2009-02-13T23:31:30Z" }, { timestamp: "2009-02-14T00:31:30.000+01:00" }), "timestamps by instant");
check(parseTimestamp("0001-01-01T00:00:00Z") === -62135596800n * 1000000000n, "year 1 timestamp");
check(typedEqual({ duration: "1.5s" }, { duration: "1.500000000s" }), "durations by length");
check(typedEqual({ bytes: "AP8=" }, { bytes: "AP8=" }) && !typedEqual({ bytes: "AP8=" }, { bytes: "AP4=" }), "bytes");
check(validate({ int: "01" }) !== null && validate({ double: "0x10" }) !== null && validate({ int: "-5" }) === null, "validation");
check(validate({ map: [[{ int: "1" }]] }) !== null, "malformed map entry rejected");

// ---- generator
const a = generateCase(7, 3), b = generateCase(7, 3), c = generateCase(8, 3);
check(a.req.expr === b.req.expr && JSON.stringify(a.req) === JSON.stringify(b.req), "generation is deterministic");
check(a.req.expr !== c.req.expr, "seeds differ");
let peerRejects = 0;
for (let i = 0; i < 300; i++) if ("compile_error" in peerEval(generateCase(1234, i).req)) peerRejects++;
check(peerRejects === 0, `generated expressions parse (${peerRejects} of 300 did not)`);

// ---- known differences: [name, case that shows it, near miss]
const S = (text) => leaf(text, T.string);
const I = (text) => leaf(text, T.int);
const U = (text) => leaf(text, T.uint);
const D = (text) => leaf(text, T.double);
const cmp = (a, op, b, ta, tb) => node(`(${a.text} ${op} ${b.text})`, T.bool, [a, b], { op, cmp: [ta, tb], site: "order" });
const numeq = (a, b) => node(`(dyn(${a.text}) == ${b.text})`, T.bool, [a, b], { op: "==", site: "numeq" });
const parse = (target, s) => node(`${target}(${JSON.stringify(s)})`, T[target], [S(JSON.stringify(s))], { site: "parse", target });
const udiv = (x, y) => node(`(${x} / ${y})`, T.uint, [U(x), U(y)], { op: "/" });
const umap = (k1, k2) => node(`{${k1}: 1, ${k2}: 2}`, T.map(T.uint, T.int), [U(k1), I("1"), U(k2), I("2")], { site: "mapkeys" });
const lidx = (i) => node(`[1, 2][${i}]`, T.int, [leaf("[1, 2]", T.list(T.int)), I(i)], { site: "listindex" });
const inMacro = (() => {
  const body = cmp(leaf("v0", T.string, { free: new Set(["v0"]) }), "<", S('"a"'), "string", "string");
  body.free = new Set(["v0"]);
  const n = node(`["b"].all(v0, ${body.text})`, T.bool, [leaf('["b"]', T.list(T.string)), body]);
  n.free.delete("v0");
  return n;
})();
const cases = [
  ["string-order-utf16", cmp(S('"\\uff5a"'), "<", S('"\\U0001F600"'), "string", "string"), cmp(S('"a"'), "<", S('"\\U0001F600"'), "string", "string")],
  ["string-order-utf16", inMacro, cmp(S('"b"'), "<", S('"a"'), "string", "string")],
  ["int-double-equality-exact", numeq(I("9007199254740993"), D("9007199254740992.0")), numeq(I("9007199254740993"), D("9007199254740994.0"))],
  ["int-double-equality-exact", numeq(U("18446744073709551615u"), D("18446744073709551616.0")), numeq(U("18446744073709551615u"), D("1e30"))],
  ["nan-ordering", cmp(D('double("NaN")'), "<", D("1.0"), "double", "double"), cmp(D("0.5"), "<", D("1.0"), "double", "double")],
  ["string-conversion-syntax", parse("int", " 1"), parse("int", "12")],
  ["string-conversion-syntax", parse("double", "inf"), parse("double", "1e3")],
  ["string-conversion-syntax", parse("bool", "T"), parse("bool", "true")],
  ["string-conversion-syntax", parse("uint", ""), parse("uint", "abc")],
  ["uint-divide-by-one", udiv("9223372036854775808u", "1u"), udiv("9223372036854775808u", "2u")],
  ["uint-duplicate-map-keys", umap("1u", "1u"), umap("1u", "2u")],
  ["fractional-list-index-not-absorbed", lidx("dyn(0.5)"), lidx("dyn(1.0)")],
];
const kdNames = new Set(KNOWN_DIFFERENCES.map((k) => k.name));
for (const [name, hit, miss] of cases) {
  check(kdNames.has(name), `${name} is a known difference`);
  const mk = (root) => ({ id: "t", req: { expr: root.text }, root });
  check(explainedBy(mk(hit), peerEval) === name, `${name} recognised in ${hit.text}`);
  check(explainedBy(mk(miss), peerEval) === null, `${name} not claimed for ${miss.text}`);
}
for (const name of kdNames) check(cases.some(([n]) => n === name), `${name} has a self-test`);

console.log(`selftest: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
