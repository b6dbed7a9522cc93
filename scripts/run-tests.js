#!/usr/bin/env node
// Runs the compiled test files with Node's own test runner. `npm test` builds first.
//   node scripts/run-tests.js [--only unit|integration|e2e|reliability] [path-substring ...]
// Unit tests sit beside the code (dist/src/**/*.test.js); integration tests drive the sandbox over
// the wire (dist/test/integration); real-client tests run the AWS CLI v2 and kubectl (dist/test/e2e).
// The reliability suite (dist/test/reliability: crashes, faults, concurrency, bad inputs, fuzzing)
// runs only when asked for (`npm run test:reliability`); it prints its figures at the end, and its
// random choices follow EKS_CIDR_RELIABILITY_SEED.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const suites = {
  unit: 'dist/src',
  integration: 'dist/test/integration',
  e2e: 'dist/test/e2e',
  reliability: 'dist/test/reliability',
};
/** Suites that run only when named with --only. */
const onDemand = new Set(['reliability']);

const args = process.argv.slice(2);
let only;
const filters = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--only') only = args[++i];
  else filters.push(args[i]);
}
if (only && !(only in suites)) {
  console.error(`run-tests: unknown suite '${only}'; use one of ${Object.keys(suites).join(', ')}`);
  process.exit(2);
}

function walk(dir) {
  let out = [];
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out = out.concat(walk(path));
    else if (name.endsWith('.test.js')) out.push(path);
  }
  return out;
}

const files = Object.entries(suites)
  .filter(([name]) => (only ? name === only : !onDemand.has(name)))
  .flatMap(([, dir]) => walk(join(root, dir)))
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort();

if (files.length === 0) {
  console.error('run-tests: no test files found (did the build run?)');
  process.exit(1);
}
console.log(`run-tests: ${files.length} test files`);
const figuresDir = only === 'reliability' ? mkdtempSync(join(tmpdir(), 'eks-cidr-figures-')) : undefined;
const figuresFile = figuresDir ? join(figuresDir, 'figures.jsonl') : undefined;
const result = spawnSync(
  process.execPath,
  [
    '--test',
    '--test-reporter=spec',
    '--test-concurrency=2',
    `--test-timeout=${only === 'reliability' ? 900_000 : 300_000}`,
    ...files.map((f) => relative(root, f)),
  ],
  {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      AWS_EC2_METADATA_DISABLED: 'true',
      ...(figuresFile ? { EKS_CIDR_RELIABILITY_FIGURES: figuresFile } : {}),
    },
  },
);
if (figuresFile) {
  let lines = [];
  try {
    lines = readFileSync(figuresFile, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  } catch {
    // no figures: the suite failed before reporting any
  }
  console.log(
    `\nreliability figures (seed ${lines[0]?.seed ?? process.env.EKS_CIDR_RELIABILITY_SEED ?? 16}):`,
  );
  for (const { area, figures } of lines) {
    console.log(
      `  ${area}: ${Object.entries(figures)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
  }
  rmSync(figuresDir, { recursive: true, force: true });
}
process.exit(result.status ?? 1);
