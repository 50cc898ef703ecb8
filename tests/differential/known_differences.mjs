// Known differences between @bufbuild/cel (the peer) and CEL as specified
// (or, where the spec is silent, cel-go, the reference implementation).
// Each entry is documented in known_differences.md under the same name.
//
// A disagreement between Levin and the peer is not reported when some
// entry's `explains` finds, in the generated expression, a spot of the kind
// where the peer is known to be wrong.  Spots are nodes the generator tagged
// (node.site); when a spot does not depend on comprehension variables its
// operands are evaluated with the peer and the entry decides exactly;
// inside a comprehension it cannot, and counts the spot (conservatively).

const INT64_MIN = -(2n ** 63n), INT64_MAX = 2n ** 63n - 1n, UINT64_MAX = 2n ** 64n - 1n;

function* walk(n) {
  yield n;
  for (const k of n.kids) yield* walk(k);
}

function sign(x) {
  return x < 0 ? -1 : x > 0 ? 1 : 0;
}

// Compare two strings by Unicode code points (the spec) and by UTF-16 code
// units (JavaScript's < operator).
function codePointCmp(a, b) {
  const x = [...a].map((c) => c.codePointAt(0)), y = [...b].map((c) => c.codePointAt(0));
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return sign(x[i] - y[i]);
  return sign(x.length - y.length);
}

function utf16Cmp(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Exact order of an integer (BigInt) and a finite double.
function exactIntDoubleCmp(i, d) {
  const f = Math.floor(d);
  const bf = BigInt(f);
  if (i < bf) return -1;
  if (i > bf) return 1;
  return f === d ? 0 : -1;
}

function number(v) {
  if ("int" in v) return BigInt(v.int);
  if ("uint" in v) return BigInt(v.uint);
  if ("double" in v) return Number(v.double);
  return undefined;
}

// What cel-go's string conversions (Go's strconv) give for text s.
function goParse(target, s) {
  if (target === "int") {
    if (!/^[+-]?[0-9]+$/.test(s)) return { error: "" };
    const n = BigInt(s);
    return n < INT64_MIN || n > INT64_MAX ? { error: "" } : { int: String(n) };
  }
  if (target === "uint") {
    if (!/^[0-9]+$/.test(s)) return { error: "" };   // ParseUint: no sign
    const n = BigInt(s);
    return n > UINT64_MAX ? { error: "" } : { uint: String(n) };
  }
  if (target === "bool") {
    if (["1", "t", "T", "TRUE", "true", "True"].includes(s)) return { bool: true };
    if (["0", "f", "F", "FALSE", "false", "False"].includes(s)) return { bool: false };
    return { error: "" };
  }
  // double: decimal syntax, inf/infinity (signed) and nan in any case; an
  // out-of-range magnitude is an error (ErrRange).  Hex floats need a 'p'
  // exponent, which the generator never writes.
  if (/^[+-]?(inf|infinity)$/i.test(s)) return { double: s.startsWith("-") ? "-Infinity" : "Infinity" };
  if (/^nan$/i.test(s)) return { double: "NaN" };
  if (!/^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(s)) return { error: "" };
  const x = Number(s);
  return Number.isFinite(x) ? { double: String(x) } : { error: "" };
}

function sameOutcome(a, b) {
  if ("error" in a || "error" in b) return "error" in a && "error" in b;
  const k = Object.keys(a).find((x) => x !== "id");
  const kb = Object.keys(b).find((x) => x !== "id");
  if (k !== kb) return false;
  if (k === "double") return Object.is(Number(a.double), Number(b.double)) || (Number.isNaN(Number(a.double)) && Number.isNaN(Number(b.double)));
  return String(a[k]) === String(b[k]);
}

export const KNOWN_DIFFERENCES = [
  {
    name: "string-order-utf16",
    // Peer orders strings by UTF-16 code units; CEL by code points.
    explains(c, ev) {
      for (const n of walk(c.root)) {
        if (n.site !== "order" || n.cmp[0] !== "string") continue;
        const a = ev(n.kids[0]), b = ev(n.kids[1]);
        if (a === null || b === null) return true;
        if (!("value" in a) || !("value" in b)) continue;
        if (codePointCmp(a.value.string, b.value.string) !== utf16Cmp(a.value.string, b.value.string)) return true;
      }
      return false;
    },
  },
  {
    name: "int-double-equality-exact",
    // Peer: int/uint == double is exact; CEL defines x == y as
    // !(x < y || x > y) and orders int against double through a (lossy)
    // conversion to double, as cel-go does and the conformance tests pin.
    explains(c, ev) {
      for (const n of walk(c.root)) {
        if (n.site !== "numeq") continue;
        const vals = n.kids.map(ev);
        if (vals.some((v) => v === null)) return true;
        const pairs = n.op === "in" ? vals.slice(1).map((v) => [vals[0], v]) : [[vals[0], vals[1]]];
        for (const [a, b] of pairs) {
          if (!("value" in a) || !("value" in b)) continue;
          const ka = Object.keys(a.value)[0], kb = Object.keys(b.value)[0];
          if ((ka === "double") === (kb === "double")) continue;
          const [iv, dv] = ka === "double" ? [b.value, a.value] : [a.value, b.value];
          const i = number(iv), d = number(dv);
          if (!Number.isFinite(d)) continue;
          const lossy = "int" in iv
            ? d >= -(2 ** 63) && d <= 2 ** 63 && Number(i) === d
            : d >= 0 && d <= 2 ** 64 && Number(i) === d;
          if (lossy !== (exactIntDoubleCmp(i, d) === 0)) return true;
        }
      }
      return false;
    },
  },
  {
    name: "nan-ordering",
    // cel-go (the spec is silent) makes ordering a NaN an error ("NaN
    // values cannot be ordered"); the peer answers false.
    explains(c, ev) {
      for (const n of walk(c.root)) {
        if (n.site !== "order" || !n.cmp.includes("double")) continue;
        const a = ev(n.kids[0]), b = ev(n.kids[1]);
        if (a === null || b === null) return true;
        for (const x of [a, b]) if ("value" in x && x.value.double === "NaN") return true;
      }
      return false;
    },
  },
  {
    name: "string-conversion-syntax",
    // int()/uint()/double()/bool() of a string: the peer's parsing is more
    // lenient in places (and stricter for bool('T')) than cel-go's strconv.
    explains(c, ev) {
      for (const n of walk(c.root)) {
        if (n.site !== "parse") continue;
        const arg = ev(n.kids[0]);
        if (arg === null) return true;
        if (!("value" in arg)) continue;
        const peer = ev(n);
        const ref = goParse(n.target, arg.value.string);
        const got = "value" in peer ? peer.value : { error: peer.error ?? "" };
        if (!sameOutcome(ref, got)) return true;
      }
      return false;
    },
  },
  {
    name: "uint-divide-by-one",
    // Peer: a uint of 2^63 or more divided by 1u is an "int overflow" error.
    explains(c, ev) {
      for (const n of walk(c.root)) {
        if (n.op !== "/" || n.ty.k !== "uint") continue;
        const a = ev(n.kids[0]), b = ev(n.kids[1]);
        if (a === null || b === null) return true;
        if ("value" in a && "value" in b && BigInt(b.value.uint) === 1n && BigInt(a.value.uint) >= 2n ** 63n) return true;
      }
      return false;
    },
  },
  {
    name: "uint-duplicate-map-keys",
    // Peer: a map literal repeating a uint key is not an error.
    explains(c, ev) {
      for (const n of walk(c.root)) {
        if (n.site !== "mapkeys" || n.ty.key.k !== "uint") continue;
        const keys = n.kids.filter((_, i) => i % 2 === 0).map(ev);
        if (keys.some((k) => k === null)) return true;
        const seen = new Set();
        for (const k of keys) {
          if (!("value" in k)) continue;
          if (seen.has(k.value.uint)) return true;
          seen.add(k.value.uint);
        }
      }
      return false;
    },
  },
  {
    name: "fractional-list-index-not-absorbed",
    // Peer: indexing a list with a non-integral double (dyn(0.5)) gives an
    // error that && and || do not absorb.
    explains(c, ev) {
      for (const n of walk(c.root)) {
        if (n.site !== "listindex") continue;
        const i = ev(n.kids[1]);
        if (i === null) return true;
        if ("value" in i && "double" in i.value && !Number.isInteger(Number(i.value.double))) return true;
      }
      return false;
    },
  },
];

/**
 * The name of the first known difference that explains a disagreement on
 * case `c`, or null.  `peerEval(req)` evaluates a request with the peer.
 */
export function explainedBy(c, peerEval) {
  const cache = new Map();
  // Evaluates a node alone (same bindings); null if it uses comprehension variables.
  const ev = (n) => {
    if (n.free.size > 0) return null;
    if (!cache.has(n)) cache.set(n, peerEval({ expr: n.text, bindings: c.req.bindings }));
    return cache.get(n);
  };
  for (const kd of KNOWN_DIFFERENCES) if (kd.explains(c, ev)) return kd.name;
  return null;
}
