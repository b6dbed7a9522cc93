#!/usr/bin/env node
// Runs the compiled benchmarks (dist/bench/*.bench.js) one after another, each in its own process,
// and prints their figures. `npm run bench` builds first. Benchmarks print numbers; none asserts one.
//   node scripts/run-bench.js [name-substring ...]
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const dir = join(root, 'dist/bench');
const filters = process.argv.slice(2);

let files;
try {
  files = readdirSync(dir)
    .filter((name) => name.endsWith('.bench.js'))
    .map((name) => join(dir, name))
    .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
    .sort();
} catch {
  files = [];
}
if (files.length === 0) {
  console.error('run-bench: no benchmarks found in dist/bench (did the build run?)');
  process.exit(1);
}

console.log(`run-bench: node ${process.version}, ${files.length} benchmark file(s)`);
let failed = 0;
for (const file of files) {
  console.log(`\n== ${relative(root, file)}`);
  const result = spawnSync(process.execPath, [file], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
