#!/usr/bin/env python3
"""gen.py SEED NRULES NEVENTS DIR - a random rule set and events for the rule
index equivalence test: conditions the index uses (==, in, <, <=, >, >= on
required fields, also inside defs and through lets), conditions it checks at
its leaves (!= with a literal, `literal in list_field`) and ones it cannot
use (||, optional fields, computed values, errors), mixed so that every path
and their combination are exercised."""
import json
import os
import random
import sys

seed, nrules, nevents, out = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
rng = random.Random(seed)
SITES = ["plant-a", "plant-b", "plant-c", "plant-d", "plant-e"]
STATUSES = ["ok", "warn", "error", "maintenance", "fail"]  # "warn" and "fail": same length
LINES = [1, 2, 3, 4]


def num_cond():
    field, lo, hi, kind = rng.choice([("temp", 60, 100, "double"), ("humidity", 20, 80, "double"),
                                      ("battery", 0, 100, "int"), ("count", 0, 50, "uint")])
    op = rng.choice(["<", "<=", ">", ">="])
    if kind == "double":
        v = rng.choice([f"{rng.uniform(lo, hi):.1f}", str(rng.randint(lo, hi))])  # int literal on a double field too
    elif kind == "int":
        v = str(rng.randint(lo, hi))
    else:
        v = f"{rng.randint(lo, hi)}u"
    if rng.random() < 0.2:
        return f"{v} {dict(zip('<><=>=', '><>=<='))[op] if len(op) == 1 else {'<=': '>=', '>=': '<='}[op]} e.{field}"
    return f"e.{field} {op} {v}"


def eq_cond():
    r = rng.random()
    if r < 0.35:
        return f'e.site == "{rng.choice(SITES)}"'
    if r < 0.5:
        return f'e.status == "{rng.choice(STATUSES)}"'
    if r < 0.6:
        return f"e.line == {rng.choice(LINES)}"
    if r < 0.7:
        return f"e.active == {rng.choice(['true', 'false'])}"
    if r < 0.8:
        return "e.site in plants"
    k = rng.randint(1, 3)
    return f"e.status in [{', '.join(json.dumps(s) for s in rng.sample(STATUSES, k))}]"


def other_cond():
    return rng.choice([
        'e.status != "maintenance"',
        f'e.status != "{rng.choice(STATUSES)}"',
        f'e.site != "{rng.choice(SITES)}"',   # all sites have the same length
        'has(e.note) && e.note.startsWith("x")',
        "e.note.size() > 3",          # error when note is absent: absorbed only by a false conjunct
        "e.battery / (e.battery - 50) > 0",  # division by zero when battery == 50
        "(e.temp > 90.0 || e.site == \"plant-c\")",
        "hot(e)",
        "e.tags.exists(t, t == \"qa\")",
        f'"{rng.choice(["qa", "eu", "us", "x"])}" in e.tags',   # checked at leaves
        f"{rng.choice([1, 2, 3, 4])} in e.codes",
        "true in e.flags",
        f"{rng.choice([0, 1, 2, 5])}u in e.codes_u",
        '1u in e.codes_u || "x" in e.tags',
        "int(e.count) % 7 == 0",
    ])


def rule(i):
    conds = []
    for _ in range(rng.randint(1, 4)):
        r = rng.random()
        conds.append(eq_cond() if r < 0.4 else num_cond() if r < 0.8 else other_cond())
    prio = f" priority {rng.randint(-3, 3)}" if rng.random() < 0.4 else ""
    return (f"rule r{i}{prio} {{\n  on events as e\n  when {' && '.join(conds)}\n"
            f'  then publish "out.r{i}" {{"device": e.device}}\n}}\n')


os.makedirs(out, exist_ok=True)
with open(os.path.join(out, "rules.rule"), "w") as f:
    f.write("""schema Event {
  device: string, site: string, status: string, line: int, active: bool,
  temp: double, humidity: double, battery: int, count: uint,
  tags: list<string>, codes: list<int>, codes_u: list<uint>, flags: list<bool>, note: string?
}
stream events: Event from "events.{site}"
let plants = ["plant-a", "plant-b"]
def hot(r: Event): bool = r.temp > 85.0 && r.line in [1, 2]
""")
    for i in range(nrules):
        f.write(rule(i))
with open(os.path.join(out, "events.jsonl"), "w") as f:
    for i in range(nevents):
        site = rng.choice(SITES)
        ev = {"device": f"d{i}", "site": site, "status": rng.choice(STATUSES), "line": rng.choice(LINES),
              "active": rng.random() < 0.5, "temp": round(rng.uniform(55, 105), 1),
              "humidity": round(rng.uniform(15, 85), 1), "battery": rng.randint(0, 100),
              "count": rng.randint(0, 60), "tags": rng.sample(["qa", "eu", "us", "x"], rng.randint(0, 2)),
              "codes": rng.sample([1, 2, 3, 10], rng.randint(0, 3)), "codes_u": rng.sample([0, 1, 2], rng.randint(0, 2)),
              "flags": [rng.random() < 0.5 for _ in range(rng.randint(0, 2))]}
        if rng.random() < 0.02:
            ev["temp"] = float("nan")  # NaN compares false everywhere
        if rng.random() < 0.5:
            ev["note"] = rng.choice(["x1", "xyzzy", "abc", ""])
        if rng.random() < 0.05:
            ev["battery"] = 50
        f.write(json.dumps({"subject": f"events.{site}", "data": ev}).replace("NaN", '"NaN"') + "\n")
