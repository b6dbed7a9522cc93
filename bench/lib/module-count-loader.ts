/**
 * The loader half of module-count-hook: appends each loaded module's URL (`L <url>`) and each import
 * that leaves our own code for a package (`I <importer> <specifier>`) to the log file, so the bench
 * can say which of our files pulled a heavy package in.
 */
import { appendFileSync } from 'node:fs';

let log: string | undefined;

export function initialize(data: { log: string }): void {
  log = data.log;
}

type NextLoad = (url: string, context: unknown) => Promise<unknown>;
type NextResolve = (specifier: string, context: { parentURL?: string }) => Promise<unknown>;

export async function resolve(
  specifier: string,
  context: { parentURL?: string },
  nextResolve: NextResolve,
): Promise<unknown> {
  const parent = context.parentURL;
  if (log && parent && !parent.includes('/node_modules/') && !specifier.startsWith('.')) {
    if (!specifier.startsWith('node:')) appendFileSync(log, `I ${parent} ${specifier}\n`);
  }
  return nextResolve(specifier, context);
}

export async function load(url: string, context: unknown, nextLoad: NextLoad): Promise<unknown> {
  if (log) appendFileSync(log, `L ${url}\n`);
  return nextLoad(url, context);
}
