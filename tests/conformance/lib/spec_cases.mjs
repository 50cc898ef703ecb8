// Turns one CEL-spec conformance test (a cel.expr.conformance.test.SimpleTest
// in protobuf JSON form, as @bufbuild/cel-spec ships it) into one request of
// the Levin batch protocol plus what its answer must be -- or into a skip
// with a specific reason when the case needs something Levin does not have
// (protocol-buffer messages, wrappers, unknowns...).

import { formatDouble } from "./typed_value.mjs";

/** Thrown while converting a case that must be skipped. */
export class Skip extends Error {}

const WRAPPER_OF = {
  BOOL: "BoolValue", INT64: "Int64Value", UINT64: "UInt64Value", DOUBLE: "DoubleValue",
  STRING: "StringValue", BYTES: "BytesValue",
};
const PRIMITIVE = {
  BOOL: "bool", INT64: "int", UINT64: "uint", DOUBLE: "double", STRING: "string", BYTES: "bytes",
};
const WRAPPERS = new Set(["BoolValue", "BytesValue", "DoubleValue", "FloatValue", "Int32Value",
  "Int64Value", "StringValue", "UInt32Value", "UInt64Value"]);
const JSON_MESSAGES = new Set(["Value", "Struct", "ListValue", "NullValue"]);
const MAP_KEYS = new Set(["bool", "int", "uint", "string"]);

// What skipping a google.protobuf.<name> reference costs, by name.
function wktReason(name) {
  if (WRAPPERS.has(name)) return `needs google.protobuf.${name} wrapper`;
  if (JSON_MESSAGES.has(name)) return `needs google.protobuf.${name} message (JSON types)`;
  return `needs google.protobuf.${name} message`;
}

/** proto cel.expr.Type (JSON form) -> Levin type syntax. */
export function levinType(t) {
  if (!t || typeof t !== "object") throw new Skip("type_env has an empty type");
  if ("primitive" in t) {
    const p = PRIMITIVE[t.primitive];
    if (!p) throw new Skip(`needs primitive type ${t.primitive}`);
    return p;
  }
  if ("wrapper" in t) throw new Skip(wktReason(WRAPPER_OF[t.wrapper] ?? `${t.wrapper} wrapper`));
  if ("wellKnown" in t) {
    if (t.wellKnown === "TIMESTAMP") return "timestamp";
    if (t.wellKnown === "DURATION") return "duration";
    throw new Skip("needs google.protobuf.Any message");
  }
  if ("dyn" in t) return "dyn";
  if ("null" in t) return "null_type";
  if ("listType" in t) return `list<${levinType(t.listType.elemType)}>`;
  if ("mapType" in t) {
    const k = levinType(t.mapType.keyType);
    if (!MAP_KEYS.has(k)) throw new Skip(`map key type ${k} is not expressible in Levin declarations`);
    return `map<${k}, ${levinType(t.mapType.valueType)}>`;
  }
  if ("type" in t) return "type";
  if ("messageType" in t) {
    const m = t.messageType;
    if (m === "google.protobuf.Timestamp") return "timestamp";
    if (m === "google.protobuf.Duration") return "duration";
    if (m.startsWith("google.protobuf.")) throw new Skip(wktReason(m.slice(16)));
    throw new Skip(`needs proto message ${m}`);
  }
  if ("abstractType" in t) {
    const a = t.abstractType;
    if (a.name === "optional_type" && (a.parameterTypes ?? []).length === 1) {
      return `optional<${levinType(a.parameterTypes[0])}>`;
    }
    throw new Skip(`needs abstract type ${a.name}`);
  }
  if ("typeParam" in t) throw new Skip(`needs type parameter ${t.typeParam} in a declaration`);
  if ("function" in t) throw new Skip("needs a function-typed declaration");
  throw new Skip(`needs type ${JSON.stringify(t)}`);
}

function typeUrlName(url) {
  return String(url ?? "").replace(/^.*\//, "");
}

/** proto cel.expr.Value (JSON form) -> typed JSON of the protocol. */
export function typedValue(v) {
  if (!v || typeof v !== "object") throw new Skip("empty value");
  if ("nullValue" in v) return { null: null };
  if ("boolValue" in v) return { bool: Boolean(v.boolValue) };
  if ("int64Value" in v) return { int: String(v.int64Value) };
  if ("uint64Value" in v) return { uint: String(v.uint64Value) };
  if ("doubleValue" in v) {
    const d = v.doubleValue;
    return { double: typeof d === "number" ? formatDouble(d) : String(d) };
  }
  if ("stringValue" in v) return { string: v.stringValue };
  if ("bytesValue" in v) return { bytes: Buffer.from(v.bytesValue, "base64").toString("base64") };
  if ("typeValue" in v) return { type: v.typeValue };
  if ("listValue" in v) return { list: (v.listValue.values ?? []).map(typedValue) };
  if ("mapValue" in v) {
    return { map: (v.mapValue.entries ?? []).map((e) => [typedValue(e.key), typedValue(e.value)]) };
  }
  if ("enumValue" in v) throw new Skip(`needs proto enum ${v.enumValue.type}`);
  if ("objectValue" in v) {
    const o = v.objectValue;
    const name = typeUrlName(o["@type"]);
    if (name === "google.protobuf.Duration") return { duration: o.value };
    if (name === "google.protobuf.Timestamp") return { timestamp: o.value };
    if (name.startsWith("google.protobuf.")) throw new Skip(wktReason(name.slice(16)));
    throw new Skip(`needs proto message ${name}`);
  }
  throw new Skip(`needs value kind ${Object.keys(v).join(",")}`);
}

// Replaces string and bytes literals by "" so that scanning the expression
// for type names does not look inside text.
function stripLiterals(expr) {
  let out = "";
  let i = 0;
  while (i < expr.length) {
    const c = expr[i];
    if (c === "/" && expr[i + 1] === "/") {
      while (i < expr.length && expr[i] !== "\n") i++;
      continue;
    }
    if (c !== "'" && c !== '"') {
      out += c;
      i++;
      continue;
    }
    // A raw prefix (r/R, possibly with b) turns off escapes.
    let j = out.length - 1;
    let raw = false;
    while (j >= 0 && /[rRbB]/.test(out[j])) {
      if (out[j] === "r" || out[j] === "R") raw = true;
      j--;
    }
    const triple = expr.startsWith(c.repeat(3), i);
    const close = triple ? c.repeat(3) : c;
    i += close.length;
    while (i < expr.length && !expr.startsWith(close, i)) i += !raw && expr[i] === "\\" ? 2 : 1;
    i += close.length;
    out += '""';
  }
  return out;
}

const QUALIFIED = /(^|[^\w.])(\.?[A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)*)(\s*\{)?/g;

/**
 * Why the expression itself needs protocol buffers, or null.  `protoTypes`
 * maps every message/enum full name of the conformance protos to "message"
 * or "enum"; `container` is the test's container.
 */
export function exprProtoNeed(expr, container, protoTypes) {
  const shortNames = new Map();
  for (const [full, kind] of protoTypes) {
    const short = full.slice(full.lastIndexOf(".") + 1);
    if (!shortNames.has(short)) shortNames.set(short, kind);
  }
  const text = stripLiterals(expr);
  for (const m of text.matchAll(QUALIFIED)) {
    const name = m[2].replace(/\s+/g, "").replace(/^\./, "");
    const braced = Boolean(m[3]);
    const segs = name.split(".");
    if (name.startsWith("google.protobuf.") && segs.length >= 3) {
      const wkt = segs[2];
      if (wkt === "Timestamp" || wkt === "Duration") {
        if (braced && segs.length === 3) return `needs google.protobuf.${wkt} message construction`;
        continue;
      }
      return wktReason(wkt);
    }
    for (let k = segs.length; k > 0; k--) {
      const prefix = segs.slice(0, k).join(".");
      if (protoTypes.has(prefix)) return `needs proto ${protoTypes.get(prefix)} ${prefix}`;
    }
    for (let k = 0; k < segs.length; k++) {
      if (!shortNames.has(segs[k])) continue;
      const local = segs.slice(0, k + 1).join(".");
      // Resolve like the checker would: innermost container scope first.
      const parts = container ? container.split(".") : [];
      for (let p = parts.length; p >= 0; p--) {
        const full = [...parts.slice(0, p), local].join(".");
        if (protoTypes.has(full)) return `needs proto ${protoTypes.get(full)} ${full}`;
      }
      return `needs proto ${shortNames.get(segs[k])} ${container ? container + "." : ""}${local}`;
    }
    if (braced && /^[A-Z]/.test(segs[segs.length - 1])) {
      return `needs proto message ${container ? container + "." : ""}${name} (message construction)`;
    }
  }
  return null;
}

/**
 * Builds { req, expect } for one test, or throws Skip.  `expect` is one of
 *   { kind: "value", value }            (typed JSON)
 *   { kind: "typed", value, type }      (typed_result; type in Levin syntax or null)
 *   { kind: "error", messages }         (eval_error / any_eval_errors)
 */
export function buildCase(id, t, protoTypes) {
  if (t.disableMacros) throw new Skip("needs disable_macros (parsing without macros is not in the protocol)");
  if (t.checkOnly) throw new Skip("check_only case (the protocol always evaluates)");
  if (t.unknown || t.anyUnknowns) throw new Skip("expects an unknown-set result (partial evaluation is not supported)");
  if (t.locale) throw new Skip(`needs locale ${t.locale}`);
  const need = exprProtoNeed(t.expr, t.container ?? "", protoTypes);
  if (need) throw new Skip(need);

  const req = { id, expr: t.expr };
  const decls = [];
  for (const d of t.typeEnv ?? []) {
    if (!d.ident) throw new Skip(`needs function declaration ${d.name}`);
    if (d.ident.value) throw new Skip(`needs constant declaration ${d.name}`);
    decls.push({ name: d.name, type: levinType(d.ident.type) });
  }
  if (decls.length) req.decls = decls;
  const bindings = {};
  for (const [name, ev] of Object.entries(t.bindings ?? {})) {
    if (!ev.value) throw new Skip(`binding ${name} is an ${ev.error ? "error" : "unknown"} value`);
    bindings[name] = typedValue(ev.value);
  }
  if (Object.keys(bindings).length) req.bindings = bindings;
  if (t.container) req.container = t.container;
  req.check = !t.disableCheck;

  let expect;
  if (t.evalError) {
    expect = { kind: "error", messages: (t.evalError.errors ?? []).map((e) => e.message) };
  } else if (t.anyEvalErrors) {
    expect = { kind: "error", messages: (t.anyEvalErrors.errors ?? []).flatMap((s) => (s.errors ?? []).map((e) => e.message)) };
  } else if (t.typedResult) {
    expect = {
      kind: "typed",
      value: typedValue(t.typedResult.result),
      type: t.typedResult.deducedType ? levinType(t.typedResult.deducedType) : null,
    };
  } else if (t.value) {
    expect = { kind: "value", value: typedValue(t.value) };
  } else {
    // The spec: an unspecified result matcher means the value true.
    expect = { kind: "value", value: { bool: true } };
  }
  return { req, expect };
}
