// Bundles the extension's entry points into dist/ with esbuild.
import { build } from 'esbuild';

// The `yaml` library's ES module build: its CommonJS build reads process.env.LOG_TOKENS at every token it lexes (a call
// into the runtime, about a fifth of a parse), and esbuild reaches a CommonJS module's exports through getters.
// The two builds are the same code otherwise (a `!!binary` scalar reads as a Uint8Array rather than a Buffer).
const yamlModule = { alias: { yaml: './node_modules/yaml/browser/index.js' } };
const common = { bundle: true, sourcemap: true, logLevel: 'warning', minify: process.argv.includes('--minify') };

await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', platform: 'node', format: 'cjs', target: 'node18', external: ['vscode'] }),
  build({ ...common, ...yamlModule, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js', platform: 'node', format: 'cjs', target: 'node18' }),
  build({ ...common, ...yamlModule, entryPoints: ['server/src/workspace/parseWorker.ts'], outfile: 'dist/parseWorker.js', platform: 'node', format: 'cjs', target: 'node18' }),
  build({ ...common, ...yamlModule, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', target: 'node18', banner: { js: '#!/usr/bin/env node' } }),
  build({ ...common, entryPoints: ['media/src/main.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'iife', target: 'es2022' }),
  build({ ...common, entryPoints: ['media/src/trace/main.ts'], outfile: 'dist/traceView.js', platform: 'browser', format: 'iife', target: 'es2022' }),
]);
