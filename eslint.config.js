import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'http', 'https', 'net', 'crypto', 'child_process', 'worker_threads', 'events', 'stream', 'url', 'util', 'zlib', 'timers'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'test-output/**', 'scratch.*/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['client/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // The client may import only the protocol from server/.
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/server/**', '!**/server/protocol', '!**/server/protocol/**'], message: 'client/ may import only server/protocol' }] }],
    },
  },
  {
    files: ['server/protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: nodeBuiltins.filter((p) => !p.includes('*')), patterns: [{ group: ['node:*', '../*', '!../protocol'], message: 'the protocol is shared with the browser: no Node, no other server module' }] }],
    },
  },
  {
    files: ['server/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...nodeBuiltins.filter((p) => !p.includes('*')), 'socket.io', 'better-sqlite3', 'pino'],
          patterns: [{ group: ['node:*', '../twin/**', '../ingest/**', '../broadcast/**', '../recorder/**', '../replay/**', '../sim/**', '../app', '../index'], message: 'the engine is pure: it imports only the protocol and itself' }],
        },
      ],
      'no-restricted-globals': ['error', 'setTimeout', 'setInterval', 'setImmediate', 'performance', 'process', 'fetch'],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'time is an argument of the engine' },
        { object: 'Math', property: 'random', message: 'pass a seeded RNG' },
      ],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'time is an argument of the engine' }],
    },
  },
);
