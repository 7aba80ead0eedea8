import { describeSkipReason } from '../model/toolFiles';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import type { OutputFormat } from './arguments';
import { displayPath } from './paths';

export const OBJECTS_HELP = `Usage: kubetrace objects [options] PATH...

Lists every object of the cluster model read from the given files and folders, by namespace, with the
file and line that defines it. Cluster-scoped objects are listed first. Files read as no objects on purpose
(Kustomize, Helm, CI, Compose and other tools' files) are listed last, with the reason.

Options:
  --format text|json     output format (default text)
  --exclude GLOB         skip files matching GLOB, relative to each folder (repeatable)
  --max-file-size BYTES  skip larger files with a notice (default 5000000)
  -h, --help             show this help
`;

export function runObjects(index: WorkspaceIndex, format: OutputFormat, out: (text: string) => void): number {
  const clusters = index.clusters();
  const rows = clusters
    .flatMap((cluster) => cluster.objects.map((object) => ({ cluster: cluster.name, object })))
    .map(({ cluster, object }) => ({
      cluster,
      namespace: object.id.namespace,
      kind: object.id.group ? `${object.id.kind}.${object.id.group}` : object.id.kind,
      name: object.id.name,
      file: displayPath(object.uri),
      line: object.metadata.name.span.value.start.line + 1,
    }))
    .sort(
      (a, b) =>
        a.cluster.localeCompare(b.cluster) ||
        (a.namespace ?? '').localeCompare(b.namespace ?? '') || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name),
    );
  const skipped = index.skippedFiles().map(({ uri, reason }) => ({ file: displayPath(uri), reason, description: describeSkipReason(reason) }));
  if (format === 'json') {
    out(JSON.stringify({ objects: rows, skipped }, null, 2) + '\n');
    return 0;
  }
  const kindWidth = Math.max(4, ...rows.map((row) => row.kind.length));
  const nameWidth = Math.max(4, ...rows.map((row) => row.name.length));
  let namespace: string | undefined | null = null;
  let cluster: string | undefined;
  for (const row of rows) {
    if (clusters.length > 1 && row.cluster !== cluster) {
      cluster = row.cluster;
      namespace = null;
      out(`cluster ${cluster}\n`);
    }
    if (row.namespace !== namespace) {
      namespace = row.namespace;
      out(namespace === undefined ? 'cluster-scoped\n' : `namespace ${namespace}\n`);
    }
    out(`  ${row.kind.padEnd(kindWidth)}  ${row.name.padEnd(nameWidth)}  ${row.file}:${row.line}\n`);
  }
  if (skipped.length > 0) out('skipped files\n');
  const fileWidth = Math.max(0, ...skipped.map((file) => file.file.length));
  for (const file of skipped) out(`  ${file.file.padEnd(fileWidth)}  ${file.description}\n`);
  const namespaces = new Set(rows.map((row) => row.namespace).filter((name) => name !== undefined));
  out(`${rows.length} objects in ${namespaces.size} namespaces${clusters.length > 1 ? ` and ${clusters.length} clusters` : ''}${skipped.length > 0 ? `; ${skipped.length} files skipped` : ''}.\n`);
  return 0;
}
