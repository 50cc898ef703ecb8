// Seeded generator of random, well-typed CEL expressions for the
// differential test.  Every expression type-checks under CEL's strict rules
// (no int + double, homogeneous == outside dyn(), same-typed ?: branches):
// it is built top-down from the type it must have.
//
// Case i of seed S is generated from its own PRNG stream, so
// `--seed S --only i` reproduces one case exactly.
//
// Besides its text, every expression keeps a small tree (node.kids) with
// the spots where CEL implementations are known to differ tagged in
// node.site (see known_differences.mjs), and node.free: the comprehension
// variables it uses (a node without free variables can be evaluated alone).
//
// CLI: node gen.mjs [--seed S] [--count N]   prints one JSON request per line.

// ---- PRNG: a counter run through a 32-bit mixer ---------------------------

// murmur3's finaliser: a bijective mix of 32 bits.
function fmix32(h) {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function caseSeed(seed, index) {
  return fmix32((fmix32(seed >>> 0) + Math.imul(index + 1, 0x9e3779b9)) >>> 0);
}

class Rng {
  constructor(seed) {
    let state = seed >>> 0;
    // Uniform in [0, 1): successive Weyl-sequence values, mixed.
    this.next = () => {
      state = (state + 0x9e3779b9) >>> 0;
      return fmix32(state) / 4294967296;
    };
  }
  int(n) { return Math.floor(this.next() * n); }            // 0..n-1
  chance(p) { return this.next() < p; }
  pick(arr) { return arr[this.int(arr.length)]; }
  // weighted choice over [[weight, value], ...]
  weighted(pairs) {
    let total = 0;
    for (const [w] of pairs) total += w;
    let r = this.next() * total;
    for (const [w, v] of pairs) {
      if ((r -= w) < 0) return v;
    }
    return pairs[pairs.length - 1][1];
  }
}

// ---- types -------------------------------------------------------------------

export const T = {
  int: { k: "int" }, uint: { k: "uint" }, double: { k: "double" }, bool: { k: "bool" },
  string: { k: "string" }, bytes: { k: "bytes" },
  list: (e) => ({ k: "list", e }),
  map: (key, val) => ({ k: "map", key, val }),
};
const PRIMS = ["int", "uint", "double", "bool", "string", "bytes"];
const KEYS = ["int", "uint", "string", "bool"];
const NUMERIC = ["int", "uint", "double"];
const ORDERED = ["int", "uint", "double", "string", "bytes", "bool"];

export function typeName(t) {
  if (t.k === "list") return `list<${typeName(t.e)}>`;
  if (t.k === "map") return `map<${typeName(t.key)}, ${typeName(t.val)}>`;
  return t.k;
}

function sameType(a, b) {
  return typeName(a) === typeName(b);
}

function randomType(rng, depth) {
  return rng.weighted([
    [6, () => T[rng.pick(PRIMS)]],
    [depth > 0 ? 2 : 0, () => T.list(randomType(rng, depth - 1))],
    [depth > 0 ? 1 : 0, () => T.map(T[rng.pick(KEYS)], randomType(rng, depth - 1))],
  ])();
}

// ---- values: pools of interesting literals ------------------------------------

const INT_POOL = ["0", "1", "-1", "2", "3", "5", "7", "-7", "10", "42", "-100", "1000000007",
  "2147483647", "-2147483648", "4294967296", "3037000499", "3037000500", "4611686018427387904",
  "-4611686018427387904", "9007199254740993", "-9007199254740993",
  "9223372036854775807", "-9223372036854775807", "-9223372036854775808"];
const SMALL_INT = ["0", "1", "2", "3", "-1", "4", "0"];
const UINT_POOL = ["0", "1", "2", "3", "5", "7", "10", "42", "4294967295", "4294967296",
  "9007199254740993", "9223372036854775807", "9223372036854775808", "18446744073709551615",
  "4294967297"];
const DOUBLE_POOL = [0, 1, -1, 0.5, 1.5, -2.5, 3.25, 2, 10, 100, 0.1, 0.2, 1e10, 1e-10, -0,
  123.456, 1e300, -1e300, 1.7976931348623157e308, 5e-324, 9007199254740992, 9007199254740994,
  9223372036854775807 /* = 2^63 */, 9223372036854774784, -9223372036854775808, 18446744073709551616,
  1e19, 4294967296.5, -0.5];
// Doubles whose string() text is the same in Go's %g (cel-go) and JS: the
// text of other doubles is implementation-defined (see known_differences.md).
const DOUBLE_SAFE_TEXT = [0.5, 1.5, 2.25, -3.5, 100.5, 0.25, 12.75];
const STRING_POOL = ["", "a", "b", "abc", "ab", "bc", "abcabc", "Hello", "héllo", "日本語", "😀",
  "a😀b", "ｚ", "\uE000", "é", "e\u0301", " ", "a b", "\n", "\t", "\"", "'", "\\", "12", "-7",
  "3.5", "true", "aBc", "\u0000x"];
// Arguments for int()/uint()/double()/bool() conversions: valid, invalid and
// borderline spellings.
const NUMERIC_TEXT_POOL = ["0", "1", "-1", "42", "+5", "007", "-0", "9223372036854775807",
  "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "18446744073709551615",
  "18446744073709551616", "1.5", "-0.5", "1e3", "1E-3", ".5", "5.", "NaN", "nan", "Infinity",
  "-Infinity", "inf", "1e400", "abc", "", " 1", "1 ", "0x1f", "1_000", "-", "1e", "١٢"];
const BOOL_TEXT_POOL = ["true", "false", "TRUE", "True", "FALSE", "False", "t", "f", "T", "F",
  "1", "0", "yes", "tRuE", "", " true"];
const BYTES_POOL = [[], [0x61], [0x61, 0x62, 0x63], [0xff], [0x00, 0x01], [0xc3, 0xa9],
  [0x68, 0x65, 0x6c, 0x6c, 0x6f], [0xf0, 0x9f, 0x98, 0x80], [0x80], [0x61, 0xff, 0x62]];

// ---- literal text -------------------------------------------------------------

function intText(s) {
  return s.startsWith("-") ? `(${s})` : s;
}

function doubleText(x) {
  if (Number.isNaN(x)) return 'double("NaN")';
  if (x === Infinity) return 'double("Infinity")';
  if (x === -Infinity) return 'double("-Infinity")';
  let s = Object.is(x, -0) ? "-0.0" : String(x);
  if (!/[.e]/.test(s)) s += ".0";
  return s.startsWith("-") ? `(${s})` : s;
}

function hex(n, w) {
  return n.toString(16).padStart(w, "0");
}

// A CEL string literal for s; `style` varies quoting and escaping so the
// lexer gets exercised.
function stringText(s, rng) {
  const q = rng.chance(0.5) ? '"' : "'";
  const escapeNonAscii = rng.chance(0.25);
  let out = "";
  for (const ch of s) {
    const cp = ch.codePointAt(0);
    if (ch === "\\") out += "\\\\";
    else if (ch === q) out += "\\" + q;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (cp < 0x20 || cp === 0x7f) out += "\\x" + hex(cp, 2);
    else if (cp > 0x7f && escapeNonAscii) out += cp > 0xffff ? "\\U" + hex(cp, 8) : "\\u" + hex(cp, 4);
    else out += ch;
  }
  return q + out + q;
}

function bytesText(bytes, rng) {
  const q = rng.chance(0.5) ? '"' : "'";
  let out = "";
  for (const b of bytes) {
    if (b === 0x5c) out += "\\\\";
    else if (String.fromCharCode(b) === q) out += "\\" + q;
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else if (rng.chance(0.3)) out += "\\" + b.toString(8).padStart(3, "0");
    else out += "\\x" + hex(b, 2);
  }
  return "b" + q + out + q;
}

function b64(bytes) {
  return Buffer.from(bytes).toString("base64");
}

// ---- tree nodes --------------------------------------------------------------

export function node(text, ty, kids = [], extra = {}) {
  const free = new Set();
  for (const k of kids) for (const v of k.free) free.add(v);
  return { text, ty, kids, free, ...extra };
}

export function leaf(text, ty, extra = {}) {
  return { text, ty, kids: [], free: new Set(), ...extra };
}

// ---- the generator -------------------------------------------------------------

class Gen {
  constructor(rng) {
    this.rng = rng;
    this.vars = [];       // top-level declared variables: {name, ty}
    this.scope = [];      // comprehension variables: {name, ty}
    this.nextIter = 0;
  }

  // A random typed-JSON value of type t (for bindings).
  value(t, depth = 1) {
    const r = this.rng;
    switch (t.k) {
      case "int": return { int: r.pick(INT_POOL) };
      case "uint": return { uint: r.pick(UINT_POOL) };
      case "double": {
        const x = r.chance(0.05) ? r.pick([NaN, Infinity, -Infinity]) : r.pick(DOUBLE_POOL);
        return { double: Number.isNaN(x) ? "NaN" : x === Infinity ? "Infinity" : x === -Infinity ? "-Infinity" : Object.is(x, -0) ? "-0" : String(x) };
      }
      case "bool": return { bool: r.chance(0.5) };
      case "string": return { string: r.pick(STRING_POOL) };
      case "bytes": return { bytes: b64(r.pick(BYTES_POOL)) };
      case "list": {
        const n = depth > 0 ? r.int(4) : 0;
        return { list: Array.from({ length: n }, () => this.value(t.e, depth - 1)) };
      }
      case "map": {
        const n = depth > 0 ? r.int(4) : 0;
        const entries = [];
        const seen = new Set();
        for (let i = 0; i < n; i++) {
          const k = this.value(t.key, 0);
          const id = JSON.stringify(k);
          if (seen.has(id)) continue;   // bindings cannot hold duplicate keys
          seen.add(id);
          entries.push([k, this.value(t.val, depth - 1)]);
        }
        return { map: entries };
      }
    }
    throw new Error(`no value for ${typeName(t)}`);
  }

  // A literal of a scalar type.
  literal(t) {
    const r = this.rng;
    switch (t.k) {
      case "int": return leaf(intText(r.chance(0.3) ? r.pick(SMALL_INT) : r.pick(INT_POOL)), t);
      case "uint": return leaf(r.pick(UINT_POOL) + (r.chance(0.2) ? "U" : "u"), t);
      case "double": {
        if (r.chance(0.04)) return leaf(r.pick(['double("NaN")', 'double("Infinity")', 'double("-Infinity")']), t);
        return leaf(doubleText(r.pick(DOUBLE_POOL)), t);
      }
      case "bool": return leaf(r.chance(0.5) ? "true" : "false", t);
      case "string": return leaf(stringText(r.pick(STRING_POOL), r), t);
      case "bytes": return leaf(bytesText(r.pick(BYTES_POOL), r), t);
    }
    throw new Error(`no literal for ${typeName(t)}`);
  }

  // A variable (declared or comprehension) of type t, or null.
  variable(t) {
    const all = [...this.scope, ...this.vars].filter((v) => sameType(v.ty, t));
    if (all.length === 0) return null;
    const v = this.rng.pick(all);
    const isIter = this.scope.includes(v);
    const n = leaf(v.name, t);
    if (isIter) n.free = new Set([v.name]);
    return n;
  }

  leafOf(t) {
    if (this.rng.chance(0.5)) {
      const v = this.variable(t);
      if (v) return v;
    }
    if (t.k === "list") return this.listLiteral(t, 0);
    if (t.k === "map") return this.mapLiteral(t, 0);
    return this.literal(t);
  }

  // Literal lists and maps are never empty: the element type of a bare []
  // is a free type parameter that only its context can bind, so [] and {}
  // are written only where that context does (`L + []`, `x in []`, size).
  listLiteral(t, d) {
    const n = this.rng.weighted([[3, 1], [3, 2], [2, 3]]);
    const kids = Array.from({ length: n }, () => this.expr(t.e, d - 1));
    return node(`[${kids.map((k) => k.text).join(", ")}]`, t, kids);
  }

  mapLiteral(t, d) {
    let n = this.rng.weighted([[3, 1], [3, 2], [2, 3]]);
    if (t.key.k === "bool" && this.rng.chance(0.9)) n = Math.min(n, 2);   // only two keys exist
    const kids = [];
    const parts = [];
    const used = new Set();
    for (let i = 0; i < n; i++) {
      // Keys are mostly distinct literals; a repeated key is a runtime error
      // in CEL, worth meeting now and then.
      let k = this.rng.chance(0.85) ? this.literal(t.key) : this.expr(t.key, d - 1);
      for (let j = 0; j < 4 && used.has(k.text) && this.rng.chance(0.9); j++) k = this.literal(t.key);
      used.add(k.text);
      const v = this.expr(t.val, d - 1);
      kids.push(k, v);
      parts.push(`${k.text}: ${v.text}`);
    }
    return node(`{${parts.join(", ")}}`, t, kids, { site: "mapkeys" });
  }

  // An expression of type t, at most d levels deep.
  expr(t, d) {
    if (d <= 0) return this.leafOf(t);
    const r = this.rng;
    const forms = [[3, () => this.leafOf(t)], [1, () => this.cond(t, d)], [1.2, () => this.index(t, d)]];
    switch (t.k) {
      case "int": forms.push(...this.intForms(d)); break;
      case "uint": forms.push(...this.uintForms(d)); break;
      case "double": forms.push(...this.doubleForms(d)); break;
      case "bool": forms.push(...this.boolForms(d)); break;
      case "string": forms.push(...this.stringForms(d)); break;
      case "bytes": forms.push(...this.bytesForms(d)); break;
      case "list": forms.push(...this.listForms(t, d)); break;
      case "map": forms.push([4, () => this.mapLiteral(t, d)]); break;
    }
    return r.weighted(forms)() ?? this.leafOf(t);
  }

  cond(t, d) {
    const c = this.expr(T.bool, d - 1);
    const a = this.expr(t, d - 1);
    const b = this.expr(t, d - 1);
    return node(`(${c.text} ? ${a.text} : ${b.text})`, t, [c, a, b]);
  }

  // list[int] or map[key] producing a t.
  index(t, d) {
    const r = this.rng;
    if (r.chance(0.5)) {
      const l = this.expr(T.list(t), d - 1);
      // A literal list's length is known: index inside it mostly, so that
      // out-of-range errors do not swamp everything else.
      const len = l.text.startsWith("[") ? l.kids.length : 1;
      let i;
      if (r.chance(0.1)) i = leaf(r.pick(["dyn(0u)", "dyn(1u)", "dyn(0.0)", "dyn(1.0)", "dyn(0.5)"]), T.int);
      else if (len > 0 && r.chance(0.8)) i = leaf(String(r.int(len)), T.int);
      else i = r.chance(0.7) ? leaf(intText(r.pick(SMALL_INT)), T.int) : this.expr(T.int, d - 1);
      return node(`${l.text}[${i.text}]`, t, [l, i], { site: "listindex" });
    }
    const key = T[r.pick(KEYS)];
    const m = this.expr(T.map(key, t), d - 1);
    let k;
    // Only a map literal's own keys are known keys (an index expression's text
    // can start with '{' too: {...}["a"] is not a literal).
    const keys = m.site === "mapkeys" ? m.kids.filter((_, j) => j % 2 === 0) : [];
    if (keys.length && r.chance(0.75)) {
      k = r.pick(keys);   // present (unless it was computed differently)
    } else if (key.k === "int" && r.chance(0.15)) {
      k = leaf(r.pick(["dyn(1u)", "dyn(0u)", "dyn(1.0)", "dyn(2.0)", "dyn(1.5)"]), key);
    } else {
      k = this.expr(key, d - 1);
    }
    return node(`${m.text}[${k.text}]`, t, [m, k]);
  }

  arith(t, ops, d) {
    const a = this.expr(t, d - 1);
    const op = this.rng.pick(ops);
    let b;
    if ((op === "/" || op === "%") && this.rng.chance(0.5)) {
      // Small divisors, zero among them, so division errors are common.
      b = t.k === "double" ? leaf(this.rng.pick(["0.0", "(-0.0)", "2.0", "0.5"]), t)
        : t.k === "uint" ? leaf(this.rng.pick(["0u", "1u", "2u", "3u"]), t)
          : leaf(this.rng.pick(["0", "(-1)", "2", "(-3)"]), t);
    } else {
      b = this.expr(t, d - 1);
    }
    return node(`(${a.text} ${op} ${b.text})`, t, [a, b], { op });
  }

  size(d) {
    const t = this.rng.pick([T.string, T.bytes, T.list(T[this.rng.pick(PRIMS)]),
      T.map(T[this.rng.pick(KEYS)], T[this.rng.pick(PRIMS)])]);
    const a = t.k === "list" || t.k === "map" ? (this.rng.chance(0.1) ? leaf(t.k === "list" ? "[]" : "{}", t) : this.expr(t, d - 1)) : this.expr(t, d - 1);
    return this.rng.chance(0.5) ? node(`size(${a.text})`, T.int, [a]) : node(`${a.text}.size()`, T.int, [a]);
  }

  // int(x)/uint(x)/double(x)/bool(x) of a string: site of known differences.
  fromText(target, d) {
    const pool = target === "bool" ? BOOL_TEXT_POOL : NUMERIC_TEXT_POOL;
    const a = this.rng.chance(0.85) ? leaf(stringText(this.rng.pick(pool), this.rng), T.string) : this.expr(T.string, d - 1);
    return node(`${target}(${a.text})`, T[target], [a], { site: "parse", target });
  }

  convert(target, from, d) {
    const a = this.expr(T[from], d - 1);
    return node(`${target}(${a.text})`, T[target], [a], { conv: `${from}->${target}` });
  }

  intForms(d) {
    return [
      [4, () => this.arith(T.int, ["+", "-", "*", "/", "%"], d)],
      [1, () => { const a = this.expr(T.int, d - 1); return node(`-(${a.text})`, T.int, [a]); }],
      [1.5, () => this.size(d)],
      [0.7, () => this.convert("int", "uint", d)],
      [0.7, () => this.convert("int", "double", d)],
      [0.5, () => this.fromText("int", d)],
    ];
  }

  uintForms(d) {
    return [
      [4, () => this.arith(T.uint, ["+", "-", "*", "/", "%"], d)],
      [0.8, () => this.convert("uint", "int", d)],
      [0.7, () => this.convert("uint", "double", d)],
      [0.5, () => this.fromText("uint", d)],
    ];
  }

  doubleForms(d) {
    return [
      [4, () => this.arith(T.double, ["+", "-", "*", "/"], d)],
      [1, () => { const a = this.expr(T.double, d - 1); return node(`-(${a.text})`, T.double, [a]); }],
      [0.7, () => this.convert("double", "int", d)],
      [0.7, () => this.convert("double", "uint", d)],
      [0.5, () => this.fromText("double", d)],
    ];
  }

  compare(d) {
    const r = this.rng;
    return r.weighted([
      // same-typed equality over any type
      [3, () => {
        const t = randomType(r, 1);
        const a = this.expr(t, d - 1), b = this.expr(t, d - 1);
        const op = r.pick(["==", "!="]);
        return node(`(${a.text} ${op} ${b.text})`, T.bool, [a, b], { op, cmp: [t.k, t.k] });
      }],
      // ordering, same type or across numeric types
      [4, () => {
        let ta = r.pick(ORDERED), tb = ta;
        if (NUMERIC.includes(ta) && r.chance(0.4)) tb = r.pick(NUMERIC);
        const a = this.expr(T[ta], d - 1), b = this.expr(T[tb], d - 1);
        const op = r.pick(["<", "<=", ">", ">="]);
        return node(`(${a.text} ${op} ${b.text})`, T.bool, [a, b], { op, cmp: [ta, tb], site: "order" });
      }],
      // heterogeneous numeric equality: allowed by the checker through dyn()
      [1.5, () => {
        const ta = r.pick(NUMERIC), tb = r.pick(NUMERIC.filter((x) => x !== ta));
        const a = this.expr(T[ta], d - 1), b = this.expr(T[tb], d - 1);
        const op = r.pick(["==", "!="]);
        return node(`(dyn(${a.text}) ${op} ${b.text})`, T.bool, [a, b], { op, cmp: [ta, tb], site: "numeq" });
      }],
      // values of unrelated types are simply unequal at run time
      [0.3, () => {
        const a = this.expr(T.string, d - 1), b = this.expr(T.int, d - 1);
        return node(`(dyn(${a.text}) == ${b.text})`, T.bool, [a, b], { op: "==", cmp: ["string", "int"] });
      }],
    ])();
  }

  membership(d) {
    const r = this.rng;
    return r.weighted([
      [3, () => {
        const t = randomType(r, 0);
        const e = this.expr(t, d - 1);
        const l = r.chance(0.1) ? leaf("[]", T.list(t)) : this.expr(T.list(t), d - 1);
        return node(`(${e.text} in ${l.text})`, T.bool, [e, l], { op: "in" });
      }],
      [2, () => {
        const k = T[r.pick(KEYS)];
        const e = this.expr(k, d - 1);
        const m = r.chance(0.1) ? leaf("{}", T.map(k, T.int)) : this.expr(T.map(k, T[r.pick(PRIMS)]), d - 1);
        return node(`(${e.text} in ${m.text})`, T.bool, [e, m], { op: "in" });
      }],
      // heterogeneous membership through dyn()
      [1, () => {
        const ta = r.pick(NUMERIC);
        const e = this.expr(T[ta], d - 1);
        const items = Array.from({ length: 1 + r.int(3) }, () => this.expr(T[r.pick(NUMERIC)], d - 2));
        return node(`(dyn(${e.text}) in [${items.map((x) => `dyn(${x.text})`).join(", ")}])`, T.bool, [e, ...items], { op: "in", site: "numeq", cmp: [ta, "double"] });
      }],
    ])();
  }

  // The range of a comprehension: never a bare [] or {}, whose element type
  // only the body could tell.
  range(t, d) {
    if (this.rng.chance(0.7) || t.k !== "list") {
      const n = t.k === "list" ? this.nonEmptyListLiteral(t, d) : this.expr(t, d);
      if (n.text !== "{}") return n;
    }
    const n = this.expr(t, d);
    return n.text === "[]" || n.text === "{}" ? this.nonEmptyListLiteral(T.list(t.k === "list" ? t.e : t.key), d) : n;
  }

  // A comprehension macro: all/exists/exists_one over a list (or a map's keys).
  quantifier(d) {
    const r = this.rng;
    const macro = r.pick(["all", "exists", "exists_one"]);
    let range, elem;
    if (r.chance(0.75)) {
      elem = T[r.pick(PRIMS)];
      range = this.range(T.list(elem), d - 1);
    } else {
      elem = T[r.pick(KEYS)];
      range = this.range(T.map(elem, T[r.pick(PRIMS)]), d - 1);
    }
    const v = `v${this.nextIter++}`;
    this.scope.push({ name: v, ty: elem });
    const body = this.expr(T.bool, d - 1);
    this.scope.pop();
    const n = node(`${range.text}.${macro}(${v}, ${body.text})`, T.bool, [range, body], { macro });
    n.free.delete(v);
    return n;
  }

  nonEmptyListLiteral(t, d) {
    const n = 1 + this.rng.int(3);
    const kids = Array.from({ length: n }, () => this.expr(t.e, d - 1));
    return node(`[${kids.map((k) => k.text).join(", ")}]`, t, kids);
  }

  boolForms(d) {
    const r = this.rng;
    return [
      [5, () => this.compare(d)],
      [2, () => this.membership(d)],
      [2.5, () => {
        const a = this.expr(T.bool, d - 1), b = this.expr(T.bool, d - 1);
        const op = r.pick(["&&", "||"]);
        return node(`(${a.text} ${op} ${b.text})`, T.bool, [a, b], { op });
      }],
      [1, () => { const a = this.expr(T.bool, d - 1); return node(`!(${a.text})`, T.bool, [a]); }],
      [1.5, () => {
        const a = this.expr(T.string, d - 1), b = this.expr(T.string, d - 1);
        const f = r.pick(["contains", "startsWith", "endsWith"]);
        return node(`${a.text}.${f}(${b.text})`, T.bool, [a, b]);
      }],
      [2.5, () => this.quantifier(d)],
      [0.4, () => this.fromText("bool", d)],
    ];
  }

  stringForms(d) {
    const r = this.rng;
    return [
      [3, () => { const a = this.expr(T.string, d - 1), b = this.expr(T.string, d - 1); return node(`(${a.text} + ${b.text})`, T.string, [a, b]); }],
      [0.7, () => this.convert("string", "int", d)],
      [0.5, () => this.convert("string", "uint", d)],
      [0.5, () => this.convert("string", "bool", d)],
      [0.7, () => this.convert("string", "bytes", d)],
      [0.3, () => this.convert("string", "string", d)],
      [0.4, () => leaf(`string(${doubleText(r.pick(DOUBLE_SAFE_TEXT))})`, T.string)],
    ];
  }

  bytesForms(d) {
    return [
      [3, () => { const a = this.expr(T.bytes, d - 1), b = this.expr(T.bytes, d - 1); return node(`(${a.text} + ${b.text})`, T.bytes, [a, b]); }],
      [1, () => this.convert("bytes", "string", d)],
    ];
  }

  listForms(t, d) {
    const r = this.rng;
    return [
      [4, () => this.listLiteral(t, d)],
      [2, () => {
        // [] only where the other operand fixes its element type
        const a = this.expr(t, d - 1);
        const b = this.rng.chance(0.2) ? leaf("[]", t) : this.expr(t, d - 1);
        const [x, y] = this.rng.chance(0.5) ? [a, b] : [b, a];
        return node(`(${x.text} + ${y.text})`, t, [x, y]);
      }],
      // map(): from a list of any element type to a list of t.e
      [1.5, () => {
        const from = T[r.pick(PRIMS)];
        const range = this.range(T.list(from), d - 1);
        const v = `v${this.nextIter++}`;
        this.scope.push({ name: v, ty: from });
        const filter = r.chance(0.3) ? this.expr(T.bool, d - 1) : null;
        const body = this.expr(t.e, d - 1);
        this.scope.pop();
        const kids = filter ? [range, filter, body] : [range, body];
        const n = node(`${range.text}.map(${v}, ${filter ? filter.text + ", " : ""}${body.text})`, t, kids, { macro: "map" });
        n.free.delete(v);
        return n;
      }],
      [1.5, () => {
        const range = this.range(t, d - 1);
        const v = `v${this.nextIter++}`;
        this.scope.push({ name: v, ty: t.e });
        const body = this.expr(T.bool, d - 1);
        this.scope.pop();
        const n = node(`${range.text}.filter(${v}, ${body.text})`, t, [range, body], { macro: "filter" });
        n.free.delete(v);
        return n;
      }],
    ];
  }
}

const TOP_TYPES = [[6, "bool"], [3, "int"], [2, "uint"], [2, "double"], [2, "string"], [1.5, "bytes"],
  [1.5, "list"], [1, "map"]];

/**
 * Generates case `index` of `seed`: { id, req, type, root }.
 * req is the protocol request; type the static type the expression must
 * have (Levin syntax).
 */
export function generateCase(seed, index, { maxDepth = 4 } = {}) {
  const rng = new Rng(caseSeed(seed, index));
  const g = new Gen(rng);
  const nvars = rng.weighted([[3, 0], [3, 1], [2, 2], [1, 3]]);
  const bindings = {};
  for (let i = 0; i < nvars; i++) {
    const ty = randomType(rng, 1);
    g.vars.push({ name: `x${i}`, ty });
    bindings[`x${i}`] = g.value(ty);
  }
  const top = rng.weighted(TOP_TYPES);
  let ty;
  if (top === "list") ty = T.list(randomType(rng, 1));
  else if (top === "map") ty = T.map(T[rng.pick(KEYS)], randomType(rng, 0));
  else ty = T[top];
  const depth = 2 + rng.int(Math.max(1, maxDepth - 1));
  let root = g.expr(ty, depth);
  // A bare literal or variable at the top tests little: try again a few times.
  for (let i = 0; i < 4 && root.kids.length === 0; i++) root = g.expr(ty, depth);
  const id = `${seed}:${index}`;
  const req = { id, expr: root.text };
  if (g.vars.length) {
    req.decls = g.vars.map((v) => ({ name: v.name, type: typeName(v.ty) }));
    req.bindings = bindings;
  }
  return { id, req, type: typeName(ty), root };
}

// CLI: print requests, for feeding `levin eval --batch` by hand.
if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const get = (name, def) => {
    const i = args.indexOf(name);
    return i >= 0 && i + 1 < args.length ? Number(args[i + 1]) : def;
  };
  const seed = get("--seed", 1);
  const count = get("--count", 20);
  for (let i = 0; i < count; i++) console.log(JSON.stringify(generateCase(seed, i).req));
}
