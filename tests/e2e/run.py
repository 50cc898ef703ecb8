#!/usr/bin/env python3
"""End-to-end tests of levind against a real nats-server.

    python3 tests/e2e/run.py --levind BUILD/runtime/levind --natsio BUILD/natsio \
        [--levin BUILD/compiler/levin] [--nats-server /usr/sbin/nats-server] [SCENARIO...]

Each scenario starts its own nats-server on a free loopback port and its own
levind (and natsio publishers and subscribers), and stops every process it
started, by PID, whatever happens. LEVIN_E2E_EVENTS sets the number of
events of the reload-under-load scenario (default 100000). Exit status 0 when
every scenario passed. Python 3 standard library only.
"""
import argparse
import base64
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
# Loopback HTTP must not go through a proxy from the environment.
HTTP = urllib.request.build_opener(urllib.request.ProxyHandler({}))
ROOT = os.path.dirname(os.path.dirname(HERE))
FIXTURES = os.path.join(HERE, "fixtures")
ARGS = None
PROCS = []          # every process started, for the final cleanup
SCRATCH = None


class Failure(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Failure(what)


def check_eq(got, want, what):
    if got != want:
        raise Failure("%s:\n  want %r\n  got  %r" % (what, want, got))


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_until(pred, timeout, what):
    end = time.time() + timeout
    while time.time() < end:
        v = pred()
        if v:
            return v
        time.sleep(0.02)
    raise Failure("timed out after %.0fs waiting for %s" % (timeout, what))


def start(cmd, stdout=None, stderr=None, env=None):
    p = subprocess.Popen(cmd, stdout=stdout or subprocess.DEVNULL, stderr=stderr or subprocess.DEVNULL,
                         env=env, start_new_session=True)
    PROCS.append(p)
    return p


def stop(p, sig=signal.SIGTERM, timeout=10):
    if p.poll() is None:
        try:
            p.send_signal(sig)
            p.wait(timeout)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
    return p.returncode


def cleanup():
    for p in PROCS:
        if p.poll() is None:
            p.kill()
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                pass


def scratch(name):
    d = tempfile.mkdtemp(prefix=name + ".", dir=SCRATCH)
    return d


class Server:
    """nats-server on a free loopback port."""

    def __init__(self, extra=(), port=None):
        self.port = port or free_port()
        self.url = "nats://127.0.0.1:%d" % self.port
        self.extra = list(extra)
        self.start()

    def start(self):
        self.log = open(os.path.join(scratch("nats"), "server.log"), "w")
        self.proc = start([ARGS.nats_server, "-a", "127.0.0.1", "-p", str(self.port)] + self.extra,
                          stdout=self.log, stderr=self.log)

        def listening():
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.2).close()
                return True
            except OSError:
                check(self.proc.poll() is None, "nats-server exited (port %d)" % self.port)
                return False
        wait_until(listening, 10, "nats-server on port %d" % self.port)

    def kill(self):
        stop(self.proc, signal.SIGKILL)

    def stop(self):
        stop(self.proc)


def no_repeated_keys(pairs):
    """A log line is one JSON object: a key given twice is lost by most readers."""
    keys = [k for k, _ in pairs]
    dup = sorted(set(k for k in keys if keys.count(k) > 1))
    if dup:
        raise Failure("a log line repeats the keys %s: %s" % (dup, pairs))
    return dict(pairs)


class Log:
    """A JSON-lines log file being written by a process."""

    def __init__(self, path):
        self.path = path

    def lines(self):
        out = []
        try:
            with open(self.path, encoding="utf-8", errors="replace") as f:
                for line in f:
                    line = line.strip()
                    if line:
                        try:
                            out.append(json.loads(line, object_pairs_hook=no_repeated_keys))
                        except ValueError:
                            out.append({"msg": "(not JSON) " + line})
        except FileNotFoundError:
            pass
        return out

    def find(self, msg, **fields):
        return [l for l in self.lines() if l.get("msg") == msg and all(l.get(k) == v for k, v in fields.items())]

    def wait(self, msg, timeout=30, proc=None, **fields):
        def found():
            if proc is not None and proc.poll() is not None:
                raise Failure("process exited (%s) while waiting for %r; log:\n%s" %
                              (proc.returncode, msg, self.text()))
            r = self.find(msg, **fields)
            return r[-1] if r else None
        return wait_until(found, timeout, "log line %r %r in %s" % (msg, fields, self.path))

    def text(self):
        try:
            with open(self.path, encoding="utf-8", errors="replace") as f:
                return f.read()[-6000:]
        except FileNotFoundError:
            return ""


class Levind:
    def __init__(self, server_url, rules, *extra, env=None, wait_ready=True):
        d = scratch("levind")
        self.log = Log(os.path.join(d, "stderr.jsonl"))
        self.err = open(self.log.path, "w")
        cmd = [ARGS.levind, "--nats", server_url, "--rules", rules, "--metrics", "127.0.0.1:0",
               "--reconnect-wait", "50", "--reconnect-max-wait", "250"] + list(extra)
        self.proc = start(cmd, stderr=self.err, env=env)
        if wait_ready:
            self.ready()

    def ready(self):
        self.log.wait("ready", 60, proc=self.proc)
        self.metrics_port = self.log.wait("serving metrics", 5)["port"]

    def metrics(self):
        with HTTP.open("http://127.0.0.1:%d/metrics" % self.metrics_port, timeout=5) as r:
            return r.read().decode()

    def metric(self, name, **labels):
        text = self.metrics()
        want = name
        if labels:
            want += "{" + ",".join('%s="%s"' % kv for kv in sorted(labels.items())) + "}"
        for line in text.splitlines():
            if line.startswith(want + " "):
                return float(line.split()[-1])
        raise Failure("no metric %s in:\n%s" % (want, text))

    def generation(self):
        return int(self.metric("levind_ruleset_generation"))

    def signal(self, sig):
        self.proc.send_signal(sig)

    def stop(self, timeout=30):
        return stop(self.proc, signal.SIGTERM, timeout)


class Sub:
    """natsio sub: every message on the subjects, as JSON lines."""

    def __init__(self, url, *subjects, extra=()):
        d = scratch("sub")
        self.out_path = os.path.join(d, "out.jsonl")
        self.err_path = os.path.join(d, "err.txt")
        self.out = open(self.out_path, "w")
        self.err = open(self.err_path, "w")
        self.proc = start([ARGS.natsio, "sub", url] + list(subjects) + list(extra), stdout=self.out, stderr=self.err)
        wait_until(lambda: "ready" in open(self.err_path).read(), 10, "natsio sub ready")

    def messages(self):
        """Every message so far (the file is read from where it was left)."""
        if not hasattr(self, "_got"):
            self._got, self._off, self._rest = [], 0, b""
        with open(self.out_path, "rb") as f:
            f.seek(self._off)
            chunk = f.read()
        self._off += len(chunk)
        data = self._rest + chunk
        lines = data.split(b"\n")
        self._rest = lines.pop()
        self._got.extend(json.loads(l) for l in lines if l)
        return list(self._got)

    def wait_count(self, n, timeout=30):
        wait_until(lambda: len(self.messages()) >= n, timeout, "%d messages (have %d)" % (n, len(self.messages())))
        return self.messages()

    def settle(self, quiet=0.5, timeout=30):
        """Waits until no message has arrived for `quiet` seconds."""
        end = time.time() + timeout
        last = -1
        since = time.time()
        while time.time() < end:
            n = len(self.messages())
            if n != last:
                last, since = n, time.time()
            elif time.time() - since >= quiet:
                return self.messages()
            time.sleep(0.05)
        raise Failure("messages kept arriving for %ds" % timeout)

    def stop(self):
        stop(self.proc)


def publish(url, lines, *extra, wait=True):
    """natsio pub of a list of envelope dicts (or raw lines)."""
    path = os.path.join(scratch("pub"), "events.jsonl")
    with open(path, "wb") as f:
        for l in lines:
            f.write((l if isinstance(l, bytes) else json.dumps(l).encode()) + b"\n")
    return publish_file(url, path, *extra, wait=wait)


def publish_file(url, path, *extra, wait=True):
    # natsio's report goes to scratch, never next to PATH (which may be in the source tree).
    errpath = os.path.join(scratch("pub-report"), "natsio.err")
    err = open(errpath, "w")
    p = start([ARGS.natsio, "pub", url, path] + list(extra), stderr=err)
    if not wait:
        return p
    rc = p.wait(300)
    check_eq(rc, 0, "natsio pub exit status (%s)" % open(errpath).read())
    return json.loads(open(errpath).read().strip().splitlines()[-1])


def reading(i, site="s1", temp=60.0, **more):
    data = {"id": i, "temp": temp}
    data.update(more)
    return {"subject": "e2e.%s.reading" % site, "data": data, "id": "ev-%d" % i}


def copy_rules(*names):
    d = scratch("rules")
    for n in names:
        src = os.path.join(FIXTURES, n)
        for f in os.listdir(src):
            shutil.copy(os.path.join(src, f), d)
    return d


def ids_of(msgs):
    return [m["data"]["id"] for m in msgs]


def no_duplicates(ids, what):
    seen, dup = set(), set()
    for i in ids:
        (dup if i in seen else seen).add(i)
    check(not dup, "%s: fired twice: %s" % (what, sorted(dup)[:20]))
    return seen


# --- scenarios -----------------------------------------------------------------


def scenario_examples():
    """Each example rule set: levind publishes exactly the actions `levin run`
    prints for the same events (subjects, payloads), with the headers, and
    dead-letters what levin run dead-letters, with the same reasons."""
    check(ARGS.levin, "needs --levin")
    for name in ("factory", "building", "shop"):
        rules = os.path.join(ROOT, "examples", name)
        events = os.path.join(rules, "events.jsonl")
        if not os.path.exists(events):
            raise Failure("examples/%s/events.jsonl is missing" % name)
        run = subprocess.run([ARGS.levin, "run", rules, "--events", events], capture_output=True, text=True)
        check_eq(run.returncode, 0, "levin run examples/%s (%s)" % (name, run.stderr))
        want_actions, want_dead = [], []
        for line in run.stdout.splitlines():
            o = json.loads(line)
            if "subject" in o:
                want_actions.append((o["rule"], o["subject"], json.dumps(o["data"], sort_keys=True)))
            elif "dead_letter" in o and "stream" in o["dead_letter"]:
                d = o["dead_letter"]
                want_dead.append((d["stream"], d["reason"], d.get("path", "$"), d["data"]))
        subjects = {}
        with open(events, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                try:
                    subjects[n] = json.loads(line)["subject"]
                except ValueError:
                    pass
        srv = Server()
        lv = Levind(srv.url, rules, "--no-watch")
        out_subjects = sorted({a[1].split(".")[0] + ".>" for a in want_actions} | {"levin.dlq.>"})
        sub = Sub(srv.url, *out_subjects)
        publish_file(srv.url, events, "--msg-ids", "ev-")
        total = len(want_actions) + len(want_dead)
        got = sub.wait_count(total, 30)
        got = sub.settle(0.5)
        actions = [m for m in got if "Levin-Rule" in m.get("headers", {})]
        dead = [m for m in got if m["subject"].startswith("levin.dlq.")]
        got_actions = sorted((m["headers"]["Levin-Rule"], m["subject"], json.dumps(m["data"], sort_keys=True))
                             for m in actions)
        check_eq(got_actions, sorted(want_actions), "examples/%s: actions" % name)
        for m in actions:
            h = m["headers"]
            mid = re.fullmatch(r"ev-(\d+):(.+):(\d+)", h["Nats-Msg-Id"])
            check(mid, "examples/%s: Nats-Msg-Id %r" % (name, h["Nats-Msg-Id"]))
            check_eq(mid.group(2), h["Levin-Rule"], "Nats-Msg-Id names the rule")
            check_eq(h["Levin-Source-Subject"], subjects[int(mid.group(1))], "Levin-Source-Subject of line %s" % mid.group(1))
            check_eq(h["Content-Type"], "application/json", "Content-Type")
        # No action comes back as an event: `levin check` (W0007) keeps the
        # examples free of loops, so every dead letter is an input event.
        got_dead = sorted((m["headers"]["Levin-Stream"], m["headers"]["Levin-Reason"], m["headers"]["Levin-Path"],
                           json.dumps(m["data"]) if "data" in m else m["text"]) for m in dead)
        want_dead_n = sorted((s, r, p, json.dumps(json.loads(d)) if _is_json(d) else d) for s, r, p, d in want_dead)
        check_eq(got_dead, want_dead_n, "examples/%s: dead letters" % name)
        for m in dead:
            check_eq(m["subject"], "levin.dlq." + m["headers"]["Levin-Stream"], "dead-letter subject")
        # The figures agree with what happened.
        fires = sum(1 for a in want_actions)
        check_eq(lv.metric("levind_actions_published_total"), float(fires), "examples/%s: actions published" % name)
        dead_total = sum(lv.metric("levind_events_dead_lettered_total", stream=s) for s in {d[0] for d in want_dead})
        check_eq(dead_total, float(len(want_dead)), "examples/%s: dead-letter counters" % name)
        check_eq(lv.stop(), 0, "examples/%s: levind exit status" % name)
        sub.stop()
        srv.stop()


def _is_json(s):
    try:
        json.loads(s)
        return True
    except ValueError:
        return False


def scenario_fixture_exact():
    """Exact subjects, payloads and headers for the fixture, a Nats-Msg-Id
    derived from the event when it has none, and the stats over NATS."""
    srv = Server()
    lv = Levind(srv.url, os.path.join(FIXTURES, "basic"), "--no-watch", "--name", "e2e-exact")
    sub = Sub(srv.url, "e2e.out.>")
    publish(srv.url, [
        reading(1, "north", 61.5, note='say "hi"\n'),
        reading(2, "north", 40.0),
        {"subject": "e2e.south.reading", "data": {"id": 3, "temp": 99.25}},
        {"subject": "e2e.south.reading", "data": {"id": 3, "temp": 99.25}},
    ])
    got = sub.wait_count(3)
    got = sub.settle(0.3)
    check_eq(len(got), 3, "actions")
    by = sorted(got, key=lambda m: (m["data"]["id"], m["headers"]["Nats-Msg-Id"]))
    check_eq(by[0]["subject"], "e2e.out.hot.north", "subject from the capture")
    check_eq(by[0]["data"], {"id": 1, "site": "north", "temp": 61.5, "note": 'say "hi"\n'}, "payload, escaped")
    check_eq(by[0]["headers"], {"Levin-Rule": "e2e.hot", "Levin-Source-Subject": "e2e.north.reading",
                                "Nats-Msg-Id": "ev-1:e2e.hot:0", "Content-Type": "application/json"}, "headers")
    # Two identical events on the same subject: the same id (documented).
    check_eq(by[1]["headers"]["Nats-Msg-Id"], by[2]["headers"]["Nats-Msg-Id"], "derived ids of identical events")
    check(re.fullmatch(r"h[0-9a-f]{32}:e2e\.hot:0", by[1]["headers"]["Nats-Msg-Id"]), "derived id form")
    check_eq(by[1]["data"], {"id": 3, "site": "south", "temp": 99.25, "note": ""}, "default applied")
    # Stats over NATS.
    r = subprocess.run([ARGS.natsio, "req", srv.url, "levin.stats"], capture_output=True, text=True, timeout=20)
    check_eq(r.returncode, 0, "stats request")
    st = json.loads(r.stdout)
    check_eq(st["name"], "e2e-exact", "stats name")
    check_eq(st["streams"]["e2e.readings"], {"in": 4, "decoded": 4, "dead_lettered": 0}, "stream figures")
    check_eq(st["rules"]["e2e.hot"], {"evaluations": 4, "fires": 3, "errors": 0}, "rule figures")
    check_eq(st["actions"], {"published": 3, "logged": 0, "failed": 0}, "action figures")
    check_eq(st["generation"], 1, "generation")
    # /healthz and the metrics text.
    with HTTP.open("http://127.0.0.1:%d/healthz" % lv.metrics_port, timeout=5) as h:
        check_eq(json.loads(h.read()), {"status": "ok", "generation": 1, "connected": True}, "/healthz")
    text = lv.metrics()
    for line in ('levind_events_in_total{stream="e2e.readings"} 4', 'levind_rule_fires_total{rule="e2e.hot"} 3',
                 'levind_rule_evaluations_total{rule="e2e.hot"} 4', "levind_reload_failures_total 0",
                 "levind_ruleset_generation 1", "levind_nats_connected 1", "levind_subscriptions 1",
                 "# TYPE levind_evaluation_seconds histogram"):
        check(line in text.splitlines(), "metrics line %r missing" % line)
    check_eq(lv.stop(), 0, "exit status")
    sub.stop()
    srv.stop()


def scenario_dead_letters():
    """Every kind of bad event goes to <prefix>.dlq.<stream> with the
    original payload and the reason; counted; nothing else fires."""
    srv = Server()
    lv = Levind(srv.url, os.path.join(FIXTURES, "basic"), "--no-watch", "--prefix", "ops.levin",
                "--max-payload", "1024", "--max-json-depth", "4")
    sub = Sub(srv.url, "ops.levin.dlq.>", "e2e.out.>", extra=("--b64",))
    big = '{"id": 6, "temp": 1.0, "note": "' + "x" * 2000 + '"}'
    cases = [
        (b'{"id": 1, "temp": }', "invalid JSON: expected a value, found '}'", "$.temp"),
        (b'{"id": 2, "temp": 1.0, "note": "\xff"}', "invalid JSON: invalid UTF-8 in string", "$.note"),
        (b'{"id": 3, "temp": "hot"}', "field 'temp': expected a number, found \"hot\"", "$.temp"),
        (b'{"id": 4}', "missing required field 'temp'", "$.temp"),
        (b'{"id": 5, "temp": 1.0, "x": [[[[[1]]]]]}', "nesting deeper than the limit of 4", "$.x[0][0][0]"),
        (big.encode(), "payload of 2034 bytes exceeds the limit of 1024 bytes", "$"),
        (b'[1, 2]', "expected an object at the top level, found an array", "$"),
        (b'{"id": 8, "temp": null}', "field 'temp' is null", "$.temp"),
        (b'{"id": 9, "temp": 1.0, "temp": 2.0}', "duplicate field 'temp'", "$.temp"),
        (b'{"id": 10, "temp": 1.0} x', "invalid JSON: trailing characters after the JSON value", "$"),
        (b'{"id": 11.5, "temp": 1.0}', "field 'id': expected an integer, found 11.5", "$.id"),
        (b'{"id": 12, "temp": 1.0, "loc": {"lat": 1.0}}', "missing required field 'loc.lon'", "$.loc.lon"),
    ]
    lines = [{"subject": "e2e.s%d.reading" % i, "raw_b64": base64.b64encode(p).decode(), "id": "bad-%d" % i}
             for i, (p, _, _) in enumerate(cases)]
    lines.append({"subject": "e2e.s99.reading", "raw": ""})
    publish(srv.url, lines)
    got = sub.wait_count(len(cases) + 1)
    got = sub.settle(0.3)
    check_eq(len(got), len(cases) + 1, "dead letters (and nothing else)")
    by_subject = {m["headers"]["Levin-Subject"]: m for m in got}
    for i, (payload, reason, path) in enumerate(cases):
        m = by_subject.get("e2e.s%d.reading" % i)
        check(m is not None, "no dead letter for case %d (%s)" % (i, reason))
        check_eq(m["subject"], "ops.levin.dlq.e2e.readings", "case %d: subject" % i)
        check_eq(m["headers"]["Levin-Reason"], reason, "case %d: reason" % i)
        check_eq(m["headers"]["Levin-Path"], path, "case %d: path" % i)
        check_eq(m["headers"]["Levin-Stream"], "e2e.readings", "case %d: stream" % i)
        check_eq(m["headers"]["Nats-Msg-Id"], "bad-%d:dlq:e2e.readings" % i, "case %d: id" % i)
        check_eq(base64.b64decode(m["b64"]), payload, "case %d: the original payload" % i)
    empty = by_subject["e2e.s99.reading"]
    check_eq(empty["headers"]["Levin-Reason"], "invalid JSON: expected a value, found end of input", "empty payload")
    check_eq(lv.metric("levind_events_dead_lettered_total", stream="e2e.readings"), float(len(cases) + 1),
             "dead-letter counter")
    check_eq(lv.metric("levind_dead_letters_published_total"), float(len(cases) + 1), "dead letters published")
    check_eq(lv.metric("levind_rule_fires_total", rule="e2e.hot"), 0.0, "nothing fired")
    check_eq(lv.stop(), 0, "exit status")
    sub.stop()
    srv.stop()


def scenario_runtime_errors():
    """A `when` error: not fired, counted per rule. A payload error: that
    action fails, the others run. An invalid subject token: that action
    fails. All logged and counted."""
    srv = Server()
    lv = Levind(srv.url, os.path.join(FIXTURES, "errors"), "--no-watch")
    sub = Sub(srv.url, "e2e.out.>")
    publish(srv.url, [
        {"subject": "e2e.cmd", "data": {"id": 1, "target": "a", "n": 6, "d": 3}},    # all three actions
        {"subject": "e2e.cmd", "data": {"id": 2, "target": "b", "n": 6, "d": 0}},    # when: division by zero
        {"subject": "e2e.cmd", "data": {"id": 3, "target": "c", "n": 6, "d": 1}},    # payload 2: division by zero
        {"subject": "e2e.cmd", "data": {"id": 4, "target": "x.y", "n": 6, "d": 2}},  # subject token with '.'
        {"subject": "e2e.cmd", "data": {"id": 5, "target": "", "n": 6, "d": 2}},     # empty token
        {"subject": "e2e.cmd", "data": {"id": 6, "target": "*", "n": 6, "d": 2}},    # wildcard token
        {"subject": "e2e.cmd", "data": {"id": 7, "target": "a b", "n": 6, "d": 2}},  # whitespace
    ])
    got = sub.wait_count(7)
    got = sub.settle(0.5)
    got = sorted((m["subject"], json.dumps(m["data"], sort_keys=True)) for m in got)
    want = sorted([
        ("e2e.out.route.a", '{"id": 1}'), ("e2e.out.ratio", '{"id": 1, "q": 3}'),
        ("e2e.out.route.c", '{"id": 3}'),
        ("e2e.out.ratio", '{"id": 4, "q": 6}'), ("e2e.out.ratio", '{"id": 5, "q": 6}'),
        ("e2e.out.ratio", '{"id": 6, "q": 6}'), ("e2e.out.ratio", '{"id": 7, "q": 6}'),
    ])
    check_eq(got, want, "actions that ran")
    check_eq(lv.metric("levind_rule_errors_total", rule="e2e.route"), 1.0, "when errors")
    check_eq(lv.metric("levind_rule_fires_total", rule="e2e.route"), 6.0, "fires")
    check_eq(lv.metric("levind_actions_failed_total"), 5.0, "failed actions")
    check_eq(lv.metric("levind_actions_published_total"), 7.0, "published actions")
    check_eq(lv.metric("levind_actions_logged_total"), 6.0, "log actions")
    errs = lv.log.find("rule error: the rule did not fire")
    check_eq(len(errs), 1, "rule error log lines")
    check_eq((errs[0]["rule"], errs[0]["error"], errs[0]["subject"]), ("e2e.route", "division by zero", "e2e.cmd"),
             "rule error line")
    failed = lv.log.find("action failed")
    check_eq(len(failed), 5, "action failure log lines")
    check_eq(sorted((f["action"], f["error"], f["where"].rsplit("/", 1)[-1]) for f in failed), [
        (0, "subject token '*' contains '*'", "commands.rule:19:5"),
        (0, "subject token 'a b' contains whitespace or a control character", "commands.rule:19:5"),
        (0, "subject token 'x.y' contains '.'", "commands.rule:19:5"),
        (0, "subject token is empty", "commands.rule:19:5"),
        (1, "division by zero", "commands.rule:20:5")], "action failures logged")
    check_eq(len(lv.log.find("routed 1")), 1, "log action")
    check_eq(lv.stop(), 0, "exit status")
    sub.stop()
    srv.stop()


def scenario_queue_group():
    """Two levinds in one queue group share the events and together fire
    each action exactly once."""
    srv = Server()
    a = Levind(srv.url, os.path.join(FIXTURES, "basic"), "--no-watch", "--queue", "e2e")
    b = Levind(srv.url, os.path.join(FIXTURES, "basic"), "--no-watch", "--queue", "e2e")
    sub = Sub(srv.url, "e2e.out.>")
    n = 3000
    publish(srv.url, [reading(i, "s%d" % (i % 7)) for i in range(n)])
    got = sub.wait_count(n, 60)
    got = sub.settle(0.5)
    ids = no_duplicates(ids_of(got), "queue group")
    check_eq(ids, set(range(n)), "every event fired once")
    ra, rb = a.metric("levind_messages_received_total"), b.metric("levind_messages_received_total")
    check_eq(ra + rb, float(n), "messages received by the two")
    check(ra > 0 and rb > 0, "both shared the load (%d, %d)" % (ra, rb))
    check_eq(a.stop(), 0, "first levind exit")
    check_eq(b.stop(), 0, "second levind exit")
    sub.stop()
    srv.stop()


def write(path, text):
    with open(path + ".tmp", "w") as f:
        f.write(text)
    os.replace(path + ".tmp", path)  # as editors save: a new file renamed over the old


def scenario_reload():
    """A broken file keeps the running set (events keep firing, the failure
    is logged with positions and counted); a good change takes effect;
    streams added and removed move the subscriptions; events on a removed
    stream's subject that were in flight are dead-lettered as unmatched."""
    rules = copy_rules("basic")
    os.mkdir(os.path.join(rules, "empty"))  # loaded as nothing (once undefined behaviour: qsort(NULL, 0))
    srv = Server()
    lv = Levind(srv.url, rules, "--reload-debounce", "50")
    sub = Sub(srv.url, "e2e.out.>", "levin.dlq.>")
    publish(srv.url, [reading(1, temp=45.0), reading(2, temp=55.0)])
    check_eq(ids_of(sub.wait_count(1)), [2], "limit 50 at first")
    # A broken file.
    path = os.path.join(rules, "sensors.rule")
    original = open(path).read()
    write(path, original.replace("r.temp > limit", "r.temp > limt"))
    fail = lv.log.wait("reload failed: the running rules stay", 30)
    check_eq(fail["reason"], "rule files changed", "reload reason")
    diag = lv.log.find("rule error")[-1]["diagnostic"]
    check_eq((os.path.basename(diag["file"]), diag["line"], diag["severity"]), ("sensors.rule", 22, "error"),
             "diagnostic position")
    check("limt" in diag["message"], "diagnostic message: %r" % diag["message"])
    check_eq(lv.metric("levind_reload_failures_total"), 1.0, "reload_failures")
    check_eq(lv.generation(), 1, "generation after a failed reload")
    publish(srv.url, [reading(3, temp=45.0), reading(4, temp=55.0)])
    check_eq(ids_of(sub.wait_count(2))[-1], 4, "the old set still fires")
    # A good change: a lower limit.
    write(path, original.replace("let limit = 50.0", "let limit = 40.0"))
    lv.log.wait("reloaded", 30, generation=2)
    publish(srv.url, [reading(5, temp=45.0), reading(6, temp=35.0)])
    got = sub.wait_count(3)
    check_eq(ids_of(sub.settle(0.3))[2:], [5], "the new limit took effect")
    check_eq(lv.metric("levind_reload_successes_total"), 1.0, "reload_successes")
    # A new stream: a new subscription.
    shutil.copy(os.path.join(FIXTURES, "extra", "alarms.rule"), rules)
    done = lv.log.wait("reloaded", 30, generation=3)
    check_eq((done["subscribed"], done["unsubscribed"], done["subscriptions"], done["confirmed"]), (1, 0, 2, True),
             "subscriptions after adding a stream")
    publish(srv.url, [{"subject": "e2e.alarm", "data": {"id": 7, "level": 4}}])
    check_eq(sub.wait_count(4)[-1]["subject"], "e2e.out.loud", "the new stream fires")
    # Counters do not go backwards across reloads (aggregated by name).
    check_eq(lv.metric("levind_rule_fires_total", rule="e2e.hot"), 3.0, "fires across reloads")
    check_eq(lv.metric("levind_events_in_total", stream="e2e.readings"), 6.0, "events across reloads")
    # Removing it: unsubscribed.
    os.remove(os.path.join(rules, "alarms.rule"))
    done = lv.log.wait("reloaded", 30, generation=4)
    check_eq((done["subscribed"], done["unsubscribed"], done["subscriptions"]), (0, 1, 1), "after removing it")
    lv.log.wait("unsubscribed", 5, subject="e2e.alarm")
    # SIGHUP reloads even when nothing changed.
    lv.signal(signal.SIGHUP)
    done = lv.log.wait("reloaded", 30, generation=5)
    check_eq(lv.log.find("reloading")[-1]["reason"], "SIGHUP", "reason")
    check_eq(lv.metric("levind_ruleset_generation"), 5.0, "generation")
    # Nothing was dead-lettered along the way.
    check_eq([m for m in sub.messages() if m["subject"].startswith("levin.dlq.")], [], "no dead letters")
    check_eq(lv.stop(), 0, "exit status")
    sub.stop()
    srv.stop()


def scenario_reload_unmatched():
    """Messages already received for a stream that a reload removes are
    not lost: they are dead-lettered with the reason. Uses a slow rule set
    and a queue of events so that some are in hand at the swap."""
    rules = copy_rules("basic", "extra")
    srv = Server()
    lv = Levind(srv.url, rules, "--no-watch")
    sub = Sub(srv.url, "e2e.out.loud", "levin.dlq.>")
    n = 20000
    p = publish(srv.url, [{"subject": "e2e.alarm", "data": {"id": i, "level": 5}} for i in range(n)], wait=False)
    wait_until(lambda: len(sub.messages()) > 100, 30, "first alarms")
    os.remove(os.path.join(rules, "alarms.rule"))
    lv.signal(signal.SIGHUP)
    lv.log.wait("reloaded", 30, generation=2)
    check_eq(p.wait(120), 0, "publisher")
    got = sub.settle(1.0)
    fired = [m["data"]["id"] for m in got if m["subject"] == "e2e.out.loud"]
    dead = [m for m in got if m["subject"].startswith("levin.dlq.")]
    received = int(lv.metric("levind_messages_received_total"))
    no_duplicates(fired, "alarms")
    check_eq(len(fired) + len(dead), received, "every received alarm fired or was dead-lettered")
    for m in dead:
        check_eq(m["subject"], "levin.dlq._unmatched", "unmatched subject")
        check_eq(m["headers"]["Levin-Subject"], "e2e.alarm", "original subject")
        check_eq(m["headers"]["Levin-Reason"], "no stream of the current rules (generation 2) matches subject 'e2e.alarm'",
                 "reason")
    check_eq(lv.metric("levind_events_unmatched_total"), float(len(dead)), "unmatched counter")
    check_eq(lv.stop(), 0, "exit status")
    sub.stop()
    srv.stop()


def scenario_reloads_under_load():
    """100 reloads while at least LEVIN_E2E_EVENTS (default 100,000) events
    are published: every event fires exactly once (counted by event id),
    none lost, none twice. The publisher runs until the reloads are done and
    the count is reached, then stops cleanly and says how many it sent."""
    n = int(os.environ.get("LEVIN_E2E_EVENTS", "100000"))
    reloads = 100
    rules = copy_rules("basic")
    path = os.path.join(rules, "sensors.rule")
    original = open(path).read()
    srv = Server()
    lv = Levind(srv.url, rules, "--no-watch")
    sub = Sub(srv.url, "e2e.out.>")
    template = os.path.join(scratch("events"), "template.jsonl")
    with open(template, "w") as f:
        for site in range(13):
            f.write('{"subject":"e2e.s%d.reading","data":{"id":@SEQ@,"temp":60.5}}\n' % site)
    errpath = template + ".err"
    p = start([ARGS.natsio, "pub", srv.url, template, "--seq", "--repeat", "0", "--rate", "25000"],
              stderr=open(errpath, "w"))
    wait_until(lambda: len(sub.messages()) > 0, 30, "first action")
    for g in range(2, reloads + 2):
        write(path, original + "// reload %d\n" % g)
        lv.signal(signal.SIGHUP)
        wait_until(lambda: lv.generation() == g, 60, "generation %d" % g)
        check(p.poll() is None, "the publisher stopped early")
    wait_until(lambda: lv.metric("levind_messages_received_total") >= n, 300, "%d events" % n)
    p.send_signal(signal.SIGTERM)
    check_eq(p.wait(60), 0, "publisher")
    published = json.loads(open(errpath).read().strip().splitlines()[-1])["published"]
    check(published >= n, "published %d" % published)
    got = sub.wait_count(published, 120)
    got = sub.settle(1.0)
    ids = no_duplicates(ids_of(got), "reloads under load")
    missing = set(range(published)) - ids
    check(not missing, "%d events lost, e.g. %s" % (len(missing), sorted(missing)[:10]))
    check_eq(len(got), published, "actions")
    check_eq(lv.generation(), 1 + reloads, "generation")
    check_eq(lv.metric("levind_events_dropped_total"), 0.0, "dropped")
    check_eq(lv.metric("levind_messages_received_total"), float(published), "received")
    check_eq(lv.metric("levind_rule_fires_total", rule="e2e.hot"), float(published), "fires, summed over rule sets")
    check_eq(lv.stop(), 0, "exit status")
    sub.stop()
    srv.stop()


def scenario_server_restart():
    """nats-server killed and restarted: levind logs the disconnect, then
    reconnects and goes on."""
    srv = Server()
    lv = Levind(srv.url, os.path.join(FIXTURES, "basic"), "--no-watch")
    sub = Sub(srv.url, "e2e.out.>")
    publish(srv.url, [reading(i) for i in range(50)])
    sub.wait_count(50)
    sub.stop()
    srv.kill()
    lv.log.wait("disconnected from NATS", 20, proc=lv.proc)
    lv.log.wait("cannot reach NATS; retrying", 20, proc=lv.proc)
    try:
        HTTP.open("http://127.0.0.1:%d/healthz" % lv.metrics_port, timeout=5)
        raise Failure("/healthz answered 200 while disconnected")
    except urllib.error.HTTPError as e:
        check_eq((e.code, json.loads(e.read())), (503, {"status": "disconnected", "generation": 1, "connected": False}),
                 "/healthz while disconnected")
    time.sleep(0.3)
    srv.start()
    lv.log.wait("reconnected to NATS", 30, proc=lv.proc)
    sub = Sub(srv.url, "e2e.out.>")
    # The server has our subscription back once it answers our requests.
    wait_until(lambda: subprocess.run([ARGS.natsio, "req", srv.url, "levin.stats", "--timeout", "0.5"],
                                      capture_output=True).returncode == 0, 20, "stats after reconnecting")
    publish(srv.url, [reading(i) for i in range(50, 100)])
    got = sub.wait_count(50)
    check_eq(sorted(ids_of(got)), list(range(50, 100)), "actions after the restart")
    check_eq(lv.metric("levind_nats_disconnects_total"), 1.0, "disconnects")
    check_eq(lv.metric("levind_nats_reconnects_total"), 1.0, "reconnects")
    check_eq(lv.metric("levind_nats_connected"), 1.0, "connected")
    check_eq(lv.stop(), 0, "exit status")
    sub.stop()
    srv.stop()


def scenario_reload_moves_subscription():
    """Reloads that move a stream to another subscription subject
    (e2e.*.reading <-> e2e.*.*) while events flow: the events the old
    subscription still holds are evaluated by the new set's stream (whose
    subscription did not exist when they were published): none dead, none
    twice, and none lost but those published between the UNSUB and the SUB."""
    rules = copy_rules("basic")
    path = os.path.join(rules, "sensors.rule")
    original = open(path).read()
    moved = original.replace('from "e2e.{site}.reading"', 'from "e2e.{site}.*"')
    check(moved != original, "the fixture's stream pattern changed")
    srv = Server()
    lv = Levind(srv.url, rules, "--no-watch")
    sub = Sub(srv.url, "e2e.out.>", "levin.dlq.>")
    n = 30000
    p = publish(srv.url, [reading(i, temp=60.5) for i in range(n)], "--rate", "30000", wait=False)
    wait_until(lambda: len(sub.messages()) > 500, 30, "actions flowing")
    for g in range(2, 10):
        write(path, moved if g % 2 == 0 else original)
        lv.signal(signal.SIGHUP)
        wait_until(lambda: lv.generation() == g, 60, "generation %d" % g)
    check_eq(p.wait(120), 0, "publisher")
    received = lambda: int(lv.metric("levind_messages_received_total"))
    try:
        wait_until(lambda: len(sub.messages()) >= received() and received() >= n - n // 500, 60, "the actions")
    except Failure:
        raise Failure("%d actions or dead letters for %d events received of %d published (dead letters: %d, "
                      "unmatched: %d)" % (len(sub.messages()), received(), n,
                                          len([m for m in sub.messages() if m["subject"].startswith("levin.dlq.")]),
                                          int(lv.metric("levind_events_unmatched_total"))))
    got = sub.settle(1.0)
    dead = [m for m in got if m["subject"].startswith("levin.dlq.")]
    check_eq(len(dead), 0, "dead letters (first: %s)" % (dead[:1],))
    ids = no_duplicates(ids_of([m for m in got if not m["subject"].startswith("levin.dlq.")]), "moved subscription")
    check_eq(len(ids), received(), "every event received fired once")
    # Core NATS has no atomic swap of subscriptions: an event published in
    # the instant between the old one's UNSUB and the new one's SUB reaches
    # neither (0-30 of 30,000 here over 8 reloads, the sanitizer build being
    # the slowest; before the handoff every event the old one still held was
    # dead-lettered: hundreds to thousands).
    missing = set(range(n)) - ids
    check(len(missing) <= n // 500, "%d events lost, e.g. %s" % (len(missing), sorted(missing)[:10]))
    check_eq(lv.stop(), 0, "exit status")


def scenario_signals_before_ready():
    """SIGHUP and SIGTERM that arrive while the first rule set compiles are
    held until levind is ready, then acted on (reload; clean stop with exit
    0), instead of killing it by their default action."""
    srv = Server()
    rules = scratch("many")
    # A set big enough that its first compile takes a while.
    with open(os.path.join(rules, "many.rule"), "w") as f:
        f.write("schema R { id: int, v: int }\nstream rs: R from \"e2e.many\"\n")
        for i in range(3000):
            f.write('rule r%d { on rs as e when e.v == %d && e.id > %d then publish "e2e.out.many" {"id": e.id} }\n'
                    % (i, i, i % 7))
    lv = Levind(srv.url, rules, "--no-watch", wait_ready=False)
    lv.log.wait("starting", 30, proc=lv.proc)
    lv.signal(signal.SIGHUP)
    lv.log.wait("reloaded", 120, proc=lv.proc)
    lv.ready()
    check_eq(lv.generation(), 2, "generation after the held SIGHUP")
    lv2 = Levind(srv.url, rules, "--no-watch", wait_ready=False)
    lv2.log.wait("starting", 30, proc=lv2.proc)
    lv2.signal(signal.SIGTERM)
    check_eq(lv2.proc.wait(120), 0, "exit status after a SIGTERM held until ready")
    check(lv2.log.find("ready") and lv2.log.find("stopped"), "ready and stopped lines")
    check_eq(lv.stop(), 0, "exit status")


def scenario_stop_during_reload():
    """SIGTERM while a reload compiles a big rule set: levind drains and
    exits 0 at once, abandoning the compile, instead of waiting for it past
    drain-timeout."""
    srv = Server()
    rules = copy_rules("basic")
    lv = Levind(srv.url, rules, "--no-watch", "--drain-timeout", "1000")
    with open(os.path.join(rules, "many.rule"), "w") as f:
        f.write("schema M { id: int, v: int }\nstream ms: M from \"e2e.many\"\n")
        for i in range(8000):
            f.write('rule m%d { on ms as e when e.v == %d && e.id > %d then publish "e2e.out.many" {"id": e.id} }\n'
                    % (i, i, i % 7))
    lv.signal(signal.SIGHUP)
    lv.log.wait("reloading", 30, proc=lv.proc)
    t0 = time.time()
    check_eq(lv.stop(), 0, "exit status")
    took = time.time() - t0
    check(lv.log.find("a reload was still compiling: abandoned"), "no 'abandoned' line")
    check(not lv.log.find("reloaded"), "the abandoned reload was swapped in")
    check_eq(lv.log.find("stopped")[0]["exit"], 0, "exit in the final line")
    check(took < 3.0, "stopping took %.1f s" % took)


def scenario_sigterm():
    """SIGTERM during a stream of events: exit 0, and every event levind
    took in was handled (its action is out)."""
    srv = Server()
    lv = Levind(srv.url, os.path.join(FIXTURES, "basic"), "--no-watch")
    sub = Sub(srv.url, "e2e.out.>")
    n = 40000
    p = publish(srv.url, [reading(i) for i in range(n)], "--rate", "20000", wait=False)
    wait_until(lambda: len(sub.messages()) > 2000, 30, "actions flowing")
    check_eq(lv.stop(), 0, "exit status after SIGTERM")
    stopped = lv.log.find("stopped")
    check_eq(len(stopped), 1, "a final log line")
    taken = stopped[0]["messages"]
    p.wait(120)
    got = sub.settle(1.0)
    ids = no_duplicates(ids_of(got), "sigterm")
    check_eq(len(ids), taken, "actions out == events taken in")
    check(0 < taken < n, "stopped mid-stream (%d of %d)" % (taken, n))
    check_eq(stopped[0]["actions_published"], taken, "actions published")
    sub.stop()
    srv.stop()


def scenario_slow_consumer():
    """Past --max-pending the NATS library drops events: logged, counted,
    received + dropped == published."""
    srv = Server()
    lv = Levind(srv.url, os.path.join(FIXTURES, "basic"), "--no-watch", "--max-pending", "10")
    n = 20000
    publish(srv.url, [reading(i) for i in range(n)])
    wait_until(lambda: lv.metric("levind_messages_received_total") + lv.metric("levind_events_dropped_total") >= n,
               30, "all events received or dropped")
    dropped = lv.metric("levind_events_dropped_total")
    check(dropped > 0, "a burst past a pending limit of 10 drops events")
    check_eq(lv.metric("levind_messages_received_total") + dropped, float(n), "received + dropped")
    line = lv.log.wait("slow consumer: NATS is dropping events (the pending queue is full)", 5)
    check_eq(line["subject"], "e2e.*.reading", "slow consumer subject")
    check_eq(lv.stop(), 0, "exit status")
    # Nobody reads the metrics this time: the final line still counts every
    # drop (nats.c forgets a subscription's count once it is closed).
    lv = Levind(srv.url, os.path.join(FIXTURES, "basic"), "--no-watch", "--max-pending", "10")
    publish(srv.url, [reading(i) for i in range(n)])
    lv.log.wait("slow consumer: NATS is dropping events (the pending queue is full)", 30)
    time.sleep(1.0)
    check_eq(lv.stop(), 0, "exit status")
    final = lv.log.find("stopped")[0]
    check(final["dropped"] > 0, "drops in the final line: %s" % final)
    check_eq(final["messages"] + final["dropped"], n, "messages + dropped in the final line")
    srv.stop()


def scenario_auth_and_config():
    """Credentials from the environment and files, never logged; usage and
    configuration errors; --check-config hides secrets."""
    secret = "s3cr3t-Pa55"
    srv = Server(["--user", "levin", "--pass", secret])
    env = dict(os.environ, LEVIND_NATS_PASSWORD=secret)
    lv = Levind(srv.url, os.path.join(FIXTURES, "basic"), "--no-watch", "--user", "levin", env=env)
    sub_url = "nats://levin:%s@127.0.0.1:%d" % (secret, srv.port)
    sub = Sub(sub_url, "e2e.out.>")
    publish(sub_url, [reading(1)])
    sub.wait_count(1)
    check_eq(lv.stop(), 0, "exit status")
    check(secret not in open(lv.log.path).read(), "the password is in the log")
    # A URL with credentials: connects, logs the URL redacted.
    lv = Levind(sub_url, os.path.join(FIXTURES, "basic"), "--no-watch")
    check_eq(lv.log.find("connected to NATS")[0]["server"], "nats://***@127.0.0.1:%d" % srv.port, "redacted URL")
    check_eq(lv.stop(), 0, "exit status")
    check(secret not in open(lv.log.path).read(), "the password is in the log")
    # A wrong password: exit 1, with the reason.
    lv = Levind(srv.url, os.path.join(FIXTURES, "basic"), "--no-watch", "--user", "levin",
                env=dict(os.environ, LEVIND_NATS_PASSWORD="wrong"), wait_ready=False)
    check_eq(lv.proc.wait(30), 1, "exit status with a wrong password")
    check_eq(lv.log.find("cannot connect to NATS")[0]["error"], "Authentication Violation", "reason")
    srv.stop()
    # A token from a file.
    tok = os.path.join(scratch("token"), "token")
    with open(tok, "w") as f:
        f.write("tok-" + secret + "\n")
    srv = Server(["--auth", "tok-" + secret])
    lv = Levind(srv.url, os.path.join(FIXTURES, "basic"), "--no-watch", "--token-file", tok)
    check_eq(lv.stop(), 0, "exit status (token)")
    check(secret not in open(lv.log.path).read(), "the token is in the log")
    srv.stop()
    # An NKey: the server knows the public key, levind signs its challenge
    # with the seed (the example pair of the NATS documentation).
    nk_public = "UDXU4RCSJNZOIQHZNWXHXORDPRTGNJAHAHFRGZNEEJCPQTT2M7NLCNF4"
    nk_seed = "SUACSSL3UAHUDXKFSNVUZRF5UHPMWZ6BFDTJ7M6USDXIEDNPPQYYYCU3VY"
    nkdir = scratch("nkey")
    conf = os.path.join(nkdir, "server.conf")
    with open(conf, "w") as f:
        f.write("authorization { users = [ { nkey: %s } ] }\n" % nk_public)
    seed = os.path.join(nkdir, "user.nk")
    with open(seed, "w") as f:
        f.write(nk_seed + "\n")
    srv = Server(["-c", conf])
    lv = Levind(srv.url, os.path.join(FIXTURES, "basic"), "--no-watch", "--nkey", nk_public, "--nkey-seed", seed)
    check_eq(lv.stop(), 0, "exit status (nkey)")
    check(nk_seed not in open(lv.log.path).read(), "the NKey seed is in the log")
    lv = Levind(srv.url, os.path.join(FIXTURES, "basic"), "--no-watch", wait_ready=False)
    check_eq(lv.proc.wait(30), 1, "exit status without the NKey")
    check(lv.log.find("cannot connect to NATS"), "no log line for the refused connection")
    # Several servers, none reachable: one "servers" list in the log line.
    urls = ["nats://127.0.0.1:%d" % free_port() for _ in range(2)]
    lv = Levind(",".join(urls), os.path.join(FIXTURES, "basic"), "--no-watch", wait_ready=False)
    check_eq(lv.proc.wait(30), 1, "exit status with no server reachable")
    check_eq(lv.log.find("cannot connect to NATS")[0]["servers"], urls, "the servers tried")
    lv = Levind(srv.url, os.path.join(FIXTURES, "basic"), "--no-watch", "--nkey", nk_public,
                "--nkey-seed", seed + ".missing", wait_ready=False)
    check_eq(lv.proc.wait(30), 1, "exit status with a missing seed file")
    detail = lv.log.find("cannot connect to NATS")[0]["detail"]
    check(detail.endswith("nkey-seed %s.missing: cannot open the file" % seed), "reason: %s" % detail)
    srv.stop()
    # Configuration: a file, flags over it, secrets hidden.
    cfgdir = scratch("config")
    cfg = os.path.join(cfgdir, "levind.json")
    with open(cfg, "w") as f:
        json.dump({"nats": ["nats://a:1", "nats://u:pw@b:2"], "rules": "/r", "queue": "q1", "token": "t0k",
                   "max-payload": 4096, "watch": False, "log-level": "warn"}, f)
    r = subprocess.run([ARGS.levind, "--config", cfg, "--queue", "q2", "--check-config"], capture_output=True, text=True)
    check_eq(r.returncode, 0, "--check-config (%s)" % r.stderr)
    c = json.loads(r.stdout)
    check_eq((c["nats"], c["rules"], c["queue"], c["token"], c["max-payload"], c["watch"], c["log-level"]),
             (["nats://a:1", "nats://***@b:2"], "/r", "q2", "***", 4096, False, "warn"), "effective settings")
    check("t0k" not in r.stdout and "pw" not in r.stdout, "a secret printed")
    bad = [
        ([], "levind: --rules DIR is required"),
        (["--rules", "/r", "--bogus"], "levind: unknown option '--bogus'"),
        (["--rules"], "levind: option '--rules' needs a value"),
        (["--rules", "/r", "--max-json-depth", "0"], "levind: --max-json-depth takes a whole number from 1 to 512, not '0'"),
        (["--rules", "/r", "--queue", "a.b"], "levind: queue group 'a.b' must be one token (no '.', '*', '>' or spaces)"),
        (["--rules", "/r", "--log-level", "loud"], "levind: --log-level takes debug, info, warn or error, not 'loud'"),
        (["--rules", "/r", "--creds", "a.creds", "--nkey-seed", "u.nk"], "levind: use either creds or nkey-seed, not both"),
        # An empty server list is not the default server.
        (["--rules", "/r", "--nats", ""], "levind: --nats takes a URL or a comma-separated list of URLs, not '' (an empty URL)"),
        (["--rules", "/r", "--nats", "nats://a:1,,nats://b:2"],
         "levind: --nats takes a URL or a comma-separated list of URLs, not 'nats://a:1,,nats://b:2' (an empty URL)"),
        # A metrics address that cannot be listened on is a usage error, not a failure at start.
        (["--rules", "/r", "--metrics", "127.0.0.1:99999"],
         "levind: --metrics: '127.0.0.1:99999' is not HOST:PORT (an IP address or localhost, and a port from 0 to 65535)"),
        (["--rules", "/r", "--metrics", "127.0.0.1:+80"],
         "levind: --metrics: '127.0.0.1:+80' is not HOST:PORT (an IP address or localhost, and a port from 0 to 65535)"),
        (["--rules", "/r", "--metrics", "metrics.example:9090"], "levind: --metrics: 'metrics.example' is not an IP address"),
    ]
    for argv, msg in bad:
        r = subprocess.run([ARGS.levind] + argv, capture_output=True, text=True)
        check_eq((r.returncode, r.stderr.splitlines()[0]), (2, msg), "usage error for %r" % argv)
    with open(cfg, "w") as f:
        f.write('{"rules": "/r", "colour": "blue"}')
    r = subprocess.run([ARGS.levind, "--config", cfg], capture_output=True, text=True)
    check_eq((r.returncode, r.stderr.splitlines()[0]), (2, 'levind: config file %s: unknown key "colour"' % cfg),
             "unknown config key")
    with open(cfg, "w") as f:
        f.write('{"rules": "/r",}')
    r = subprocess.run([ARGS.levind, "--config", cfg], capture_output=True, text=True)
    check_eq(r.returncode, 2, "invalid config JSON")
    check(r.stderr.startswith("levind: config file %s: invalid JSON" % cfg), "invalid JSON message: %r" % r.stderr)
    bad_files = [
        ({"rules": "/r", "nats": []}, '"nats" is an empty list (leave the key out for the default)'),
        ({"rules": "/r", "nats": ["nats://a:1", " "]}, '"nats": item 2 is an empty URL'),
        ({"rules": "/r", "nats": ""}, '"nats" takes a URL or a list of URLs, not an empty string'),
        ({"rules": "/r", "metrics": "127.0.0.1:99999"},
         '"metrics": \'127.0.0.1:99999\' is not HOST:PORT (an IP address or localhost, and a port from 0 to 65535)'),
        ({"rules": "/r", "user": "u", "password": "***"},
         '"password" is "***", which --check-config prints in place of a secret; '
         'give the password itself, password-file or LEVIND_NATS_PASSWORD'),
    ]
    for doc, msg in bad_files:
        with open(cfg, "w") as f:
            json.dump(doc, f)
        r = subprocess.run([ARGS.levind, "--config", cfg, "--check-config"], capture_output=True, text=True)
        check_eq((r.returncode, r.stderr.splitlines()[0] if r.stderr else ""), (2, "levind: config file %s: %s" % (cfg, msg)),
                 "config error for %r" % doc)
    # --check-config's output reads back as the same settings: null is "not
    # set", for every key.
    with open(cfg, "w") as f:
        json.dump({"rules": "/r", "name": "e2e-round-trip"}, f)
    r = subprocess.run([ARGS.levind, "--config", cfg, "--check-config"], capture_output=True, text=True)
    check_eq(r.returncode, 0, "--check-config (%s)" % r.stderr)
    first = json.loads(r.stdout)
    check(any(v is None for v in first.values()), "no unset key printed as null: %r" % first)
    with open(cfg, "w") as f:
        f.write(r.stdout)
    r2 = subprocess.run([ARGS.levind, "--config", cfg, "--check-config"], capture_output=True, text=True)
    check_eq((r2.returncode, r2.stderr), (0, ""), "--check-config output fed back")
    check_eq(r2.stdout, r.stdout, "the settings read back")
    with open(cfg, "w") as f:
        json.dump({k: None for k in first}, f)
    r = subprocess.run([ARGS.levind, "--config", cfg, "--rules", "/r", "--name", "n", "--check-config"],
                       capture_output=True, text=True)
    check_eq(r.returncode, 0, "every key null (%s)" % r.stderr)
    check_eq(json.loads(r.stdout)["nats"], ["nats://127.0.0.1:4222"], "null nats is the default")
    # A password given as "***" is fine when its file supplies it.
    pwf = os.path.join(cfgdir, "pw")
    with open(pwf, "w") as f:
        f.write("pw\n")
    with open(cfg, "w") as f:
        json.dump({"rules": "/r", "user": "u", "password": "***", "password-file": pwf}, f)
    r = subprocess.run([ARGS.levind, "--config", cfg, "--check-config"], capture_output=True, text=True)
    check_eq((r.returncode, json.loads(r.stdout)["password"]), (0, "***"), "placeholder with password-file")
    # Rules that do not compile at start: exit 1, the diagnostics logged.
    broken = scratch("broken")
    with open(os.path.join(broken, "b.rule"), "w") as f:
        f.write('schema E { x: int }\nstream s: E from "a.b"\nrule r { on s as e when e.y > 1 then log info "x" }\n')
    srv = Server()
    lv = Levind(srv.url, broken, wait_ready=False)
    check_eq(lv.proc.wait(60), 1, "exit status with broken rules")
    d = lv.log.find("rule error")[0]["diagnostic"]
    check_eq((d["line"], d["column"], d["code"]), (3, 27, "E0403"), "diagnostic")
    check_eq(len(lv.log.find("cannot load the rules")), 1, "the reason")
    srv.stop()


def scenario_tls():
    """TLS with a CA, and client certificates (mutual TLS): connects; a
    client without a certificate is refused (exit 1, with the reason)."""
    openssl = shutil.which("openssl")
    if not openssl:
        print("     tls: skipped (no openssl to make certificates)")
        return
    d = scratch("tls")

    def ssl(*a):
        r = subprocess.run([openssl] + list(a), cwd=d, capture_output=True, text=True)
        check_eq(r.returncode, 0, "openssl %s: %s" % (a[0], r.stderr[-500:]))

    ssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "1",
        "-subj", "/CN=levin-e2e-ca")
    with open(os.path.join(d, "ext.cnf"), "w") as f:
        f.write("subjectAltName=IP:127.0.0.1,DNS:localhost\n")
    for who in ("server", "client"):
        ssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", who + ".key", "-out", who + ".csr",
            "-subj", "/CN=" + who)
        ssl("x509", "-req", "-in", who + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", who + ".pem", "-days", "1", "-extfile", "ext.cnf")
    p = lambda n: os.path.join(d, n)
    srv = Server(["--tlsverify", "--tlscert", p("server.pem"), "--tlskey", p("server.key"), "--tlscacert", p("ca.pem")])
    url = "tls://127.0.0.1:%d" % srv.port
    lv = Levind(url, os.path.join(FIXTURES, "basic"), "--no-watch", "--tls-ca", p("ca.pem"),
                "--tls-cert", p("client.pem"), "--tls-key", p("client.key"))
    env = dict(os.environ, NATSIO_TLS_CA=p("ca.pem"), NATSIO_TLS_CERT=p("client.pem"), NATSIO_TLS_KEY=p("client.key"))
    out = open(os.path.join(d, "sub.out"), "w")
    err = open(os.path.join(d, "sub.err"), "w")
    sp = start([ARGS.natsio, "sub", url, "e2e.out.>", "--count", "1", "--timeout", "20"], stdout=out, stderr=err,
               env=env)
    wait_until(lambda: "ready" in open(os.path.join(d, "sub.err")).read(), 10, "natsio sub over TLS")
    ev = os.path.join(d, "ev.jsonl")
    with open(ev, "w") as f:
        f.write(json.dumps(reading(1)) + "\n")
    pub = subprocess.run([ARGS.natsio, "pub", url, ev], env=env, capture_output=True, text=True, timeout=30)
    check_eq(pub.returncode, 0, "publish over TLS (%s)" % pub.stderr)
    check_eq(sp.wait(30), 0, "an action over TLS")
    check_eq(json.loads(open(os.path.join(d, "sub.out")).read())["data"]["id"], 1, "the action")
    check_eq(lv.stop(), 0, "exit status")
    # Without a client certificate the server refuses levind.
    lv = Levind(url, os.path.join(FIXTURES, "basic"), "--no-watch", "--tls-ca", p("ca.pem"), wait_ready=False)
    check_eq(lv.proc.wait(30), 1, "exit status without a client certificate")
    check(lv.log.find("cannot connect to NATS"), "the failure is logged")
    srv.stop()


def scenario_reload_dir_replaced():
    """The rules directory replaced (rm -rf, mkdir, new files, as a deploy
    does) is watched anew and reloads; an imported file that is not a .rule
    is watched; a directory that is gone keeps the running rules, and is
    found again when it comes back."""
    base = scratch("rules-replaced")
    rules = os.path.join(base, "rules")

    def deploy(limit):
        os.mkdir(rules)
        write(os.path.join(rules, "a.rule"), """import "common.inc"
schema E { n: int }
stream e: E from "rd.in"
rule r { on e as x then publish "rd.out" {"n": x.n, "limit": limit} }
""")
        write(os.path.join(rules, "common.inc"), "let limit = %d\n" % limit)

    deploy(1)
    srv = Server()
    lv = Levind(srv.url, rules, "--reload-debounce", "50")
    sub = Sub(srv.url, "rd.out")
    n = [0]

    def fire(want_limit, what):
        n[0] += 1
        publish(srv.url, [{"subject": "rd.in", "data": {"n": n[0]}}])
        got = sub.wait_count(n[0])[-1]["data"]
        check_eq(got, {"n": n[0], "limit": want_limit}, what)

    fire(1, "the first set")
    shutil.rmtree(rules)
    deploy(2)
    line = lv.log.wait("the rules directory was replaced: watching the new one", 30, proc=lv.proc)
    check_eq((line["level"], line["rules"], line["directories"]), ("info", rules, 1), "replaced line")
    lv.log.wait("reloaded", 30, generation=2)
    fire(2, "the new directory's rules")
    # Later edits still reload, the imported common.inc among them.
    write(os.path.join(rules, "common.inc"), "let limit = 3\n")
    lv.log.wait("reloaded", 30, generation=3)
    fire(3, "an edit of the imported file")
    # Gone: a warning, the running rules stay.
    shutil.rmtree(rules)
    line = lv.log.wait("the rules directory is gone: the running rules stay; looking for it every second", 30,
                       proc=lv.proc)
    check_eq((line["level"], line["rules"], line["error"]), ("warn", rules, "No such file or directory"), "gone line")
    fire(3, "the running rules while the directory is gone")
    check_eq(lv.generation(), 3, "no reload while the directory is gone")
    # Back: watched again and reloaded.
    deploy(4)
    lv.log.wait("the rules directory is back: watching it again", 30, proc=lv.proc)
    lv.log.wait("reloaded", 30, generation=4)
    fire(4, "the rules of the directory made again")
    write(os.path.join(rules, "a.rule"), open(os.path.join(rules, "a.rule")).read().replace('"limit": limit', '"limit": limit + 10'))
    lv.log.wait("reloaded", 30, generation=5)
    fire(14, "an edit after it came back")
    check_eq(len(lv.log.find("the rules directory is gone: the running rules stay; looking for it every second")), 1,
             "one warning")
    check_eq(lv.stop(), 0, "exit status")
    sub.stop()
    srv.stop()


def scenario_msg_ids():
    """Action and dead-letter Nats-Msg-Ids for incoming ids too long or not
    clean for a header: a prefix and the SHA-256 of the whole id, so two
    long ids that differ only at the end give two action ids; and a dead
    letter NATS refuses is logged with its own subject."""
    srv = Server()
    d = scratch("rules-msgid")
    write(os.path.join(d, "m.rule"), """schema E { n: int }
stream e: E from "mi.in"
rule r { on e as x then publish "mi.out" {"n": x.n} }
""")
    lv = Levind(srv.url, d, "--no-watch")
    sub = Sub(srv.url, "mi.out", "levin.dlq.>")
    long_a = "order-" + "x" * 293 + "A"
    long_b = "order-" + "x" * 293 + "B"
    tab = "ord\ter"
    publish(srv.url, [{"subject": "mi.in", "data": {"n": 1}, "id": long_a},
                      {"subject": "mi.in", "data": {"n": 2}, "id": long_b},
                      {"subject": "mi.in", "data": {"n": 3}, "id": tab},
                      {"subject": "mi.in", "data": {"n": "bad"}, "id": long_a},
                      {"subject": "mi.in", "data": {"n": 5}, "id": "x" * 200}])
    got = sub.wait_count(5)

    def hashed(raw, keep):
        return keep + "~" + hashlib.sha256(raw.encode()).hexdigest()[:32]

    ids = {json.dumps(m["data"]): m["headers"]["Nats-Msg-Id"] for m in got}
    check_eq(ids['{"n": 1}'], hashed(long_a, long_a[:160]) + ":r:0", "a long id")
    check_eq(ids['{"n": 2}'], hashed(long_b, long_b[:160]) + ":r:0", "the other long id")
    check(ids['{"n": 1}'] != ids['{"n": 2}'], "the two long ids differ")
    check_eq(ids['{"n": 3}'], hashed(tab, "ord?er") + ":r:0", "an id with a control character")
    check_eq(ids['{"n": 5}'], "x" * 200 + ":r:0", "200 bytes: as it is")
    dead = [m for m in got if m["subject"].startswith("levin.dlq.")]
    check_eq(dead[0]["headers"]["Nats-Msg-Id"], hashed(long_a, long_a[:160]) + ":dlq:e", "the dead letter's id")
    # A dead letter over the server's max_payload: refused, logged with the
    # dead-letter subject and the event's subject.
    payload = '{"n":"' + "x" * (1048576 - 200) + '"}'
    publish(srv.url, [{"subject": "mi.in", "raw": payload}])
    line = lv.log.wait("dead letter not published: NATS refused it", 30, proc=lv.proc)
    check_eq((line["subject"], line["source_subject"], line["error"]),
             ("levin.dlq.e", "mi.in", "Maximum Payload Exceeded"), "refused dead letter line")
    check_eq(lv.metric("levind_publish_errors_total"), 1.0, "publish errors")
    check_eq(lv.stop(), 0, "exit status")
    sub.stop()
    srv.stop()


def scenario_outbound_backpressure():
    """Rules publishing faster than the server takes their messages (here a
    stopped server): past --max-outbound-bytes levind waits for NATS instead
    of buffering without bound, counts it, and every action still arrives
    once the server goes on."""
    srv = Server()
    d = scratch("rules-backpressure")
    copies = ", ".join('"%s": e.blob' % chr(ord("a") + k) for k in range(15))  # ~900 KB per action
    write(os.path.join(d, "bp.rule"), """schema Big { id: int, blob: string, items: list<int> }
stream big: Big from "bp.in"
rule heavy {
  on big as e
  // ~2 million comparisons: the delivery thread is still busy when the server stops
  when e.items.all(x, e.items.exists(y, y == x))
  then publish "bp.out" {"id": e.id, %s}
}
""" % copies)
    lv = Levind(srv.url, d, "--no-watch", "--max-outbound-bytes", "65536")
    sub = Sub(srv.url, "bp.out")
    n = 60
    blob, items = "x" * 60000, list(range(2000))
    publish(srv.url, [{"subject": "bp.in", "data": {"id": i, "blob": blob, "items": items}} for i in range(n)])
    srv.proc.send_signal(signal.SIGSTOP)
    try:
        wait_until(lambda: lv.metric("levind_outbound_waits_total") >= 1, 30, "levind waiting for the stopped server")
        # Once the socket buffers are full, the delivery thread is held: no
        # more events are evaluated while the server stays stopped.
        time.sleep(0.5)
        held = lv.metric("levind_rule_evaluations_total", rule="heavy")
        time.sleep(1.0)
        check_eq(lv.metric("levind_rule_evaluations_total", rule="heavy"), held, "events evaluated while held")
        check(held < n, "held before the last event (%d of %d)" % (held, n))
    finally:
        srv.proc.send_signal(signal.SIGCONT)
    got = sub.wait_count(n, 120)
    check_eq(sorted(m["data"]["id"] for m in got), list(range(n)), "every action, once")
    check_eq(lv.metric("levind_actions_published_total"), float(n), "actions published")
    gave_up = "NATS is not taking publishes: going on past max-outbound-bytes"
    check_eq(lv.log.find(gave_up), [], "no wait ran out (the server was back within 5 s)")
    # A server that stays stopped: after 5 s a wait gives up, says so, and
    # levind goes on; nothing is lost once the server is back.
    publish(srv.url, [{"subject": "bp.in", "data": {"id": i, "blob": blob, "items": items}} for i in range(n, 2 * n)])
    srv.proc.send_signal(signal.SIGSTOP)
    try:
        line = lv.log.wait(gave_up, 30, proc=lv.proc)
        check(line["buffered_bytes"] > 65536, "buffered past the limit (%d bytes)" % line["buffered_bytes"])
    finally:
        srv.proc.send_signal(signal.SIGCONT)
    got = sub.wait_count(2 * n, 120)
    check_eq(sorted(m["data"]["id"] for m in got), list(range(2 * n)), "every action of both rounds, once")
    check_eq(lv.stop(), 0, "exit status")
    sub.stop()
    srv.stop()


SCENARIOS = [
    ("fixture_exact", scenario_fixture_exact),
    ("examples", scenario_examples),
    ("dead_letters", scenario_dead_letters),
    ("runtime_errors", scenario_runtime_errors),
    ("queue_group", scenario_queue_group),
    ("reload", scenario_reload),
    ("reload_unmatched", scenario_reload_unmatched),
    ("reload_dir_replaced", scenario_reload_dir_replaced),
    ("reloads_under_load", scenario_reloads_under_load),
    ("server_restart", scenario_server_restart),
    ("sigterm", scenario_sigterm),
    ("slow_consumer", scenario_slow_consumer),
    ("msg_ids", scenario_msg_ids),
    ("outbound_backpressure", scenario_outbound_backpressure),
    ("reload_moves_subscription", scenario_reload_moves_subscription),
    ("signals_before_ready", scenario_signals_before_ready),
    ("stop_during_reload", scenario_stop_during_reload),
    ("auth_and_config", scenario_auth_and_config),
    ("tls", scenario_tls),
]


def main():
    global ARGS, SCRATCH
    ap = argparse.ArgumentParser()
    ap.add_argument("--levind", required=True)
    ap.add_argument("--natsio", required=True)
    ap.add_argument("--levin")
    ap.add_argument("--nats-server", default=shutil.which("nats-server") or "/usr/sbin/nats-server")
    ap.add_argument("--keep", action="store_true", help="keep the scratch directory")
    ap.add_argument("scenarios", nargs="*")
    ARGS = ap.parse_args()
    if not ARGS.levin:
        guess = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(ARGS.levind))), "compiler", "levin")
        ARGS.levin = guess if os.path.exists(guess) else None
    for k in ("levind", "natsio", "nats_server"):
        if not os.access(getattr(ARGS, k), os.X_OK):
            print("e2e: %s is not executable" % getattr(ARGS, k))
            return 2
    SCRATCH = tempfile.mkdtemp(prefix="levin-e2e.")
    names = ARGS.scenarios or [n for n, _ in SCENARIOS]
    unknown = [n for n in names if n not in dict(SCENARIOS)]
    if unknown:
        print("e2e: unknown scenarios %s; there are %s" % (unknown, [n for n, _ in SCENARIOS]))
        return 2
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(1))
    failed = []
    try:
        for name in names:
            t0 = time.time()
            try:
                dict(SCENARIOS)[name]()
                print("ok   %-20s %5.1fs" % (name, time.time() - t0), flush=True)
            except Exception as e:
                failed.append(name)
                print("FAIL %-20s %5.1fs\n%s" % (name, time.time() - t0, "".join(
                    traceback.format_exception_only(type(e), e)) if isinstance(e, Failure) else traceback.format_exc()),
                    flush=True)
            finally:
                cleanup()
    finally:
        cleanup()
        if not ARGS.keep and not failed:
            shutil.rmtree(SCRATCH, ignore_errors=True)
        elif failed:
            print("e2e: logs kept in %s" % SCRATCH)
    print("e2e: %d of %d scenarios passed" % (len(names) - len(failed), len(names)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
