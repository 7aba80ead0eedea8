import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after } from 'node:test';

/** The project root, from out/test/support/ or test/support/. */
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..', '..');
export const SHARED = path.resolve(PROJECT_ROOT, '..', 'shared');

/** The manifests of a folder and its subfolders by relative path (a case's expected.json is not one). */
export function readManifestFolder(folder: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of fs.readdirSync(folder, { recursive: true, encoding: 'utf8' }).sort()) {
    if (/\.(ya?ml|json)$/.test(name) && path.basename(name) !== 'expected.json') files[name] = fs.readFileSync(path.join(folder, name), 'utf8');
  }
  return files;
}

/** Builds a folder of files in the system temp folder; the caller removes it. */
export function makeTree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kubetrace-test-'));
  for (const [relative, content] of Object.entries(files)) {
    const target = path.join(root, relative);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
  }
  return root;
}

export function removeTree(root: string): void {
  fs.rmSync(root, { recursive: true, force: true });
}

/** For a test suite: a `makeTree` whose folders are removed when the suite ends. */
export function useTempTrees(): (files: Record<string, string>) => string {
  const roots: string[] = [];
  after(() => roots.forEach(removeTree));
  return (files) => {
    const root = makeTree(files);
    roots.push(root);
    return root;
  };
}

/**
 * Splits a fixture with cursor markers: `«name»` marks a position, removed from the text.
 * Returns the clean text and each marker's zero-based line and character.
 */
export function withMarkers(text: string): { text: string; at: Record<string, { line: number; character: number }> } {
  const at: Record<string, { line: number; character: number }> = {};
  const lines = text.split('\n');
  const clean = lines.map((line, lineNumber) => {
    let result = '';
    let rest = line;
    for (let match = /«(\w+)»/.exec(rest); match; match = /«(\w+)»/.exec(rest)) {
      result += rest.slice(0, match.index);
      at[match[1]!] = { line: lineNumber, character: result.length };
      rest = rest.slice(match.index + match[0].length);
    }
    return result + rest;
  });
  return { text: clean.join('\n'), at };
}

/** The URI VS Code sends for a path: every character but letters, digits, `-._~` and `/` percent-encoded. */
export function editorUri(filePath: string): string {
  const encode = (segment: string) => encodeURIComponent(segment).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return `file://${filePath.split('/').map(encode).join('/')}`;
}
