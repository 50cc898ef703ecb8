// Typed JSON values of the `levin eval --batch --io json` protocol
// (docs: notes/eval_batch.md): structural equality, validation and a
// CEL-like rendering for failure reports.  Shared by the conformance and
// the differential harness, so both judge results by the same rules:
//
//  - kinds must match exactly (int 1 is not uint 1 is not double 1.0);
//  - int/uint compare as exact decimal integers;
//  - doubles compare bit-exactly (so -0 differs from 0) except that any NaN
//    equals any NaN;
//  - maps compare order-insensitively, lists in order;
//  - timestamps and durations compare by the instant/length they denote, not
//    by their spelling ("1.500s" equals "1.5s").

const KINDS = ["int", "uint", "double", "bool", "string", "bytes", "null",
  "timestamp", "duration", "list", "map", "type", "optional"];

/** The single kind key of a typed value, or null if it is not one. */
export function kindOf(v) {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return null;
  const keys = Object.keys(v);
  if (keys.length !== 1 || !KINDS.includes(keys[0])) return null;
  return keys[0];
}

const INT_RE = /^-?(0|[1-9][0-9]*)$/;
const UINT_RE = /^(0|[1-9][0-9]*)$/;
const DOUBLE_RE = /^-?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?$/;
const B64_RE = /^[A-Za-z0-9+/]*={0,2}$/;

/** Parses the protocol's double text; undefined if malformed. */
export function parseDouble(text) {
  if (typeof text !== "string") return undefined;
  if (text === "NaN") return NaN;
  if (text === "Infinity") return Infinity;
  if (text === "-Infinity") return -Infinity;
  if (!DOUBLE_RE.test(text)) return undefined;
  return Number(text);
}

/** Formats a JS number as the protocol's double text (shortest round trip). */
export function formatDouble(x) {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "-Infinity";
  if (Object.is(x, -0)) return "-0";
  return String(x);
}

// Days since 1970-01-01 of a proleptic Gregorian date (exact for years 1-9999).
function daysFromCivil(y, m, d) {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const TS_RE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]{1,9})?([Zz]|[-+][0-9]{2}:[0-9]{2})$/;

/** Nanoseconds since the epoch of an RFC 3339 text, as BigInt; undefined if malformed. */
export function parseTimestamp(text) {
  const m = typeof text === "string" && TS_RE.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return undefined;
  let secs = BigInt(daysFromCivil(y, mo, d)) * 86400n + BigInt(h * 3600 + mi * 60 + s);
  if (m[8] !== "Z" && m[8] !== "z") {
    const sign = m[8][0] === "-" ? -1n : 1n;
    const off = BigInt(Number(m[8].slice(1, 3)) * 3600 + Number(m[8].slice(4, 6)) * 60);
    secs -= sign * off;
  }
  const frac = m[7] ? BigInt(m[7].slice(1).padEnd(9, "0")) : 0n;
  return secs * 1000000000n + frac;
}

const DUR_RE = /^(-)?([0-9]+)(\.[0-9]{1,9})?s$/;

/** Nanoseconds of a protocol duration text ("-1.5s"), as BigInt; undefined if malformed. */
export function parseDuration(text) {
  const m = typeof text === "string" && DUR_RE.exec(text);
  if (!m) return undefined;
  const n = BigInt(m[2]) * 1000000000n + (m[3] ? BigInt(m[3].slice(1).padEnd(9, "0")) : 0n);
  return m[1] ? -n : n;
}

/**
 * Returns null if `v` is a well-formed typed value, else a message saying
 * what is wrong with it (so a malformed Levin answer is reported as such
 * rather than as a plain mismatch).
 */
export function validate(v, path = "value") {
  const k = kindOf(v);
  if (k === null) return `${path}: not a typed value: ${JSON.stringify(v)}`;
  const x = v[k];
  switch (k) {
    case "int": return typeof x === "string" && INT_RE.test(x) ? null : `${path}: bad int text ${JSON.stringify(x)}`;
    case "uint": return typeof x === "string" && UINT_RE.test(x) ? null : `${path}: bad uint text ${JSON.stringify(x)}`;
    case "double": return parseDouble(x) !== undefined ? null : `${path}: bad double text ${JSON.stringify(x)}`;
    case "bool": return typeof x === "boolean" ? null : `${path}: bool is not true/false`;
    case "string": return typeof x === "string" ? null : `${path}: string is not a JSON string`;
    case "bytes": return typeof x === "string" && B64_RE.test(x) && x.length % 4 === 0 ? null : `${path}: bad base64 ${JSON.stringify(x)}`;
    case "null": return x === null ? null : `${path}: null must be {"null": null}`;
    case "timestamp": return parseTimestamp(x) !== undefined ? null : `${path}: bad timestamp ${JSON.stringify(x)}`;
    case "duration": return parseDuration(x) !== undefined ? null : `${path}: bad duration ${JSON.stringify(x)}`;
    case "type": return typeof x === "string" && x !== "" ? null : `${path}: bad type name`;
    case "optional": return x === null ? null : validate(x, `${path}.optional`);
    case "list":
      if (!Array.isArray(x)) return `${path}: list is not an array`;
      for (let i = 0; i < x.length; i++) {
        const e = validate(x[i], `${path}[${i}]`);
        if (e) return e;
      }
      return null;
    case "map":
      if (!Array.isArray(x)) return `${path}: map is not an array of pairs`;
      for (let i = 0; i < x.length; i++) {
        if (!Array.isArray(x[i]) || x[i].length !== 2) return `${path}: entry ${i} is not a [key, value] pair`;
        const e = validate(x[i][0], `${path} key ${i}`) || validate(x[i][1], `${path} value ${i}`);
        if (e) return e;
      }
      return null;
  }
  return `${path}: unknown kind`;
}

function sameDouble(a, b) {
  const x = parseDouble(a), y = parseDouble(b);
  if (x === undefined || y === undefined) return false;
  if (Number.isNaN(x) && Number.isNaN(y)) return true;
  return Object.is(x, y);
}

function sameBytes(a, b) {
  return Buffer.from(a, "base64").equals(Buffer.from(b, "base64"));
}

/** Structural equality of two well-formed typed values (see the header). */
export function typedEqual(a, b) {
  const k = kindOf(a);
  if (k === null || k !== kindOf(b)) return false;
  const x = a[k], y = b[k];
  switch (k) {
    case "int":
    case "uint": return BigInt(x) === BigInt(y);
    case "double": return sameDouble(x, y);
    case "bool":
    case "string":
    case "type": return x === y;
    case "bytes": return sameBytes(x, y);
    case "null": return true;
    case "timestamp": return parseTimestamp(x) === parseTimestamp(y);
    case "duration": return parseDuration(x) === parseDuration(y);
    case "optional": return x === null || y === null ? x === y : typedEqual(x, y);
    case "list": return x.length === y.length && x.every((e, i) => typedEqual(e, y[i]));
    case "map": {
      if (x.length !== y.length) return false;
      const used = new Array(y.length).fill(false);
      for (const [ka, va] of x) {
        const j = y.findIndex(([kb], i) => !used[i] && typedEqual(ka, kb));
        if (j < 0 || !typedEqual(va, y[j][1])) return false;
        used[j] = true;
      }
      return true;
    }
  }
  return false;
}

function quoteBytes(b64) {
  let s = "";
  for (const c of Buffer.from(b64, "base64")) {
    if (c === 0x5c) s += "\\\\";
    else if (c === 0x22) s += '\\"';
    else if (c >= 0x20 && c < 0x7f) s += String.fromCharCode(c);
    else s += "\\x" + c.toString(16).padStart(2, "0");
  }
  return `b"${s}"`;
}

/** Renders a typed value as a CEL-like literal for humans. */
export function render(v) {
  const k = kindOf(v);
  if (k === null) return `<malformed ${JSON.stringify(v)}>`;
  const x = v[k];
  switch (k) {
    case "int": return x;
    case "uint": return `${x}u`;
    case "double": {
      const d = parseDouble(x);
      if (d === undefined) return `<bad double ${x}>`;
      if (!Number.isFinite(d)) return `double("${x}")`;
      return /[.eEn]/.test(x) ? x : `${x}.0`;
    }
    case "bool": return String(x);
    case "string": return JSON.stringify(x);
    case "bytes": return quoteBytes(x);
    case "null": return "null";
    case "timestamp": return `timestamp("${x}")`;
    case "duration": return `duration("${x}")`;
    case "type": return `type(${x})`;
    case "optional": return x === null ? "optional.none()" : `optional.of(${render(x)})`;
    case "list": return `[${x.map(render).join(", ")}]`;
    case "map": return `{${x.map(([a, b]) => `${render(a)}: ${render(b)}`).join(", ")}}`;
  }
  return "?";
}

/** Renders one protocol answer line ({value}/{error}/...) for humans. */
export function renderAnswer(ans) {
  if (!ans) return "<no answer>";
  if ("value" in ans) return render(ans.value) + (ans.type ? `  (type ${ans.type})` : "");
  if ("error" in ans) return `error: ${ans.error}`;
  if ("compile_error" in ans) return `compile error: ${String(ans.compile_error).replace(/\n/g, " | ")}`;
  if ("bad_input" in ans) return `bad input: ${ans.bad_input}`;
  if ("harness_error" in ans) return `harness: ${ans.harness_error}`;
  return `<unrecognised answer ${JSON.stringify(ans)}>`;
}

/** Normalises a type name for comparison: no spaces, CEL's list(int) spelled list<int>. */
export function normalizeType(t) {
  return String(t).replace(/\s+/g, "").replace(/\(/g, "<").replace(/\)/g, ">");
}
