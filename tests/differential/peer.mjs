// The independent CEL implementation the differential test compares Levin
// with: @bufbuild/cel (pinned in package.json).  Evaluates one protocol
// request ({expr, bindings, container}) and answers in the protocol's typed
// JSON, so both sides are judged by tests/conformance/lib/typed_value.mjs.
//
// @bufbuild/cel has no static checker in its public API: it evaluates
// dynamically, which is fine because the generator only produces
// well-typed expressions.

import { celEnv, parse, plan, isCelError, isCelUint, isCelList, isCelMap, isCelType, celUint } from "@bufbuild/cel";
import { strings } from "@bufbuild/cel/ext";
import { create } from "@bufbuild/protobuf";
import { TimestampSchema, DurationSchema } from "@bufbuild/protobuf/wkt";
import { formatDouble, parseDouble, parseTimestamp, parseDuration } from "../conformance/lib/typed_value.mjs";

class Unsupported extends Error {}

/** typed JSON -> a value @bufbuild/cel accepts as input. */
export function toPeer(v) {
  const k = Object.keys(v)[0];
  const x = v[k];
  switch (k) {
    case "int": return BigInt(x);
    case "uint": return celUint(BigInt(x));
    case "double": return parseDouble(x);
    case "bool":
    case "string": return x;
    case "null": return null;
    case "bytes": return new Uint8Array(Buffer.from(x, "base64"));
    case "list": return x.map(toPeer);
    case "map": return new Map(x.map(([a, b]) => [toPeer(a), toPeer(b)]));
    case "timestamp": {
      const ns = parseTimestamp(x);
      const s = ns / 1000000000n - (ns % 1000000000n < 0n ? 1n : 0n);
      return create(TimestampSchema, { seconds: s, nanos: Number(ns - s * 1000000000n) });
    }
    case "duration": {
      const ns = parseDuration(x);
      return create(DurationSchema, { seconds: ns / 1000000000n, nanos: Number(ns % 1000000000n) });
    }
  }
  throw new Unsupported(`peer cannot take a ${k} binding`);
}

function pad(n, w) {
  return String(n).padStart(w, "0");
}

function fracNanos(nanos) {
  return nanos === 0 ? "" : "." + pad(nanos, 9).replace(/0+$/, "");
}

function timestampText(seconds, nanos) {
  const d = new Date(Number(seconds) * 1000);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}T` +
    `${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}${fracNanos(nanos)}Z`;
}

function durationText(seconds, nanos) {
  const total = BigInt(seconds) * 1000000000n + BigInt(nanos);
  const neg = total < 0n;
  const a = neg ? -total : total;
  return `${neg ? "-" : ""}${a / 1000000000n}${fracNanos(Number(a % 1000000000n))}s`;
}

/** A @bufbuild/cel result value -> typed JSON. */
export function fromPeer(v) {
  if (typeof v === "bigint") return { int: String(v) };
  if (isCelUint(v)) return { uint: String(v.value) };
  if (typeof v === "number") return { double: formatDouble(v) };
  if (typeof v === "boolean") return { bool: v };
  if (typeof v === "string") return { string: v };
  if (v === null) return { null: null };
  if (v instanceof Uint8Array) return { bytes: Buffer.from(v).toString("base64") };
  if (isCelList(v)) return { list: [...v].map(fromPeer) };
  if (isCelMap(v)) return { map: [...v.entries()].map(([a, b]) => [fromPeer(a), fromPeer(b)]) };
  if (isCelType(v)) return { type: v.name };
  const msg = v && (v.message ?? v);
  const name = v?.desc?.typeName ?? msg?.$typeName;
  if (name === "google.protobuf.Timestamp") return { timestamp: timestampText(msg.seconds, msg.nanos) };
  if (name === "google.protobuf.Duration") return { duration: durationText(msg.seconds, msg.nanos) };
  throw new Unsupported(`peer produced an unsupported value ${name ?? typeof v}`);
}

/** Evaluates one protocol request with @bufbuild/cel; answers like Levin would. */
export function peerEval(req) {
  let parsed;
  try {
    parsed = parse(req.expr);
  } catch (e) {
    return { compile_error: String(e.message ?? e).split("\n")[0] };
  }
  try {
    const env = celEnv({ namespace: req.container ?? "", funcs: strings });
    const bindings = {};
    for (const [k, v] of Object.entries(req.bindings ?? {})) bindings[k] = toPeer(v);
    const r = plan(env, parsed)(bindings);
    if (isCelError(r)) return { error: r.message };
    return { value: fromPeer(r) };
  } catch (e) {
    if (e instanceof Unsupported) return { harness_error: e.message };
    // @bufbuild/cel throws on a few malformed runtime cases instead of
    // returning a CelError; for the comparison that is an evaluation error.
    return { error: `peer threw: ${e.message ?? e}` };
  }
}
