import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

const IO_MODULES = ['node:*', 'fs', 'path', 'crypto', 'http', 'net', 'child_process', 'pg', 'typeorm'];
/** A relative import that climbs out of its folder into one of these top-level folders. */
const ESCAPES_TO = (folders) => `^(\\.\\./)+(${folders})(/|$)`;
const DOMAIN_ONLY = 'domain/ imports nothing of ours outside domain/';
const MESSAGES_ONLY = {
  regex: '(^|/)workflows/(?!.*\\.messages$)',
  message: 'import workflow message definitions (*.messages.ts) only; shared rules live in domain/',
};
const NOT_SCHEMA = { regex: ESCAPES_TO('schema'), message: 'activities may use src/, never schema/' };
const GATEWAY_ONLY = {
  group: ['@temporalio/client'],
  message:
    'only src/temporal talks to the Temporal client: call (or add) a method of the gateway (src/temporal/gateway.ts)',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'coverage/**', 'jest.config.js', 'web/console/src/gql/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // Jest loads its sequencer as CommonJS, in Node.
    files: ['test/support/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', console: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // GraphQL responses in tests are dynamic JSON; the assertions pin their shape.
    files: ['test/**/*.ts', '**/*.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  // The import direction (see README "Layout"): domain <- workflows <- activities/src <- schema. Relative imports are
  // matched as written, so each rule names the folders it keeps out however deep the importing file sits.
  {
    // The domain is pure: no I/O, nothing of ours outside it; workflows load it in their sandbox.
    files: ['domain/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: IO_MODULES, message: 'domain/ is pure: do I/O in activities or src/' },
            { regex: ESCAPES_TO('src|workflows|activities|schema|test|bench|web|scripts'), message: DOMAIN_ONLY },
          ],
        },
      ],
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no Node APIs, no I/O.
    files: ['workflows/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: IO_MODULES, message: 'workflows must stay deterministic: do I/O in activities' },
            {
              regex: ESCAPES_TO('src|schema|test|bench|web|scripts'),
              message: 'workflows may not import application code',
            },
            {
              regex: ESCAPES_TO('activities'),
              allowTypeImports: true,
              message: 'workflows take only types from activities/ (call them through proxyActivities)',
            },
          ],
        },
      ],
    },
  },
  {
    // The application takes from workflows/ only the message definitions that client and workflow share, and reaches
    // workflows only through the gateway in src/temporal (tests may use the client to look behind it).
    files: ['src/**/*.ts', 'schema/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [MESSAGES_ONLY, GATEWAY_ONLY] }] },
  },
  {
    files: ['src/temporal/**/*.ts', 'src/**/*.test.ts', 'schema/**/*.test.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [MESSAGES_ONLY] }] },
  },
  {
    files: ['activities/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [MESSAGES_ONLY, NOT_SCHEMA, GATEWAY_ONLY] }],
    },
  },
  {
    files: ['activities/**/*.test.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [MESSAGES_ONLY, NOT_SCHEMA] }] },
  },
  prettier,
  {
    // After eslint-config-prettier, which turns max-len off: Prettier wraps code at 120 but not strings, regexes or
    // comments, so this catches what it leaves long. Long pattern lists belong in data files (src/ai/analysis/patterns).
    rules: { 'max-len': ['error', { code: 160 }] },
  },
);
