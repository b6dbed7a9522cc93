/**
 * Command-line conventions through the real CLI process: `version` and `--version`, the global options
 * in every command's help, completion scripts that list every command and option of the command tree
 * (and complete in bash), and did-you-mean for every option and subcommand.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import YAML from 'yaml';
import { buildProgram, main } from '../../src/cli/main.js';
import { runEksCidr, runProcess } from '../helpers/cli-process.js';

const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

interface Node {
  path: string[];
  cmd: Command;
}

/** The registered command tree, read straight from commander (not through the completion code). */
function commandTree(): Node[] {
  const program = buildProgram({ stdout: { write: () => 0 }, stderr: { write: () => 0 }, env: {} }, () =>
    Promise.resolve(),
  );
  const out: Node[] = [];
  const visit = (cmd: Command, path: string[]) => {
    out.push({ path, cmd });
    for (const sub of cmd.commands) visit(sub, [...path, sub.name()]);
  };
  visit(program, []);
  return out;
}

const tree = commandTree();
const root = tree[0]!.cmd;
const visibleOptions = (cmd: Command) => cmd.options.filter((o) => !o.hidden);
const globalFlags = visibleOptions(root).flatMap((o) => [o.long, o.short].filter((f) => f !== undefined));

describe('version', () => {
  it('`version`, `--version` and their -o json|yaml forms agree with package.json', async () => {
    const text = await runEksCidr(['version']);
    assert.equal(text.code, 0, text.stderr);
    assert.equal(
      text.stdout,
      `eks-cidr ${pkg.version} (node ${process.version}, ${process.platform}-${process.arch})\n`,
    );
    assert.equal((await runEksCidr(['--version'])).stdout, text.stdout);
    const json = await runEksCidr(['version', '-o', 'json']);
    assert.equal(json.code, 0, json.stderr);
    const info = JSON.parse(json.stdout) as Record<string, string>;
    assert.deepEqual(info, {
      name: 'eks-cidr',
      version: pkg.version,
      node: process.version,
      platform: process.platform,
      arch: process.arch,
    });
    assert.deepEqual(YAML.parse((await runEksCidr(['--version', '--output=yaml'])).stdout), info);
    assert.deepEqual(JSON.parse((await runEksCidr(['-o', 'json', '--version'])).stdout), info);
  });
});

describe('help', () => {
  it('every command shows the global options, -o json|yaml|text among them', async () => {
    for (const { path } of tree.slice(1)) {
      const r = await runEksCidr([...path, '--help']);
      assert.equal(r.code, 0, `${path.join(' ')}: ${r.stderr}`);
      const globals = r.stdout.split(/^Global Options:$/m)[1];
      assert.ok(globals, `${path.join(' ')} --help has no Global Options section:\n${r.stdout}`);
      assert.match(globals, /-o, --output <format>.*\n?.*json or yaml/, path.join(' '));
      for (const flag of ['--region', '--profile', '--no-color', '--verbose', '--version'])
        assert.ok(globals.includes(flag), `${path.join(' ')} --help lacks ${flag}`);
    }
  });

  it('documents --poll-interval where it applies', async () => {
    for (const command of ['apply', 'verify', 'destroy'])
      assert.match((await runEksCidr([command, '--help'])).stdout, /--poll-interval <ms>/, command);
  });
});

describe('completion', () => {
  it('bash: lists every command and option of the tree, and completes in bash', async () => {
    const script = await runEksCidr(['completion', 'bash']);
    assert.equal(script.code, 0, script.stderr);
    const probe = tree
      .map(
        ({ path }) =>
          `echo "C|${path.join(' ')}|$(_eks_cidr_commands '${path.join(' ')}')"; echo "O|${path.join(' ')}|$(_eks_cidr_options '${path.join(' ')}')"`,
      )
      .join('\n');
    const complete = (words: string[]) =>
      `COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _eks_cidr; echo "R|${words.join(' ')}|\${COMPREPLY[*]}"`;
    const r = await runProcess('bash', [
      '-c',
      [
        script.stdout,
        probe,
        complete(['eks-cidr', 'pl']),
        complete(['eks-cidr', '-o', '']),
        complete(['eks-cidr', 'sandbox', '--state-dir', '/tmp', '']),
        complete(['eks-cidr', 'plan', '--cluster', 'apply', '--det']),
      ].join('\n'),
    ]);
    assert.equal(r.code, 0, r.stderr);
    const answers = new Map(
      r.stdout
        .trim()
        .split('\n')
        .map((line) => {
          const [kind, key, value] = line.split('|');
          return [`${kind}|${key}`, (value ?? '').split(' ').filter(Boolean)];
        }),
    );
    for (const { path, cmd } of tree) {
      const key = path.join(' ');
      const commands = answers.get(`C|${key}`) ?? [];
      for (const sub of cmd.commands) assert.ok(commands.includes(sub.name()), `${key}: ${sub.name()}`);
      const options = answers.get(`O|${key}`) ?? [];
      const expected = [
        ...visibleOptions(cmd).flatMap((o) => [o.long, o.short].filter((f) => f !== undefined)),
        ...globalFlags,
        '--help',
      ];
      for (const flag of expected) assert.ok(options.includes(flag), `'${key}' completes no ${flag}`);
      for (const hidden of cmd.options.filter((o) => o.hidden))
        assert.ok(!options.includes(hidden.long!), `'${key}' offers hidden ${hidden.long}`);
    }
    assert.deepEqual(answers.get('R|eks-cidr pl'), ['plan']);
    assert.deepEqual(answers.get('R|eks-cidr -o '), ['text', 'json', 'yaml']);
    assert.deepEqual(answers.get('R|eks-cidr sandbox --state-dir /tmp '), [
      'up',
      'env',
      'status',
      'dump',
      'down',
      'reset',
      'help',
    ]);
    assert.deepEqual(answers.get('R|eks-cidr plan --cluster apply --det'), ['--detailed-exitcode']);
  });

  for (const shell of ['zsh', 'fish'] as const) {
    it(`${shell}: names every command and option of the tree`, async () => {
      const r = await runEksCidr(['completion', shell]);
      assert.equal(r.code, 0, r.stderr);
      for (const { path, cmd } of tree) {
        for (const sub of cmd.commands)
          assert.ok(
            r.stdout.includes(`'${sub.name()}`),
            `${shell}: command ${[...path, sub.name()].join(' ')}`,
          );
        for (const o of visibleOptions(cmd)) {
          const spelled = shell === 'fish' ? `-l ${o.long!.slice(2)}` : `'${o.long!}:`;
          assert.ok(r.stdout.includes(spelled), `${shell}: ${path.join(' ')} ${o.long}`);
        }
      }
    });
  }

  it('refuses a shell it does not know, naming the ones it does', async () => {
    const r = await runEksCidr(['completion', 'tcsh']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /'tcsh' is invalid.*bash, zsh, fish/);
  });
});

describe('did you mean', () => {
  async function stderrOf(args: string[]): Promise<{ code: number; err: string }> {
    let err = '';
    const code = await main(args, {
      stdout: { write: () => 0 },
      stderr: { write: (s: string) => (err += s) },
      env: {},
      exit: () => undefined,
    });
    return { code, err };
  }

  it('suggests every option of every command, global ones included, when misspelt', async () => {
    for (const { path, cmd } of tree) {
      for (const o of [...visibleOptions(cmd), ...visibleOptions(root)]) {
        const typo = `${o.long!}${o.long!.at(-1)!}`;
        const r = await stderrOf([...path, typo]);
        assert.equal(r.code, 2, `${path.join(' ')} ${typo}`);
        assert.ok(r.err.includes(`(Did you mean ${o.long!}?)`), `${path.join(' ')} ${typo}: ${r.err}`);
      }
    }
  });

  it('suggests every subcommand when misspelt', async () => {
    for (const { path, cmd } of tree) {
      for (const sub of cmd.commands) {
        const typo = `${sub.name()}${sub.name().at(-1)!}`;
        const r = await stderrOf([...path, typo]);
        assert.equal(r.code, 2, `${path.join(' ')} ${typo}`);
        assert.ok(r.err.includes(`(Did you mean ${sub.name()}?)`), `${path.join(' ')} ${typo}: ${r.err}`);
      }
    }
  });

  it('the real process says so too', async () => {
    const r = await runEksCidr(['verify', '--smokee']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown option '--smokee'\n\(Did you mean --smoke\?\)/);
    const c = await runEksCidr(['sandbox', 'statsu']);
    assert.equal(c.code, 2);
    assert.match(c.stderr, /Did you mean status\?/);
  });
});
