// Drives `levin eval --batch - --io json` (protocol: notes/eval_batch.md):
// one process answers a whole list of requests, one JSON line each, in order.
//
// A crash or hang must cost one case, not the whole suite: when the process
// dies (or stays silent past the timeout) before answering everything, the
// first unanswered request is charged with the failure and a fresh process is
// started for the rest.

import { spawn } from "node:child_process";

/** Thrown when Levin cannot be used at all (missing binary, usage error). */
export class LevinUnusable extends Error {}

const STDERR_KEEP = 4000;

// Levin runs in its own process group (so that a hang can be ended with
// everything it started); end those groups too if the harness is stopped.
const live = new Set();
function killGroup(child) {
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    child.kill("SIGKILL");
  }
}
process.on("exit", () => { for (const c of live) killGroup(c); });
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    for (const c of live) killGroup(c);
    process.exit(130);
  });
}

function tail(s) {
  s = s.trim();
  return s.length > STDERR_KEEP ? "..." + s.slice(-STDERR_KEEP) : s;
}

// Runs one process over `reqs`; resolves with the answers it gave (in order)
// and how it ended.
function runOnce(levin, reqs, timeoutMs) {
  return new Promise((resolve) => {
    const answers = [];
    let stderr = "";
    let buf = "";
    let timedOut = false;
    let spawnError = null;
    const child = spawn(levin, ["eval", "--batch", "-", "--io", "json"], {
      stdio: ["pipe", "pipe", "pipe"],
      // Own process group, so a hang is ended with every process Levin started.
      detached: true,
    });
    live.add(child);
    let timer = null;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        killGroup(child);
      }, timeoutMs);
    };
    arm();
    child.on("error", (e) => { spawnError = e; });
    child.stdin.on("error", () => { /* EPIPE when it dies early: reported via exit */ });
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (d) => {
      stderr += d;
      if (stderr.length > 4 * STDERR_KEEP) stderr = stderr.slice(-2 * STDERR_KEEP);
    });
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (d) => {
      buf += d;
      let nl;
      while ((nl = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        if (line === "") continue;
        answers.push(line);
        arm();
      }
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      live.delete(child);
      if (buf.trim() !== "") answers.push(buf.trim());
      resolve({ answers, code, signal, stderr, timedOut, spawnError });
    });
    for (const r of reqs) child.stdin.write(JSON.stringify(r) + "\n");
    child.stdin.end();
  });
}

function parseAnswer(line, req) {
  let ans;
  try {
    ans = JSON.parse(line);
  } catch {
    return { harness_error: `output line is not JSON: ${line.slice(0, 300)}` };
  }
  if (ans === null || typeof ans !== "object" || Array.isArray(ans)) {
    return { harness_error: `output line is not a JSON object: ${line.slice(0, 300)}` };
  }
  if (req.id !== undefined && ans.id !== req.id) {
    return { harness_error: `answer id ${JSON.stringify(ans.id)} does not match request id ${JSON.stringify(req.id)} (output out of step)` };
  }
  const outcomes = ["value", "error", "compile_error", "bad_input"].filter((k) => k in ans);
  if (outcomes.length !== 1) {
    return { harness_error: `answer has ${outcomes.length === 0 ? "no" : "more than one"} outcome field: ${line.slice(0, 300)}` };
  }
  return ans;
}

/**
 * Evaluates every request with Levin.  Returns { answers, warnings }:
 * answers[i] is Levin's parsed answer to reqs[i], or { harness_error } when
 * there is none (crash, hang, garbage).  Throws LevinUnusable if Levin
 * cannot run at all.
 */
export async function evalBatch(levin, reqs, { timeoutMs = 60000 } = {}) {
  const answers = new Array(reqs.length);
  const warnings = [];
  let start = 0;
  let everAnswered = false;
  let silentDeaths = 0;
  while (start < reqs.length) {
    const part = reqs.slice(start);
    const r = await runOnce(levin, part, timeoutMs);
    if (r.spawnError) throw new LevinUnusable(`cannot run ${levin}: ${r.spawnError.message}`);
    const got = Math.min(r.answers.length, part.length);
    for (let i = 0; i < got; i++) answers[start + i] = parseAnswer(r.answers[i], part[i]);
    if (r.answers.length > part.length) {
      warnings.push(`levin printed ${r.answers.length - part.length} more output line(s) than it was given requests`);
    }
    if (got === part.length) {
      if (r.code !== 0) warnings.push(`levin exited with ${r.signal ?? `status ${r.code}`} after answering everything${r.stderr ? `; stderr: ${tail(r.stderr)}` : ""}`);
      break;
    }
    if (got > 0) everAnswered = true;
    if (!everAnswered && r.code === 2 && !r.timedOut) {
      throw new LevinUnusable(`\`${levin} eval --batch - --io json\` exited with status 2 (usage error)${r.stderr ? `:\n${tail(r.stderr)}` : ""}`);
    }
    silentDeaths = got === 0 && !r.timedOut ? silentDeaths + 1 : 0;
    if (!everAnswered && silentDeaths >= 5) {
      throw new LevinUnusable(`\`${levin} eval --batch - --io json\` died ${silentDeaths} times in a row without answering anything ` +
        `(${r.signal ? `signal ${r.signal}` : `status ${r.code}`})${r.stderr ? `:\n${tail(r.stderr)}` : ""}`);
    }
    const how = r.timedOut
      ? `no answer within ${timeoutMs / 1000}s (hang?); killed`
      : `levin ended (${r.signal ? `signal ${r.signal}` : `status ${r.code}`}) before answering`;
    answers[start + got] = { harness_error: `${how}${r.stderr ? `; stderr: ${tail(r.stderr)}` : ""}` };
    start += got + 1;
  }
  return { answers, warnings };
}
