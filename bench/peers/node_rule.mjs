// node_rule.mjs - the reference rule in Node.js engines, on the benchmark's events.
//
//   node node_rule.mjs ENGINE FILE
//
// ENGINE: closure | bufbuild-cel | marcbachmann-cel-js | json-rules-engine
//
// Prints two JSON lines, one per mode, in the format of every bench program:
//   decode+match  timed from reading FILE to the last event: read, split
//                 lines, JSON.parse, evaluate (what `levin run` does)
//   match         evaluate only, on objects parsed beforehand (what
//                 levin_match does), after a warm-up on the first 20,000
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const [engine, file] = process.argv.slice(2);
if (!engine || !file) {
  console.error('usage: node node_rule.mjs ENGINE FILE');
  process.exit(2);
}

const CEL = 'temp > 80.0 && site in ["plant-a", "plant-b"] && status != "maintenance"';

// Each engine gives a predicate, synchronous or (json-rules-engine) async.
async function predicate(name) {
  switch (name) {
    case 'closure': {
      // What a rule-to-JavaScript compiler would emit for the rule.
      const body = 'return e.temp > 80.0 && (e.site === "plant-a" || e.site === "plant-b") && e.status !== "maintenance";';
      return { sync: new Function('e', body) };
    }
    case 'bufbuild-cel': {
      const { plan, parse, celEnv } = await import('@bufbuild/cel');
      const program = plan(celEnv(), parse(CEL));
      return { sync: (e) => program(e) === true };
    }
    case 'marcbachmann-cel-js': {
      const { parse } = await import('@marcbachmann/cel-js');
      const program = parse(CEL);
      return { sync: (e) => program(e) === true };
    }
    case 'json-rules-engine': {
      const { Engine } = require('json-rules-engine');
      const eng = new Engine([], { allowUndefinedFacts: true });
      eng.addRule({
        conditions: {
          all: [
            { fact: 'temp', operator: 'greaterThan', value: 80.0 },
            { fact: 'site', operator: 'in', value: ['plant-a', 'plant-b'] },
            { fact: 'status', operator: 'notEqual', value: 'maintenance' },
          ],
        },
        event: { type: 'hot' },
      });
      return { async: async (e) => (await eng.run(e)).events.length > 0 };
    }
    default:
      console.error(`node_rule.mjs: unknown engine '${name}'`);
      process.exit(2);
  }
}

const { sync, async: asyncFn } = await predicate(engine);
const now = () => process.hrtime.bigint();
const name = `node-${engine}`;

function report(mode, events, matched, ns) {
  console.log(JSON.stringify({ name, mode, events, matched, ns_per_event: +(ns / events).toFixed(2) }));
}

// Calls visit(line) for every non-empty line of the text.
function eachLine(text, visit) {
  let pos = 0;
  while (pos < text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    if (nl > pos) visit(text.slice(pos, nl));
    pos = nl + 1;
  }
}

// --- decode+match --------------------------------------------------------
{
  let events = 0, matched = 0;
  const t0 = now();
  const text = fs.readFileSync(file, 'utf8');
  if (sync) {
    eachLine(text, (line) => { events++; if (sync(JSON.parse(line))) matched++; });
  } else {
    const lines = [];
    eachLine(text, (line) => lines.push(line));
    for (const line of lines) { events++; if (await asyncFn(JSON.parse(line))) matched++; }
  }
  report('decode+match', events, matched, Number(now() - t0));
}

// --- match ---------------------------------------------------------------
{
  const objs = [];
  eachLine(fs.readFileSync(file, 'utf8'), (line) => objs.push(JSON.parse(line)));
  const warm = Math.min(20000, objs.length);
  for (let i = 0; i < warm; i++) { if (sync) sync(objs[i]); else await asyncFn(objs[i]); }
  let matched = 0;
  const t0 = now();
  if (sync) {
    for (let i = 0; i < objs.length; i++) if (sync(objs[i])) matched++;
  } else {
    for (let i = 0; i < objs.length; i++) if (await asyncFn(objs[i])) matched++;
  }
  report('match', objs.length, matched, Number(now() - t0));
}
