#!/usr/bin/env python3
"""summarize.py RAW.jsonl OUT.json [META.json] - the benchmark's table.

RAW holds one JSON object per measurement, as bench/run.sh collects them:
every program's own line plus "round" (1..runs) and "file" (the data it ran
on). This script

  - checks that every engine computed the same answer: the same matched
    count for every row on the same file and mode, every round; the
    many-rule rows equal to gen_rules' hand-written count; every message
    delivered in the NATS rows. A benchmark that computes a different
    answer is a bug, not a result: it prints what differs and exits 1;
  - takes medians and min-max over the rounds;
  - prints Markdown tables with ratios to the C+simdjson baseline and to the
    fastest peer, and the issue's targets with a check mark or a cross;
  - writes the same figures, the checks and the raw lines to OUT.json.

Python 3 standard library only."""
import json
import statistics
import sys

PEER_PREFIXES = ("node-", "luajit-", "jq")
LABELS = {
    "io-floor": "I/O floor (read + split lines)",
    "c-simdjson": "C + simdjson on-demand (baseline)",
    "levin-run": "Levin `levin run`",
    "levin-match": "Levin match (levin_match)",
    "node-closure": "Node, rule compiled to a JS closure",
    "node-bufbuild-cel": "Node, @bufbuild/cel",
    "node-marcbachmann-cel-js": "Node, @marcbachmann/cel-js",
    "node-json-rules-engine": "Node, json-rules-engine",
    "luajit-cjson": "LuaJIT + lua-cjson",
    "jq": "jq (whole process)",
}
BASELINE_LABELS = {
    "decode+match": "C + simdjson on-demand (baseline)",
    "match": "C by hand on decoded structs (baseline)",
}
MODE_BASELINE_NOTE = {
    "decode+match": "the hand-written C++ simdjson on-demand program, file read included",
    "match": "the same rule written by hand in C over C structs decoded beforehand",
}


def is_peer(name):
    return name.startswith(PEER_PREFIXES)


def med(values):
    return statistics.median(values) if values else None


def fmt_num(v, digits=0):
    if v is None:
        return "-"
    if digits == 0:
        return f"{v:,.0f}"
    return f"{v:,.{digits}f}"


def fmt_ns(v):
    if v is None:
        return "-"
    return fmt_num(v, 1 if v < 100 else 0)


def fmt_ratio(v):
    if v is None:
        return "-"
    if v < 0.1:
        return f"{v:.3f}x"
    return f"{v:.2f}x" if v < 10 else f"{v:.1f}x"


class Failure(Exception):
    pass


def load(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as e:
                raise Failure(f"{path}:{n}: not JSON ({e}): {line[:200]}")
    return rows


def check_answers(rows):
    """Every way of computing the same thing must agree. Returns the checks
    made (for the JSON); raises Failure on the first disagreement."""
    checks = []
    # Reference rule rows: one matched count per data file, whatever the
    # engine, mode or round.
    by_file = {}
    for r in rows:
        if r.get("mode") in ("decode+match", "match") and r.get("matched") is not None:
            by_file.setdefault(r["file"], {}).setdefault(r["matched"], []).append(f'{r["name"]}/{r["mode"]}#{r["round"]}')
    for file, answers in sorted(by_file.items()):
        if len(answers) != 1:
            most = max(answers, key=lambda m: len(answers[m]))
            detail = "; ".join(f"{m} by {len(who)} rows" if m == most else f"{m} by {', '.join(sorted(set(who)))}"
                               for m, who in sorted(answers.items()))
            raise Failure(f"engines disagree on {file}: matched {detail}")
        (matched, who), = answers.items()
        checks.append({"what": f"reference rule on {file}", "matched": matched, "rows": len(who)})
    # Many rules: each compiled rule set against the hand-written count.
    expected = {(r["file"], r["rules"]): r for r in rows if r.get("mode") == "count"}
    scale = {}
    for r in rows:
        if r.get("mode") != "scale":
            continue
        exp = expected.get((r["file"], r["rules"]))
        if exp is None:
            raise Failure(f'no gen_rules count for {r["rules"]} rules on {r["file"]}')
        if r["check_events"] != exp["events"] or r["check_matched"] != exp["matched"]:
            raise Failure(f'{r["rules"]} rules: Levin fired {r["check_matched"]} times on the first '
                          f'{r["check_events"]} events, the hand-written C evaluation {exp["matched"]} times '
                          f'on {exp["events"]}')
        if r.get("errors"):
            raise Failure(f'{r["rules"]} rules: {r["errors"]} rule evaluations failed')
        scale.setdefault(r["rules"], set()).add(r["matched"])
    for rules, matched in sorted(scale.items()):
        if len(matched) != 1:
            raise Failure(f"{rules} rules: the matched count changed between rounds: {sorted(matched)}")
        checks.append({"what": f"{rules} rules", "matched": next(iter(matched)),
                       "checked_against": "gen_rules count (plain C)"})
    # NATS: every message published must arrive; the fired count of a
    # levind row must be the same every round.
    fired = {}
    for r in rows:
        if r.get("mode") != "e2e":
            continue
        if r.get("received") is not None and r.get("sent") is not None and r["received"] != r["sent"]:
            raise Failure(f'{r["name"]}: {r["sent"]} messages sent, {r["received"]} received')
        if r.get("fired") is not None:
            fired.setdefault(r["name"], set()).add(r["fired"])
    for name, f in sorted(fired.items()):
        if len(f) != 1:
            raise Failure(f"{name}: the fired count changed between rounds: {sorted(f)}")
        checks.append({"what": name, "fired": next(iter(f))})
    return checks


def series(rows, pred, key):
    return [r[key] for r in rows if pred(r) and r.get(key) is not None]


def stat(values):
    if not values:
        return None
    return {"median": med(values), "min": min(values), "max": max(values), "runs": len(values)}


def reference_tables(rows, out, results):
    targets_input = {}
    for mode, title in (("decode+match", "Reference rule: decode + match, ns per event (lower is better)"),
                        ("match", "Reference rule: match on events decoded beforehand, ns per event")):
        names = []
        for r in rows:
            if r.get("mode") == mode and r["name"] not in names:
                names.append(r["name"])
        if mode == "decode+match":
            names = [n for n in ["io-floor"] if any(r["name"] == n for r in rows)] + names
        stats, events = {}, {}
        for n in names:
            m = "floor" if n == "io-floor" else mode
            mine = [r for r in rows if r["name"] == n and r.get("mode") == m]
            # A row measured on several files (the baseline also runs on the
            # small file, to check json-rules-engine's answer) is reported
            # on its largest.
            events[n] = max(r["events"] for r in mine)
            stats[n] = stat([r["ns_per_event"] for r in mine if r["events"] == events[n]])
        base = stats.get("c-simdjson")
        peers = {n: s for n, s in stats.items() if is_peer(n) and s}
        fastest = min(peers, key=lambda n: peers[n]["median"]) if peers else None
        out.append(f"### {title}\n")
        out.append(f"Baseline: {MODE_BASELINE_NOTE[mode]}. Fastest peer: "
                   f"{LABELS.get(fastest, fastest) if fastest else 'none measured'}.\n")
        out.append("| engine | runs | events | median | min-max | vs baseline | speed-up over fastest peer |")
        out.append("| --- | --: | --: | --: | --: | --: | --: |")
        order = sorted(names, key=lambda n: stats[n]["median"] if stats[n] else float("inf"))
        for n in order:
            s = stats[n]
            if not s:
                continue
            vs_base = s["median"] / base["median"] if base else None
            speedup = peers[fastest]["median"] / s["median"] if fastest else None
            label = BASELINE_LABELS[mode] if n == "c-simdjson" else LABELS.get(n, n)
            out.append(f"| {label} | {s['runs']} | {events[n]:,} | {fmt_ns(s['median'])} | "
                       f"{fmt_ns(s['min'])}-{fmt_ns(s['max'])} | {fmt_ratio(vs_base)} | {fmt_ratio(speedup)} |")
            results["rows"].append({"table": mode, "name": n, "unit": "ns/event", "events": events[n], **s,
                                    "vs_baseline": vs_base, "speedup_over_fastest_peer": speedup})
        out.append("")
        targets_input[mode] = (stats, base, peers, fastest)
    return targets_input


def scale_table(rows, out, results):
    sc = [r for r in rows if r.get("mode") == "scale"]
    if not sc:
        return {}
    out.append("### Rules on one stream (levin_scale; rules from bench/gen_rules)\n")
    out.append("match = rule index + `when` functions on decoded events; engine = decode + match + actions per "
               "raw event; RSS = resident memory after compiling, before any event.\n")
    out.append("| rules | runs | match ns/event | min-max | engine ns/event | `when` calls/event | fires/event | "
               "compile+JIT ms | RSS MB |")
    out.append("| --: | --: | --: | --: | --: | --: | --: | --: | --: |")
    per = {}
    for n in sorted({r["rules"] for r in sc}):
        rs = [r for r in sc if r["rules"] == n]
        s = {k: stat([r[k] for r in rs if r.get(k) is not None])
             for k in ("ns_per_event", "engine_ns_per_event", "candidates_per_event", "fires_per_event",
                       "compile_ms", "rss_kb")}
        per[n] = s
        m = s["ns_per_event"]
        out.append(f"| {n:,} | {m['runs']} | {fmt_ns(m['median'])} | {fmt_ns(m['min'])}-{fmt_ns(m['max'])} | "
                   f"{fmt_ns(s['engine_ns_per_event']['median'])} | {s['candidates_per_event']['median']:.2f} | "
                   f"{s['fires_per_event']['median']:.3f} | {fmt_num(s['compile_ms']['median'])} | "
                   f"{fmt_num(s['rss_kb']['median'] / 1024)} |")
        results["rows"].append({"table": "scale", "rules": n, **{k: v for k, v in s.items()}})
    out.append("")
    return per


def tools_table(rows, out, results):
    got = {}
    lines = []
    chk = stat(series(rows, lambda r: r.get("mode") == "check", "ms"))
    if chk:
        n = max(series(rows, lambda r: r.get("mode") == "check", "rules"))
        lines.append(f"| `levin check` on a directory of {n:,} rules (whole process) | {chk['runs']} | "
                     f"{fmt_num(chk['median'])} | {fmt_num(chk['min'])}-{fmt_num(chk['max'])} |")
        got["check"] = chk
        results["rows"].append({"table": "tools", "name": "levin-check", "rules": n, "unit": "ms", **chk})
    rel = stat([r["reload_ms"] for r in rows if r.get("mode") == "scale" and r.get("reload_ms") is not None])
    if rel:
        n = max(r["rules"] for r in rows if r.get("mode") == "scale" and r.get("reload_ms") is not None)
        lines.append(f"| hot reload at {n:,} rules, in process: file written -> new set compiled -> "
                     f"first event on it | {rel['runs']} | {fmt_num(rel['median'])} | "
                     f"{fmt_num(rel['min'])}-{fmt_num(rel['max'])} |")
        got["reload"] = rel
        results["rows"].append({"table": "tools", "name": "reload-in-process", "rules": n, "unit": "ms", **rel})
    lrel = stat(series(rows, lambda r: r.get("mode") == "reload", "ms"))
    if lrel:
        n = max(series(rows, lambda r: r.get("mode") == "reload", "rules"))
        lines.append(f"| hot reload at {n:,} rules, `levind`: file written -> first alert of the new set | "
                     f"{lrel['runs']} | {fmt_num(lrel['median'])} | {fmt_num(lrel['min'])}-{fmt_num(lrel['max'])} |")
        got["levind_reload"] = lrel
        results["rows"].append({"table": "tools", "name": "reload-levind", "rules": n, "unit": "ms", **lrel})
    if lines:
        out.append("### Tools\n")
        out.append("| what | runs | median ms | min-max |")
        out.append("| --- | --: | --: | --: |")
        out.extend(lines)
        out.append("")
    return got


def nats_table(rows, out, results, unavailable):
    e2e = [r for r in rows if r.get("mode") == "e2e"]
    out.append("### End to end over NATS on loopback (messages per second received)\n")
    if not e2e:
        out.append(f"not available: {unavailable or 'no NATS rows were measured'}\n")
        return {}
    names = []
    for r in e2e:
        if r["name"] not in names:
            names.append(r["name"])
    stats = {n: stat([r["msgs_per_s"] for r in e2e if r["name"] == n]) for n in names}
    out.append("nats-bare: a nats.c subscriber that only counts; levind-N: `levind` with N generated rules "
               "(bench/gen_rules) on the stream, fed by the same publisher (bench/nats_rate). e2e-*: "
               "bench/nats_e2e.sh, the reference rule in levind against a bare subscriber that matches it in "
               "its callback and republishes (e2e-bare; e2e-handoff: the same with a worker thread); compared "
               "with e2e-bare.\n")
    out.append("| receiver | runs | msgs/s median | min-max | fired/s | vs bare subscriber | RSS MB serving | "
               "RSS MB after |")
    out.append("| --- | --: | --: | --: | --: | --: | --: | --: |")
    for n in names:
        s = stats[n]
        rs = [r for r in e2e if r["name"] == n]
        fired = med([r["fired_per_s"] for r in rs if r.get("fired_per_s") is not None])
        rss = med([r["rss_kb"] for r in rs if r.get("rss_kb") is not None])
        loaded = med([r["loaded_rss_kb"] for r in rs if r.get("loaded_rss_kb") is not None])
        bare = stats.get("e2e-bare" if n.startswith("e2e-") else "nats-bare")
        vs = s["median"] / bare["median"] if bare else None
        out.append(f"| {n} | {s['runs']} | {fmt_num(s['median'])} | {fmt_num(s['min'])}-{fmt_num(s['max'])} | "
                   f"{fmt_num(fired)} | {f'{vs * 100:.0f}%' if vs else '-'} | "
                   f"{fmt_num(rss / 1024) if rss else '-'} | {fmt_num(loaded / 1024) if loaded else '-'} |")
        results["rows"].append({"table": "e2e", "name": n, "unit": "msgs/s", **s, "fired_per_s": fired,
                                "vs_bare": vs, "rss_kb": rss, "loaded_rss_kb": loaded})
    out.append("")
    return stats


def mark(ok):
    return "✓" if ok else "✗"


def targets(ref, per, tools, nats, rows, out, results):
    t = []

    def add(what, value, ok, note=""):
        t.append({"target": what, "measured": value, "met": ok, "note": note})

    dm = ref.get("decode+match")
    if dm:
        stats, base, peers, fastest = dm
        lv = stats.get("levin-run")
        if lv and base:
            r = lv["median"] / base["median"]
            add("`levin run` decode+match <= 2x C+simdjson", f"{r:.2f}x", r <= 2.0)
        if lv and fastest:
            r = peers[fastest]["median"] / lv["median"]
            add("`levin run` decode+match >= 10x faster than the fastest peer",
                f"{r:.1f}x ({LABELS.get(fastest, fastest)})", r >= 10.0)
        if lv:
            add("`levin run` decode+match <= 250 ns/event", f"{lv['median']:.0f} ns", lv["median"] <= 250.0)
    m = ref.get("match")
    if m:
        stats, base, peers, fastest = m
        lv = stats.get("levin-match")
        if lv and base:
            r = lv["median"] / base["median"]
            add("Levin match on decoded events <= 2x the same test by hand in C", f"{r:.2f}x", r <= 2.0)
        for cel in ("node-bufbuild-cel", "node-marcbachmann-cel-js"):
            if lv and cel in stats and stats[cel]:
                r = stats[cel]["median"] / lv["median"]
                add(f"Levin match >= 20x faster than {LABELS[cel].split(', ')[1]}", f"{r:.1f}x", r >= 20.0)
    if per:
        top = max(per)
        ns = per[top]["ns_per_event"]["median"]
        add(f"{top:,} rules: match cost <= 150 ns/event (few fire: "
            f"{per[top]['fires_per_event']['median']:.2f} fires/event)", f"{ns:.0f} ns", ns <= 150.0)
        if 100 in per and top >= 10000:
            g = ns / per[100]["ns_per_event"]["median"]
            add(f"match cost grows far slower than the rules: 100 -> {top:,} rules (x{top // 100}) costs <= x10",
                f"x{g:.1f}", g <= 10.0)
        if 1000 in per:
            c = per[1000]["compile_ms"]["median"]
            add("compile+JIT of 1,000 rules < 1 s", f"{c / 1000:.2f} s", c < 1000.0)
        if 10000 in per:
            c = per[10000]["compile_ms"]["median"]
            add("compile+JIT of 10,000 rules < 10 s", f"{c / 1000:.1f} s", c < 10000.0)
    lv_rss = [r["rss_kb"] for r in rows if r.get("mode") == "e2e" and r.get("rules") == 10000 and r.get("rss_kb")]
    if lv_rss:
        v = med(lv_rss) / 1024
        add("resident memory of `levind` with 10,000 rules < 300 MB", f"{v:.0f} MB", v < 300.0)
    elif per and 10000 in per:
        v = per[10000]["rss_kb"]["median"] / 1024
        add("resident memory with 10,000 rules < 300 MB", f"{v:.0f} MB", v < 300.0,
            "levin_scale after compiling (the rule set and the JIT, as levind holds them); levind not measured")
    if tools.get("check"):
        c = tools["check"]["median"]
        add("`levin check` on 1,000 rules well under a second (< 0.5 s)", f"{c:.0f} ms", c < 500.0)
    if nats and "nats-bare" in nats:
        for n, s in nats.items():
            if n.startswith("levind") and n.endswith("-1000"):
                r = s["median"] / nats["nats-bare"]["median"]
                add("`levind` with 1,000 rules >= 90% of the bare subscriber", f"{r * 100:.0f}%", r >= 0.9)
    out.append("### Targets\n")
    out.append("| target | measured | |")
    out.append("| --- | --: | :-: |")
    for x in t:
        note = f" ({x['note']})" if x["note"] else ""
        out.append(f"| {x['target']}{note} | {x['measured']} | {mark(x['met'])} |")
    out.append("")
    results["targets"] = t


def main(argv):
    if len(argv) not in (3, 4):
        print("usage: summarize.py RAW.jsonl OUT.json [META.json]", file=sys.stderr)
        return 2
    meta = {}
    if len(argv) == 4:
        with open(argv[3], encoding="utf-8") as f:
            meta = json.load(f)
    try:
        rows = load(argv[1])
        checks = check_answers(rows)
    except Failure as e:
        print(f"BENCHMARK FAILED: {e}", file=sys.stderr)
        return 1
    results = {"meta": meta, "checks": checks, "rows": [], "targets": [], "raw": rows}
    out = []
    if meta:
        out.append(f"Levin benchmark, {meta.get('date', '?')}: {meta.get('cpu', '?')}, {meta.get('cores', '?')} cores, "
                   f"load average {meta.get('load', '?')} at the start; {meta.get('runs', '?')} rounds, "
                   f"{meta.get('events', 0):,} events (seed {meta.get('seed', '?')}).\n")
    ref = reference_tables(rows, out, results)
    per = scale_table(rows, out, results)
    tools = tools_table(rows, out, results)
    nats = nats_table(rows, out, results, meta.get("nats_unavailable"))
    targets(ref, per, tools, nats, rows, out, results)
    out.append("Answers checked: " + "; ".join(
        f"{c['what']}: {c.get('matched', c.get('fired'))}" for c in checks) + ".")
    print("\n".join(out))
    with open(argv[2], "w", encoding="utf-8") as f:
        json.dump(results, f, indent=1)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
