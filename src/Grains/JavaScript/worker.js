// JobRuntime's Node.js language worker. The silo starts it under Node's permission model and
// speaks newline-delimited JSON over stdio (see NodeProtocol.cs for the message shapes):
//   silo -> worker: a header line, and for "run" a second line with the tasks [{"i","d"}, ...]
//   worker -> silo: {"ready"} once; then one line per task, in order, written as each ends.
// A job's program runs in its own vm context that holds only the language's globals and a
// captured console. No object of this realm is ever handed to program code: task inputs are
// parsed by the context's own JSON.parse, the console lives in the context, and promises are
// awaited by context code, so a Function-constructor walk from anything the program can reach
// stays inside the context.
'use strict';

const vm = require('node:vm');

const SELF = __filename;
// Results nested deeper than this are refused (JSON readers downstream have depth limits).
const MAX_DEPTH = 512;
const jobs = new Map();

// Runs in each job's context before the program: the console, a JSON.parse taken before the
// program can replace it, and an awaiter whose resolving functions belong to the context.
const KIT = `'use strict';
(() => {
  const parse = JSON.parse;
  const stringify = JSON.stringify;
  const toStr = String;
  let lines = null;
  let used = 0;
  let limit = 0;
  let full = false;
  const MARK = ' [console output truncated]';
  const utf8 = (s) => {
    let n = 0;
    for (let k = 0; k < s.length; k++) {
      const c = s.charCodeAt(k);
      if (c < 0x80) n += 1;
      else if (c < 0x800) n += 2;
      else if (c >= 0xd800 && c <= 0xdbff && k + 1 < s.length) { n += 4; k++; }
      else n += 3;
    }
    return n;
  };
  const cut = (s, budget) => {
    let n = 0;
    let k = 0;
    for (; k < s.length; k++) {
      const c = s.charCodeAt(k);
      const w = c < 0x80 ? 1 : c < 0x800 ? 2 : (c >= 0xd800 && c <= 0xdbff) ? 4 : 3;
      if (n + w > budget) break;
      n += w;
      if (w === 4) k++;
    }
    return s.slice(0, k);
  };
  const show = (v) => {
    try {
      if (typeof v === 'string') return v;
      if (v === undefined) return 'undefined';
      if (typeof v === 'bigint') return toStr(v) + 'n';
      if (typeof v === 'function') return '[Function ' + (v.name || 'anonymous') + ']';
      if (typeof v !== 'object' || v === null) return toStr(v);
      if (typeof v.stack === 'string' && typeof v.message === 'string') return v.stack;
      const json = stringify(v);
      return json === undefined ? toStr(v) : json;
    } catch {
      try { return toStr(v); } catch { return '[unprintable]'; }
    }
  };
  const write = (prefix, args) => {
    if (full) return;
    let s = prefix;
    for (let k = 0; k < args.length; k++) s += (k === 0 ? '' : ' ') + show(args[k]);
    // Room for the marker is kept back, so that the lines and the marker stay within the limit.
    const n = utf8(s);
    if (used + n > limit - MARK.length) {
      s = cut(cut(s, Math.max(0, limit - MARK.length - used)) + MARK, limit - used);
      full = true;
    }
    if (lines === null) lines = [];
    lines[lines.length] = s;
    used += n;
  };
  const console = {
    log: (...a) => write('', a),
    info: (...a) => write('', a),
    debug: (...a) => write('', a),
    warn: (...a) => write('[warn] ', a),
    error: (...a) => write('[error] ', a),
  };
  Object.defineProperty(globalThis, 'console', { value: console, writable: true, configurable: true, enumerable: false });
  return {
    parse: (text) => parse(text),
    limit: (n) => { limit = n; },
    take: () => { const l = lines; lines = null; used = 0; full = false; return l; },
    settle: (value, done) => {
      (async () => {
        let ok = true;
        let r;
        try { r = await value; } catch (e) { ok = false; r = e; }
        done(ok, r);
      })();
    },
  };
})()`;

const fileName = (jobId) => 'job-' + String(jobId).replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 100) + '.js';

// "SyntaxError: Unexpected token '}' at line 3, column 5", from the stack Node decorates with
// "file:line", the source line and a caret line; or from the first frame in the program's file.
function describeLoadError(e, file) {
  const name = safe(() => String(e.name), 'Error');
  const message = safe(() => String(e.message), safe(() => String(e), 'error'));
  const stack = safe(() => String(e.stack), '');
  const lines = stack.split('\n');
  if (lines.length > 2 && lines[0].startsWith(file + ':')) {
    const line = lines[0].slice(file.length + 1);
    const caret = lines[2].indexOf('^');
    if (caret >= 0) return `${name}: ${message} at line ${line}, column ${caret + 1}`;
  }
  const frame = stack.match(new RegExp(escapeRegExp(file) + ':(\\d+):(\\d+)'));
  if (frame) return `${name}: ${message} at line ${frame[1]}, column ${frame[2]}`;
  return `${name}: ${message}`;
}

function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function safe(f, fallback) {
  try {
    const v = f();
    return v === undefined ? fallback : v;
  } catch {
    return fallback;
  }
}

// Compiles a program in a fresh context; returns {run, kit} or {error}.
function load(jobId, text, timeoutMs) {
  const file = fileName(jobId);
  const context = vm.createContext(Object.create(null), { name: file });
  const kit = vm.runInContext(KIT, context);
  try {
    const script = new vm.Script(text, { filename: file });
    script.runInContext(context, { timeout: Math.max(1, timeoutMs) });
    const run = vm.runInContext("typeof Run === 'function' ? Run : undefined", context);
    if (run === undefined) return { error: 'the program does not define a function Run(d)' };
    return { run, kit, file };
  } catch (e) {
    if (safe(() => e.code, '') === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
      return { error: `the program's top-level code ran longer than ${timeoutMs} ms` };
    }
    return { error: describeLoadError(e, file) };
  } finally {
    kit.take();
  }
}

// Keeps the message lines and the program's frames; drops the frames of this worker and Node.
function userStack(stack) {
  const lines = stack.split('\n');
  let end = lines.length;
  for (let k = 0; k < lines.length; k++) {
    const l = lines[k];
    if (l.startsWith('    at ') && (l.includes(SELF) || l.includes('(node:') || l.startsWith('    at node:'))) {
      end = k;
      break;
    }
  }
  return lines.slice(0, end).join('\n');
}

function isErrorLike(e) {
  return (typeof e === 'object' || typeof e === 'function') && e !== null &&
    safe(() => typeof e.message === 'string', false);
}

function programError(e) {
  if (isErrorLike(e)) {
    const name = safe(() => (typeof e.name === 'string' && e.name !== '' ? e.name : 'Error'), 'Error');
    const message = safe(() => String(e.message), '');
    const stack = userStack(safe(() => typeof e.stack === 'string' ? e.stack : '', ''));
    return { message, name, stack: stack || `${name}: ${message}`, type: 'program' };
  }
  // A thrown non-Error value: its text as the message, "Error" as the name, no frames to show.
  let message = safe(() => String(e), '');
  if (typeof e === 'object' && e !== null && message === '[object Object]') {
    message = safe(() => JSON.stringify(e), message) ?? message;
  }
  return { message, name: 'Error', stack: '', type: 'program' };
}

function serializeResult(r) {
  try {
    const json = JSON.stringify(r);
    if (json === undefined) return { json: 'null' };
    if (json.length > MAX_DEPTH && depth(json) > MAX_DEPTH) {
      return { error: { message: `result is not serializable: nested deeper than ${MAX_DEPTH} levels`, name: 'RangeError', stack: '', type: 'program' } };
    }
    return { json };
  } catch (e) {
    if (e instanceof TypeError && /circular structure/.test(e.message)) {
      return { error: { message: 'result is not serializable: cyclic', name: 'TypeError', stack: '', type: 'program' } };
    }
    if (e instanceof TypeError && /BigInt/.test(e.message)) {
      return { error: { message: 'result is not serializable: BigInt', name: 'TypeError', stack: '', type: 'program' } };
    }
    if (e instanceof RangeError && /call stack/.test(e.message)) {
      return { error: { message: 'result is not serializable: nested too deeply', name: 'RangeError', stack: '', type: 'program' } };
    }
    if (e instanceof RangeError && /string length/.test(e.message)) {
      return { error: { message: 'result is too large to serialize', name: 'RangeError', stack: '', type: 'limit' } };
    }
    return { error: programError(e) };
  }
}

// The deepest nesting of arrays and objects in JSON text (brackets inside strings do not count).
function depth(json) {
  let level = 0;
  let max = 0;
  let inString = false;
  for (let k = 0; k < json.length; k++) {
    const c = json.charCodeAt(k);
    if (inString) {
      if (c === 92) k++;
      else if (c === 34) inString = false;
    } else if (c === 34) {
      inString = true;
    } else if (c === 91 || c === 123) {
      if (++level > max) max = level;
    } else if (c === 93 || c === 125) {
      level--;
    }
  }
  return max;
}

function byteLength(s) {
  return Buffer.byteLength(s, 'utf8');
}

// Copies the context's log lines into this realm, so that serializing them runs no program code.
function copyLogs(logs) {
  if (logs === null) return null;
  const copy = [];
  for (let k = 0; k < logs.length; k++) copy.push(String(logs[k]));
  return copy;
}

// Answers are written as each task ends when flushEvery is 0 (the silo then knows exactly which
// task is in flight); otherwise they are gathered and written at least every flushEvery ms, before
// any await, when they pile up and at the end of the batch. A batch whose worker dies while
// answers were gathered is run again by the silo with flushEvery 0 from its first unanswered task.
let out = '';
let lastFlush = 0;
let flushEvery = 0;

function flush() {
  if (out.length > 0) {
    process.stdout.write(out);
    out = '';
  }
  lastFlush = performance.now();
}

function answer(i, body, started, logs) {
  const us = Math.round((performance.now() - started) * 1000);
  out += '{"i":' + i + body + ',"us":' + us + (logs === null ? '}\n' : ',"l":' + JSON.stringify(logs) + '}\n');
  if (flushEvery === 0 || out.length > 65536) flush();
}

function finish(i, ok, r, job, outputLimit, started) {
  const logs = copyLogs(job.kit.take());
  if (!ok) return answer(i, ',"e":' + JSON.stringify(programError(r)), started, logs);
  const s = serializeResult(r);
  if (s.error) return answer(i, ',"e":' + JSON.stringify(s.error), started, logs);
  if (s.json.length > outputLimit || (s.json.length * 3 > outputLimit && byteLength(s.json) > outputLimit)) {
    const error = { message: `result is ${byteLength(s.json)} bytes, over the output limit of ${outputLimit} bytes`, name: 'RangeError', stack: '', type: 'limit' };
    return answer(i, ',"e":' + JSON.stringify(error), started, logs);
  }
  return answer(i, ',"r":' + s.json, started, logs);
}

function settle(job, value) {
  return new Promise((resolve) => job.kit.settle(value, (ok, r) => resolve({ ok, r })));
}

async function runBatch(header, payload) {
  for (const evicted of header.x ?? []) jobs.delete(evicted);
  let job = jobs.get(header.j);
  if (header.p !== undefined && job === undefined) {
    job = load(header.j, header.p, header.ct ?? 30000);
    jobs.set(header.j, job);
  }
  if (job === undefined) throw new Error(`job ${header.j} has no program in this worker`);
  flushEvery = header.f ?? 0;
  lastFlush = performance.now();
  try {
    await runTasks(job, header, payload);
  } finally {
    flush();
  }
}

async function runTasks(job, header, payload) {
  if (job.error !== undefined) {
    const error = JSON.stringify({ message: job.error, name: 'Error', stack: '', type: 'program' });
    const tasks = JSON.parse(payload);
    for (const t of tasks) answer(t.i, ',"e":' + error, performance.now(), null);
    return;
  }
  const outputLimit = header.o;
  job.kit.limit(outputLimit);
  const tasks = job.kit.parse(payload);
  const n = tasks.length;
  // Called as a plain function: its receiver is undefined (the context's global), never a host object.
  const run = job.run;
  for (let k = 0; k < n; k++) {
    const t = tasks[k];
    const i = t.i;
    const t0 = performance.now();
    if (t0 - lastFlush >= flushEvery) flush();
    let ok = true;
    let r;
    try {
      r = run(t.d);
    } catch (e) {
      ok = false;
      r = e;
    }
    if (ok && r !== null && (typeof r === 'object' || typeof r === 'function')) {
      let then;
      try {
        then = r.then;
      } catch (e) {
        ok = false;
        r = e;
      }
      if (ok && typeof then === 'function') {
        flush();
        ({ ok, r } = await settle(job, r));
      }
    }
    finish(i, ok, r, job, outputLimit, t0);
  }
}

function check(header) {
  const result = load('check', header.p, header.ct ?? 5000);
  process.stdout.write(JSON.stringify(result.error === undefined ? { ok: true } : { ok: false, m: result.error }) + '\n');
}

// Input: lines, handled one at a time in order; a "run" header waits for its payload line.
const chunks = [];
const pending = [];
let busy = false;

function onData(chunk) {
  let start = 0;
  let nl = chunk.indexOf('\n');
  while (nl >= 0) {
    chunks.push(chunk.slice(start, nl));
    pending.push(chunks.join(''));
    chunks.length = 0;
    start = nl + 1;
    nl = chunk.indexOf('\n', start);
  }
  if (start < chunk.length) chunks.push(chunk.slice(start));
  if (!busy) pump();
}

async function pump() {
  busy = true;
  try {
    while (pending.length > 0) {
      const header = JSON.parse(pending[0]);
      if (header.k === 'run') {
        if (pending.length < 2) break;
        const payload = pending[1];
        pending.splice(0, 2);
        await runBatch(header, payload);
      } else if (header.k === 'check') {
        pending.shift();
        check(header);
      } else {
        throw new Error(`unknown message kind ${header.k}`);
      }
    }
  } catch (e) {
    fatal(e);
  } finally {
    busy = false;
  }
}

function fatal(e) {
  process.stdout.write(JSON.stringify({ fatal: String(e && e.stack || e) }) + '\n');
  process.exit(70);
}

// A worker never outlives its silo: a thread of its own watches the parent process and kills this
// process the moment the parent is gone, even while a program holds the main thread in a loop
// (the main thread's own 'end' of stdin only runs between tasks). No other worker can be made.
function watchParent() {
  const threads = require('node:worker_threads');
  const parent = process.ppid;
  const watchdog = new threads.Worker(
    `const parent = ${parent};
     setInterval(() => { if (process.ppid !== parent) process.kill(process.pid, 'SIGKILL'); }, 250);`,
    { eval: true });
  watchdog.unref();
  threads.Worker = function Worker() { throw new Error('worker threads are not available'); };
}

watchParent();
// A program's stray promise rejections are its own business; they must not end the worker.
process.on('unhandledRejection', () => {});
process.stdin.setEncoding('utf8');
process.stdin.on('data', onData);
process.stdin.on('end', () => process.exit(0));
process.stdout.write(JSON.stringify({ ready: true, v: process.version }) + '\n');
