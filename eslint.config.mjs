// Lint rules, and the import rules that keep the rings of docs/ARCHITECTURE.md: inner rings never import outer ones.
// In a flat config the last block that sets a rule for a file wins, so the rings go from outer to inner.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'worker_threads', 'util', 'url', 'events', 'stream', 'net', 'http', 'https'];
const EDITOR = ['vscode', 'vscode-languageclient', 'vscode-languageclient/*', 'vscode-languageserver', 'vscode-languageserver/*', 'vscode-languageserver-textdocument'];
const OUTSIDE_THE_MODEL = ['**/workspace/**', '**/features/**', '**/server', '**/cli', '**/protocol', '**/client/**', '**/media/**'];

/** Outside the engine (the model aside, which makes the engine's objects), the engine is imported through its front door. */
const FRONT_DOOR = { group: ['**/engine/*', '!**/engine/index'], message: 'Import the engine through its front door, engine/index.ts (docs/ARCHITECTURE.md).' };

const ring = (files, { paths = [], patterns, message, more = [] }, ignores = []) => ({
  files,
  ignores,
  rules: { 'no-restricted-imports': ['error', { paths, patterns: [{ group: patterns, message }, ...more] }] },
});

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-output/**', '*.vsix'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ['scripts/**/*.mjs', 'test/**/*.mjs', 'e2e/**/*.mjs'], languageOptions: { globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly' } } },
  {
    files: ['**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  ring(['server/src/**/*.ts'], {
    paths: [
      { name: 'yaml', message: 'Only server/src/model imports yaml.' },
      { name: 'vscode', message: 'The server is editor-neutral: LSP only.' },
    ],
    patterns: ['**/client/**', '**/media/**'],
    message: 'The server never imports the client or the webview.',
    more: [FRONT_DOOR],
  }),
  ring(['server/src/terminal/**/*.ts'], {
    patterns: [...NODE_BUILTINS, ...EDITOR, 'yaml', '**/workspace/**', '**/features/**', '**/analysis/**', '**/server', '**/cli', '**/cli/**', '**/client/**', '**/media/**'],
    message: 'The terminal answers commands from a snapshot: no editor, no files, no node: (docs/ARCHITECTURE.md).',
    more: [FRONT_DOOR],
  }),
  ring(['server/src/model/**/*.ts'], {
    patterns: [...NODE_BUILTINS, ...EDITOR, ...OUTSIDE_THE_MODEL],
    message: 'The model turns text into objects: it reads no files and knows no editor (docs/ARCHITECTURE.md).',
  }),
  ring(
    ['server/src/engine/**/*.ts'],
    {
      paths: [{ name: 'ipaddr.js', message: 'Only engine/cidr.ts imports ipaddr.js.' }],
      patterns: [...NODE_BUILTINS, ...EDITOR, 'yaml', 'picomatch', '**/model/**', ...OUTSIDE_THE_MODEL],
      message: 'The engine is pure TypeScript: plain data in and out, no editor, no yaml, no node: (docs/ARCHITECTURE.md).',
    },
    ['server/src/engine/cidr.ts'],
  ),
  ring(['server/src/engine/cidr.ts'], {
    patterns: [...NODE_BUILTINS, ...EDITOR, 'yaml', '**/model/**', ...OUTSIDE_THE_MODEL],
    message: 'The engine is pure TypeScript (docs/ARCHITECTURE.md).',
  }),
  ring(['client/src/**/*.ts'], {
    patterns: ['**/server/src/**', '!**/server/src/protocol', 'yaml', '**/media/src/**', '!**/media/src/protocol'],
    message: 'The client knows no semantics: it imports only the protocol files, server/src/protocol.ts and media/src/protocol.ts (docs/ARCHITECTURE.md).',
  }),
  ring(['media/src/**/*.ts'], {
    patterns: [...NODE_BUILTINS, ...EDITOR, 'yaml', '**/server/src/model/**', '**/server/src/workspace/**', '**/server/src/features/**', '**/client/**'],
    message: 'The webview runs in the browser: it imports the engine and its protocol file, never vscode or node: (docs/ARCHITECTURE.md).',
    more: [FRONT_DOOR],
  }),
);
