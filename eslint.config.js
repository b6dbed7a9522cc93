// Lint: type-aware rules for the TypeScript sources, plus the import boundaries that keep the
// three parts apart: the tool and the sandbox each import only `src/shared`, never each other.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const boundary = (forbidden, why) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: forbidden.map((group) => ({ group: [group], message: why })),
    },
  ],
});

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
    // One gateway per backend (src/tool/gateway/): only it constructs AWS SDK clients and client-node
    // API objects, so every AWS and Kubernetes call passes its read-only check and concurrency limit.
    files: ['src/tool/**/*.ts'],
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
    rules: boundary(
      ['**/tool/**', '**/tool'],
      'The sandbox must not import the tool: they meet only over the wire.',
    ),
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
    files: ['**/*.test.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
);
