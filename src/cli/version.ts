/**
 * `eks-cidr version` (and `--version`): the package's version, the Node.js version and the platform,
 * which is what a bug report needs. The version is read from the package's own package.json, so it
 * never disagrees with what npm installed.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { CliContext } from '../shared/cli/context.js';
import { formatStructured, isStructured } from '../shared/cli/structured.js';

export interface VersionInfo {
  name: string;
  version: string;
  node: string;
  platform: string;
  arch: string;
}

let cached: { name: string; version: string } | undefined;

/** package.json two folders above dist/src/cli (the compiled location of this module). */
export function packageInfo(): { name: string; version: string } {
  cached ??= JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    name: string;
    version: string;
  };
  return cached;
}

export function versionInfo(): VersionInfo {
  const { name, version } = packageInfo();
  return { name, version, node: process.version, platform: process.platform, arch: process.arch };
}

export function formatVersion(info: VersionInfo): string {
  return `${info.name} ${info.version} (node ${info.node}, ${info.platform}-${info.arch})\n`;
}

export function runVersion(ctx: CliContext): Promise<number> {
  const info = versionInfo();
  ctx.stdout.write(isStructured(ctx.output) ? formatStructured(ctx.output, info) : formatVersion(info));
  return Promise.resolve(0);
}

export function registerVersionCommand(
  program: Command,
  run: (cmd: Command, runner: (ctx: CliContext) => Promise<number>) => Promise<void>,
): void {
  program
    .command('version')
    .description('print the eks-cidr version, the Node.js version and the platform (-o json|yaml)')
    .action(async (_opts, cmd: Command) => run(cmd, runVersion));
}

/**
 * `--version` anywhere on the line means the `version` command, as commander treats it, but keeping
 * `-o json|yaml`: `eks-cidr --version -o json` prints the same object as `eks-cidr version -o json`.
 * Arguments after `--` are not options.
 */
export function rewriteVersionFlag(argv: readonly string[]): string[] {
  const end = argv.indexOf('--');
  const options = end === -1 ? argv : argv.slice(0, end);
  if (!options.includes('--version')) return [...argv];
  const kept: string[] = [];
  options.forEach((arg, i) => {
    const prev = options[i - 1];
    if (arg === '-o' || arg === '--output') return;
    if (prev === '-o' || prev === '--output') kept.push('--output', arg);
    else if (/^(--output=|-o=?)./.test(arg)) kept.push(`--output=${arg.replace(/^(--output=|-o=?)/, '')}`);
    else if (arg === '--no-color' || arg === '--verbose') kept.push(arg);
  });
  return ['version', ...kept];
}
