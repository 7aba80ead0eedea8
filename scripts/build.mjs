// Bundles the extension's entry points into dist/ with esbuild.
import { build } from 'esbuild';

const common = { bundle: true, sourcemap: true, logLevel: 'warning', minify: process.argv.includes('--minify') };

await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', platform: 'node', format: 'cjs', target: 'node18', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js', platform: 'node', format: 'cjs', target: 'node18' }),
  build({ ...common, entryPoints: ['server/src/workspace/parseWorker.ts'], outfile: 'dist/parseWorker.js', platform: 'node', format: 'cjs', target: 'node18' }),
  build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', target: 'node18', banner: { js: '#!/usr/bin/env node' } }),
  build({ ...common, entryPoints: ['media/src/main.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'iife', target: 'es2022' }),
  build({ ...common, entryPoints: ['media/src/trace/main.ts'], outfile: 'dist/traceView.js', platform: 'browser', format: 'iife', target: 'es2022' }),
]);
