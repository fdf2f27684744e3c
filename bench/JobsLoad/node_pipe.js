// The limit of bench/JobsLoad: the job's program called in a loop inside one node process.
// Reads newline-delimited JSON tasks from stdin and writes one JSON result line per task to
// stdout. The program (argv[2]) is compiled once in a fresh vm context, as the silo's workers do.
// Output is written once per input chunk, so the pipe, not a write per line, sets the pace.
'use strict';
const vm = require('node:vm');
const context = vm.createContext({});
vm.runInContext(process.argv[2], context);
const Run = context.Run;
let rest = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', chunk => {
  const text = rest + chunk;
  const end = text.lastIndexOf('\n');
  if (end < 0) {
    rest = text;
    return;
  }
  rest = text.slice(end + 1);
  const lines = text.slice(0, end).split('\n');
  let out = '';
  for (const line of lines) {
    if (line.length > 0) {
      out += JSON.stringify(Run(JSON.parse(line))) + '\n';
    }
  }
  if (!process.stdout.write(out)) {
    process.stdin.pause();
    process.stdout.once('drain', () => process.stdin.resume());
  }
});
process.stdin.on('end', () => {
  if (rest.length > 0) {
    process.stdout.write(JSON.stringify(Run(JSON.parse(rest))) + '\n');
  }
});
