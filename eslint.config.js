// Lint: type-aware rules for the TypeScript sources, plus the import boundaries that keep the
// three parts apart (the tool and the sandbox each import only `src/shared`, never each other), the
// sandbox's own layers (ARCHITECTURE.md, "The allowed arrows"), and no import cycle anywhere.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

const boundary = (forbidden, why) => layers([[forbidden, why]]);

/** Several forbidden groups, each with its reason (one rule entry per file set: ESLint keeps the last). */
const layers = (groups) => ({
  'no-restricted-imports': [
    'error',
    { patterns: groups.map(([forbidden, why]) => ({ group: forbidden, message: why })) },
  ],
});

const NOT_TOOL = [
  ['**/tool/**', '**/tool'],
  'The sandbox must not import the tool: they meet only over the wire.',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.tools/**', 'bin/**', 'scripts/**', 'eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          // node:test's describe/it return promises the runner itself awaits.
          allowForKnownSafeCalls: [
            {
              from: 'package',
              package: 'node:test',
              name: ['describe', 'it', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach'],
            },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
    },
  },
  {
    files: ['src/tool/**/*.ts'],
    rules: boundary(
      ['**/sandbox/**', '**/sandbox'],
      'The tool must not import the sandbox: they meet only over the wire.',
    ),
  },
  {
    // The CLI is a thin layer over the library: nothing else in the tool (the library's api/ included)
    // imports src/tool/cli (or the composition root src/cli); a relative path that climbs to a `cli/`
    // folder is one of those two.
    files: ['src/tool/**/*.ts'],
    ignores: ['src/tool/cli/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/sandbox/**', '**/sandbox'],
              message: 'The tool must not import the sandbox: they meet only over the wire.',
            },
            {
              regex: '^(\\./|(\\.\\./)+)cli(/|$)|(^|/)(tool|src)/cli(/|$)',
              message:
                'Only src/tool/cli may import the CLI: the library and the rest of the tool never do (ARCHITECTURE.md).',
            },
          ],
        },
      ],
    },
  },
  {
    // One gateway per backend (src/tool/gateway/): only it constructs AWS SDK clients and client-node
    // API objects, so every AWS and Kubernetes call passes its read-only check, concurrency limit and
    // retry layer. The demo reads the cluster through it too.
    files: ['src/tool/**/*.ts', 'src/demo/**/*.ts'],
    ignores: ['src/tool/gateway/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...[
          'NewExpression[callee.name=/^(EC2|EKS|STS)Client$/]',
          'NewExpression[callee.property.name=/^(EC2|EKS|STS)Client$/]',
        ].map((selector) => ({
          selector,
          message: 'Create AWS clients through the gateway (createAwsClients, src/tool/gateway/aws.ts).',
        })),
        {
          selector: "CallExpression[callee.property.name='makeApiClient']",
          message: 'Make Kubernetes API objects through the gateway (kubeApi, src/tool/gateway/kube.ts).',
        },
      ],
    },
  },
  {
    files: ['src/sandbox/**/*.ts'],
    rules: layers([NOT_TOOL]),
  },
  {
    // Models hold state and AWS's rules: no HTTP, no codec, no files.
    files: ['src/sandbox/services/**/*.ts'],
    rules: layers([
      NOT_TOOL,
      [
        ['**/wire/**', '**/server/**', '**/state/**'],
        'A model (services/) never sees the wire, the server or the state directory.',
      ],
    ]),
  },
  {
    // Codecs hold no rules and do no persistence; the server composes them.
    files: ['src/sandbox/wire/**/*.ts'],
    rules: layers([
      NOT_TOOL,
      [['**/server/**', '**/state/**'], 'A codec (wire/) never imports the server or the state directory.'],
    ]),
  },
  {
    // The simulation reaches the models only through its ports (ports.ts), bridged in adapters.ts.
    files: ['src/sandbox/sim/**/*.ts'],
    // (kube-types.ts shares the store's plain object shapes, types only.)
    ignores: [
      'src/sandbox/sim/adapters.ts',
      'src/sandbox/sim/kube-types.ts',
      'src/sandbox/sim/**/*.test.ts',
      'src/sandbox/sim/testing/**',
    ],
    rules: layers([
      NOT_TOOL,
      [
        ['**/services/**', '**/wire/**', '**/server/**', '**/state/**'],
        'The simulation reaches the models only through sim/ports.ts (bridged in sim/adapters.ts).',
      ],
    ]),
  },
  {
    files: ['src/shared/**/*.ts'],
    // Tests of shared modules may read their fixtures; they still never import the tool or the sandbox.
    ignores: ['src/shared/**/*.test.ts'],
    rules: boundary(
      [
        '**/tool/**',
        '**/sandbox/**',
        'node:fs',
        'node:fs/*',
        'node:http',
        'node:https',
        'node:net',
        'node:child_process',
        '@aws-sdk/*',
        '@kubernetes/*',
      ],
      'src/shared is pure: no I/O and no imports from the tool or the sandbox.',
    ),
  },
  {
    files: ['src/shared/**/*.test.ts'],
    rules: boundary(
      ['**/tool/**', '**/sandbox/**'],
      'Shared modules and their tests never import the tool or the sandbox.',
    ),
  },
  {
    // No import cycle anywhere (value imports, dynamic ones included; a type-only import is erased).
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/extensions': ['.ts', '.js'],
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.json' })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
);
