// Runs one JavaScript spider: its source defines `function Run(ctx)` (it may be async). What it
// writes through ctx goes to standard output as JSON lines {"t": kind, "d": record}; kinds are
// 0 items, 1 logs, 2 requests. Anything else the spider prints becomes a log line.
'use strict';
const fs = require('fs');
const source = fs.readFileSync(process.argv[2], 'utf8');
const args = JSON.parse(process.env.SHUB_SPIDER_ARGS || '{}');
const out = (t, d) => process.stdout.write(JSON.stringify({ t, d }) + '\n');
const ctx = {
  jobKey: process.env.SHUB_JOBKEY,
  args,
  item: (item) => out(0, item),
  log: (level, message) => out(1, { message: String(message), level, time: Date.now() }),
  info: (message) => ctx.log(20, message),
  error: (message) => ctx.log(40, message),
  request: (url, status, method) => out(2, { url, status: status || 200, method: method || 'GET', rs: 0, duration: 0, time: Date.now() }),
};
const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;
const run = new AsyncFunction('ctx', 'require', source + '\n;return Run(ctx);');
run(ctx, require).then(
  () => process.exit(0),
  (e) => { ctx.error('The spider failed: ' + (e && e.stack || e)); process.exit(1); });
