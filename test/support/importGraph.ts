import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

/** Which files each TypeScript file imports, by path relative to the root and with forward slashes. */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

/**
 * The relative imports between the TypeScript files under `folders` (relative to `root`). Type-only imports
 * count: a cycle of types is still two files that cannot be read one before the other. A relative import
 * that names no file here throws, so that an edge is never dropped unseen.
 */
export function importGraph(root: string, folders: readonly string[]): ImportGraph {
  const files = new Set(
    folders.flatMap((folder) =>
      fs
        .readdirSync(path.join(root, folder), { recursive: true, encoding: 'utf8' })
        .filter((name) => name.endsWith('.ts'))
        .map((name) => toSlashes(path.join(folder, name))),
    ),
  );
  const graph = new Map<string, string[]>();
  for (const file of [...files].sort()) {
    const { importedFiles } = ts.preProcessFile(fs.readFileSync(path.join(root, file), 'utf8'), true, true);
    const imported = importedFiles
      .map(({ fileName }) => fileName)
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => {
        const base = toSlashes(path.join(path.dirname(file), specifier));
        const target = [`${base}.ts`, `${base}/index.ts`].find((candidate) => files.has(candidate));
        if (!target) throw new Error(`${file} imports ${specifier}, which is no TypeScript file under ${folders.join(', ')}`);
        return target;
      });
    graph.set(file, [...new Set(imported)]);
  }
  return graph;
}

/** The import cycles: each set of files that reach one another (Tarjan's strongly connected components), as sorted lists. */
export function importCycles(graph: ImportGraph): string[][] {
  const order = new Map<string, number>();
  const lowest = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (file: string): void => {
    order.set(file, order.size);
    lowest.set(file, order.get(file)!);
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!order.has(next)) {
        visit(next);
        lowest.set(file, Math.min(lowest.get(file)!, lowest.get(next)!));
      } else if (onStack.has(next)) {
        lowest.set(file, Math.min(lowest.get(file)!, order.get(next)!));
      }
    }
    if (lowest.get(file) !== order.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || graph.get(file)?.includes(file)) cycles.push(component.sort());
  };
  for (const file of graph.keys()) if (!order.has(file)) visit(file);
  return cycles;
}

function toSlashes(file: string): string {
  return file.split(path.sep).join('/');
}
