import type { ClusterSnapshot } from '../engine';
import { kubectlYaml } from '../model/objectEdits';
import { manifestOf, type PlainOf } from './objectManifests';
import { failure, output, type CommandOutput } from './commandOutput';
import { lastOption, readKubectlArguments, type KubectlOption } from './kubectlArguments';
import { parseLabelQuery } from './labelQuery';
import { labelsText, resourceKindNamed, RESOURCE_KINDS, type ResourceKind, type ResourceRow } from './resourceTables';
import { textTable } from './textTable';

const GET_OPTIONS: readonly KubectlOption[] = [{ long: 'show-labels', takesValue: false }, { long: 'no-headers', takesValue: false }];

/** The output forms of `-o` the terminal prints. */
const FORMATS = ['wide', 'name', 'yaml', 'json'];

/**
 * `kubectl get TYPE[,TYPE...] [NAME...]` and `kubectl get TYPE/NAME...`, with `-n`, `-A`, `-l`, `-o wide|name`,
 * `--show-labels` and `--no-headers`, printed in kubectl's table layout.
 */
export function kubectlGet(words: readonly string[], snapshot: ClusterSnapshot, currentNamespace: string, plainOf: PlainOf): CommandOutput {
  const parsed = readKubectlArguments(words, GET_OPTIONS);
  if ('error' in parsed) return failure(parsed.error);
  const format = lastOption(parsed, 'output');
  if (format !== undefined && !FORMATS.includes(format)) return failure(`error: -o ${format} is not simulated: the terminal prints tables, -o wide, -o name, -o yaml and -o json`);
  const request = readRequest(parsed.positionals);
  if ('error' in request) return failure(request.error);
  const query = parseLabelQuery(lastOption(parsed, 'selector') ?? '');
  if ('error' in query) return failure(query.error);
  const allNamespaces = parsed.flags.has('all-namespaces');
  const namespace = lastOption(parsed, 'namespace') ?? currentNamespace;
  const several = request.length > 1;
  const tables: string[] = [];
  const errors: string[] = [];
  const manifests: unknown[] = [];
  for (const { kind, names } of request) {
    const inScope = kind.rows(snapshot).filter((row) => !kind.namespaced || allNamespaces || row.namespace === namespace);
    let rows = inScope.filter((row) => query(row.labels));
    if (names.length > 0) {
      rows = names.flatMap((name) => {
        const found = rows.filter((row) => row.name === name);
        if (found.length === 0) errors.push(`Error from server (NotFound): ${kind.names[0]} "${name}" not found`);
        return found;
      });
    }
    rows.sort((a, b) => (a.namespace ?? '').localeCompare(b.namespace ?? '') || a.name.localeCompare(b.name));
    if (rows.length === 0) continue;
    if (format === 'yaml' || format === 'json') {
      manifests.push(...rows.map((row) => manifestOf(kind, row, plainOf, snapshot)));
      continue;
    }
    if (format === 'name') {
      tables.push(rows.map((row) => `${kind.typeName}/${row.name}\n`).join(''));
      continue;
    }
    tables.push(table(kind, rows, { prefixed: several, wide: format === 'wide', allNamespaces: allNamespaces && kind.namespaced, showLabels: parsed.flags.has('show-labels'), headers: !parsed.flags.has('no-headers') }));
  }
  // One object asked for by name prints alone; anything else as kubectl's List.
  const single = request.length === 1 && request[0]!.names.length === 1 && manifests.length === 1;
  const listed = single ? manifests[0] : { apiVersion: 'v1', items: manifests, kind: 'List', metadata: { resourceVersion: '' } };
  if (format === 'yaml' || format === 'json') {
    const text = format === 'json' ? `${JSON.stringify(listed, null, 4)}\n` : kubectlYaml(listed);
    return { stdout: manifests.length > 0 || errors.length === 0 ? text : '', stderr: errors.map((error) => `${error}\n`).join(''), status: errors.length > 0 ? 1 : 0, notes: [] };
  }
  const stdout = tables.join(format === 'name' ? '' : '\n');
  if (errors.length > 0) return { stdout, stderr: errors.map((error) => `${error}\n`).join(''), status: 1, notes: [] };
  if (stdout === '' && format !== 'name') return output('', 0, [], allNamespaces || !request.some((part) => part.kind.namespaced) ? 'No resources found\n' : `No resources found in ${namespace} namespace.\n`);
  return output(stdout);
}

function table(kind: ResourceKind, rows: readonly ResourceRow[], how: { prefixed: boolean; wide: boolean; allNamespaces: boolean; showLabels: boolean; headers: boolean }): string {
  const header = [...(how.allNamespaces ? ['NAMESPACE'] : []), 'NAME', ...kind.headers, ...(how.wide ? kind.wideHeaders : []), ...(how.showLabels ? ['LABELS'] : [])];
  const body = rows.map((row) => [...(how.allNamespaces ? [row.namespace ?? ''] : []), how.prefixed ? `${kind.typeName}/${row.name}` : row.name, ...row.cells, ...(how.wide ? row.wide : []), ...(how.showLabels ? [labelsText(row.labels)] : [])]);
  return textTable(how.headers ? [header, ...body] : body);
}

/** The kinds and names asked for: `svc,pods`, `svc web api`, or `svc/web pod/api-0`. */
function readRequest(positionals: readonly string[]): { kind: ResourceKind; names: string[] }[] | { readonly error: string } {
  if (positionals.length === 0) return { error: `You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nSimulated kinds: ${RESOURCE_KINDS.map((kind) => kind.names[0]).join(', ')}` };
  if (positionals[0]!.includes('/')) {
    const request: { kind: ResourceKind; names: string[] }[] = [];
    for (const positional of positionals) {
      const [type, name] = positional.split('/');
      if (!name) return { error: `error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'` };
      const kind = resourceKindNamed(type!);
      if (!kind) return unknownKind(type!);
      const existing = request.find((part) => part.kind === kind);
      if (existing) existing.names.push(name);
      else request.push({ kind, names: [name] });
    }
    return request;
  }
  const kinds: ResourceKind[] = [];
  for (const type of positionals[0]!.split(',')) {
    const kind = resourceKindNamed(type);
    if (!kind) return unknownKind(type);
    kinds.push(kind);
  }
  return kinds.map((kind) => ({ kind, names: positionals.slice(1) }));
}

function unknownKind(type: string): { readonly error: string } {
  return { error: `error: the server doesn't have a resource type "${type}" (the terminal simulates ${RESOURCE_KINDS.map((kind) => kind.names[0]).join(', ')})` };
}
