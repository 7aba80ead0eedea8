/** What the equivalence tests of the YAML readers (blockYamlReader.ts, cstDocuments.ts) share: the reference reader and their inputs. */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { YamlDocument } from '../../server/src/model/yamlDocument';
import { PROJECT_ROOT } from './fixtures';

/** The composer alone, with parseManifest's options: what every reader must give. */
export function composedDocuments(source: string): YamlDocument[] {
  const documents = parseAllDocuments(source, { version: '1.1', prettyErrors: false });
  return Array.isArray(documents) ? documents : [];
}

export function yamlFilesUnder(folder: string): string[] {
  if (!fs.existsSync(folder)) return [];
  return fs.readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((file) => /\.(ya?ml|json)$/.test(file)).map((file) => path.join(folder, file)).filter((file) => fs.statSync(file).isFile());
}

/** The benchmark's generators. */
export interface BenchGenerators {
  generateWorkspace(root: string, apps: number): { readonly files: readonly string[] };
  generateKustomizeWorkspace(root: string, apps: number): { readonly files: readonly string[] };
  largeManifest(lines: number, options?: { exported?: boolean }): string;
}

/** The benchmark's generators, compiled beside the tests (bench/ builds after test/, which it imports). */
export function benchGenerators(): BenchGenerators {
  return createRequire(__filename)(path.join(PROJECT_ROOT, 'out', 'bench', 'generateWorkspace.js')) as BenchGenerators;
}
