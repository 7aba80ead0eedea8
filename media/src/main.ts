import type { ClusterSummary, ModelObjectSummary, ModelSummary } from '../../server/src/protocol';
import { WEBVIEW_PROTOCOL_VERSION, type HostToWebview, type WebviewToHost } from './protocol';

declare function acquireVsCodeApi(): { postMessage(message: WebviewToHost): void };

const vscode = acquireVsCodeApi();
const root = document.getElementById('root')!;
const filter = document.getElementById('filter') as HTMLInputElement;
let current: ModelSummary = { clusters: [], skippedFiles: [] };

/** Builds an element whose text is set as text: manifest strings never become HTML. */
function element(tag: string, className: string, text?: string): HTMLElement {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function matches(object: ModelObjectSummary, query: string): boolean {
  if (!query) return true;
  return `${object.kind} ${object.namespace ?? ''} ${object.name}`.toLowerCase().includes(query);
}

function renderCluster(cluster: ClusterSummary, query: string, showName: boolean): HTMLElement {
  const section = element('section', 'cluster');
  const objects = cluster.objects.filter((object) => matches(object, query));
  const namespaces = new Set(cluster.objects.map((object) => object.namespace).filter((name) => name !== undefined));
  const heading = showName ? `Cluster ${cluster.name}: ` : '';
  section.append(
    element(
      'h2',
      'cluster-title',
      `${heading}${cluster.objects.length} objects in ${namespaces.size} namespaces, ${cluster.fileCount} files · ${cluster.errorCount} errors, ${cluster.warningCount} warnings`,
    ),
  );
  const groups = new Map<string, ModelObjectSummary[]>();
  for (const object of objects) {
    const key = object.namespace ?? '';
    groups.set(key, [...(groups.get(key) ?? []), object]);
  }
  for (const [namespace, members] of [...groups.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const details = document.createElement('details');
    details.open = true;
    details.append(element('summary', 'namespace', `${namespace === '' ? 'cluster-scoped' : `namespace ${namespace}`} (${members.length})`));
    const list = element('ul', 'objects');
    for (const object of members.sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name))) {
      const item = element('li', 'object');
      const link = element('a', 'object-link');
      link.setAttribute('href', '#');
      link.setAttribute('title', 'Open the YAML that defines this object');
      link.append(element('span', 'kind', object.group ? `${object.kind}.${object.group}` : object.kind), element('span', 'name', object.name));
      link.addEventListener('click', (event) => {
        event.preventDefault();
        vscode.postMessage({ type: 'reveal', uri: object.uri, range: object.range });
      });
      item.append(link);
      list.append(item);
    }
    details.append(list);
    section.append(details);
  }
  if (objects.length === 0) section.append(element('p', 'empty', query ? 'No object matches the filter.' : 'No Kubernetes objects in this cluster.'));
  return section;
}

/** Files read as no objects on purpose, closed by default: each opens, and says why it gave nothing. */
function renderSkippedFiles(summary: ModelSummary): HTMLElement {
  const files = summary.skippedFiles;
  const folder = commonFolder([...files.map((file) => file.uri), ...summary.clusters.flatMap((cluster) => cluster.objects.map((object) => object.uri))]);
  const details = document.createElement('details');
  details.append(element('summary', 'namespace', `skipped files (${files.length}): not Kubernetes objects`));
  const list = element('ul', 'objects');
  for (const file of files) {
    const item = element('li', 'object');
    const link = element('a', 'object-link');
    link.setAttribute('href', '#');
    link.setAttribute('title', file.reason);
    link.append(element('span', 'name', decodeURIComponent(file.uri.slice(folder.length))), element('span', 'kind', ` ${file.reason}`));
    link.addEventListener('click', (event) => {
      event.preventDefault();
      vscode.postMessage({ type: 'reveal', uri: file.uri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
    });
    item.append(link);
    list.append(item);
  }
  details.append(list);
  return details;
}

/** The folder (ending in /) all the URIs are in, so that a list of files shows only what tells them apart. */
function commonFolder(uris: readonly string[]): string {
  let prefix = uris[0] ?? '';
  for (const uri of uris) while (!uri.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix.slice(0, prefix.lastIndexOf('/') + 1);
}

function render(): void {
  const query = filter.value.trim().toLowerCase();
  root.replaceChildren();
  if (current.clusters.length === 0) root.append(element('p', 'empty', 'No Kubernetes manifests found in this workspace.'));
  for (const cluster of current.clusters) root.append(renderCluster(cluster, query, current.clusters.length > 1));
  if (current.skippedFiles.length > 0) root.append(renderSkippedFiles(current));
}

window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
  const message = event.data;
  if (message?.type !== 'model' || message.version !== WEBVIEW_PROTOCOL_VERSION) return;
  current = message.summary;
  render();
});
filter.addEventListener('input', render);
vscode.postMessage({ type: 'ready', version: WEBVIEW_PROTOCOL_VERSION });
