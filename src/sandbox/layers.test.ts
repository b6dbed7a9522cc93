import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** The project's own ESLint configuration, run on `code` as if it were the file at `path`. */
async function importErrors(path: string, code: string): Promise<string[]> {
  const eslint = new ESLint({
    cwd: root,
    // Only the import rules: no type information needed for a file that is not on disk.
    overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } },
    ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
  });
  const [result] = await eslint.lintText(code, { filePath: join(root, path) });
  return (result?.messages ?? []).map((m) => m.message);
}

/** One test per [file, import, expected error or undefined when the arrow is allowed]. */
function importCases(cases: [string, string, RegExp | undefined][]): void {
  for (const [path, target, expected] of cases) {
    it(`${path} importing ${target}: ${expected ? 'refused' : 'allowed'}`, async () => {
      const errors = await importErrors(path, `import { x } from '${target}';\nexport const y = x;\n`);
      if (expected) {
        assert.equal(errors.length, 1, `expected one error, got ${JSON.stringify(errors)}`);
        assert.match(errors[0] ?? '', expected);
      } else assert.deepEqual(errors, []);
    });
  }
}

describe("the sandbox's layers are enforced by lint", () => {
  const cases: [string, string, RegExp | undefined][] = [
    ['src/sandbox/services/ec2/example.ts', '../../wire/ec2-query/params.js', /never sees the wire/],
    ['src/sandbox/services/kube/example.ts', '../../server/trail.js', /never sees the wire, the server/],
    ['src/sandbox/services/eks/example.ts', '../../state/state-store.js', /the state directory/],
    ['src/sandbox/wire/kube/example.ts', '../../server/kube-server.js', /codec \(wire\/\) never imports/],
    ['src/sandbox/wire/ec2-query/example.ts', '../../state/journal.js', /codec \(wire\/\) never imports/],
    ['src/sandbox/sim/example.ts', '../services/ec2/model.js', /only through sim\/ports.ts/],
    ['src/sandbox/services/ec2/example.ts', '../../../tool/planner/types.js', /must not import the tool/],
    // Allowed arrows stay quiet.
    ['src/sandbox/server/example.ts', '../wire/ec2-query/params.js', undefined],
    ['src/sandbox/services/ec2/example.ts', '../../../shared/cidr/index.js', undefined],
    ['src/sandbox/sim/adapters-example.ts', './ports.js', undefined],
  ];
  importCases(cases);
});

describe('only src/tool/cli imports the CLI (lint)', () => {
  const cases: [string, string, RegExp | undefined][] = [
    ['src/tool/api/example.ts', '../cli/commands/apply-run.js', /Only src\/tool\/cli may import the CLI/],
    ['src/tool/engine/progress/example.ts', '../../cli/render.js', /Only src\/tool\/cli may import the CLI/],
    ['src/tool/example.ts', './cli/register.js', /Only src\/tool\/cli may import the CLI/],
    ['src/tool/api/example.ts', '../../cli/main.js', /Only src\/tool\/cli may import the CLI/],
    ['src/tool/api/example.ts', '../../sandbox/sandbox.js', /must not import the sandbox/],
    // Allowed arrows stay quiet: the CLI imports the library, the tool imports shared/cli.
    ['src/tool/cli/commands/example.ts', '../../api/apply.js', undefined],
    ['src/tool/cli/commands/example.ts', './apply-format.js', undefined],
    ['src/tool/api/example.ts', '../../shared/cli/structured.js', undefined],
    ['src/tool/api/example.ts', '../planner/apply-notices.js', undefined],
  ];
  importCases(cases);
});
