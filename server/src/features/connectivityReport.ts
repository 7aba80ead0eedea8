import { OTHER_SOURCES, type ConnectionChange, type ConnectivityDiff, type SourceRef } from '../engine';

/** What a connection change does: lets something through that was not, stops something that was, or neither. */
export type ChangeEffect = 'opened' | 'closed' | 'changed';

const PASSES = { allowed: 2, depends: 1, denied: 0, absent: 0 } as const;

export function effectOf(change: ConnectionChange): ChangeEffect {
  const before = PASSES[change.before];
  const after = PASSES[change.after];
  return after > before ? 'opened' : after < before ? 'closed' : 'changed';
}

/** A change's source; `*` as the workloads it stands for (a few named, the count of the rest). */
function sourceName(change: ConnectionChange): string {
  if (change.from !== OTHER_SOURCES) return change.from;
  const named = change.sources ?? [];
  const count = change.sourceCount ?? named.length;
  return count <= 3 ? `every other workload (${named.join(', ')})` : `every other workload (${count}: ${named.slice(0, 3).join(', ')}, ...)`;
}

/** The one-line summary: connections opened and closed, routes, Services and DNS names. */
export function diffSummary(diff: ConnectivityDiff): string {
  const count = (effect: ChangeEffect) => diff.connections.filter((change) => effectOf(change) === effect).length;
  const changed = count('changed');
  return [
    `${count('opened')} connections opened, ${count('closed')} closed${changed > 0 ? `, ${changed} changed` : ''}`,
    `${diff.routes.length} ${diff.routes.length === 1 ? 'route' : 'routes'} changed`,
    `Services +${diff.services.added.length} −${diff.services.removed.length}`,
    `DNS names +${diff.dnsNames.added.length} −${diff.dnsNames.removed.length}`,
  ].join(' · ');
}

const MARK: Record<ChangeEffect, string> = { opened: '+', closed: '-', changed: '~' };

function linesText(refs: readonly SourceRef[] | undefined, place: (uri: string) => string): string {
  return refs && refs.length > 0 ? ` (${refs.map((ref) => `${place(ref.uri)}:${ref.range.start.line + 1}`).join(', ')})` : '';
}

/** The diff for a terminal: the summary, then each change with what decided it on each side, and where. */
export function diffText(diff: ConnectivityDiff, place: (uri: string) => string = (uri) => uri): string {
  const lines = [diffSummary(diff)];
  if (diff.connections.length > 0) {
    lines.push('', 'Connections');
    for (const change of diff.connections) {
      lines.push(`  ${MARK[effectOf(change)]} ${sourceName(change)} → ${change.to} ${change.protocol}/${change.port}: ${change.before} → ${change.after}`);
      if (change.beforeReason) lines.push(`      before: ${change.beforeReason}${linesText(change.beforeRefs, place)}`);
      if (change.afterReason) lines.push(`      after:  ${change.afterReason}${linesText(change.afterRefs, place)}`);
    }
  }
  if (diff.routes.length > 0) {
    lines.push('', 'Routes');
    for (const route of diff.routes) lines.push(`  ~ ${route.kind} ${route.object} ${route.host}${route.path}: ${route.before ?? '(none)'} → ${route.after ?? '(none)'}`);
  }
  for (const [title, changes] of [['Services', diff.services], ['DNS names', diff.dnsNames]] as const) {
    if (changes.added.length + changes.removed.length === 0) continue;
    lines.push('', title, ...changes.added.map((name) => `  + ${name}`), ...changes.removed.map((name) => `  - ${name}`));
  }
  return `${lines.join('\n')}\n`;
}

/** The diff as JSON (schemas/diff.schema.json): each connection change with its effect. */
export function diffJson(diff: ConnectivityDiff): object {
  return {
    summary: diffSummary(diff),
    changes: diff.connections.map((change) => ({ ...change, effect: effectOf(change) })),
    routes: diff.routes,
    services: diff.services,
    dnsNames: diff.dnsNames,
  };
}

const ICON: Record<ChangeEffect, string> = { opened: '🟢 opened', closed: '🔴 closed', changed: '🟡 changed' };

/** The diff as a pull-request comment: the summary, a table of connection changes, the reasons folded away. */
export function diffMarkdown(diff: ConnectivityDiff): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = ['### Kubetrace: what this change does to connectivity', '', `**${diffSummary(diff)}**`];
  if (diff.connections.length > 0) {
    lines.push('', '| | From | To | Port | Before | After |', '|---|---|---|---|---|---|');
    for (const change of diff.connections) lines.push(`| ${ICON[effectOf(change)]} | \`${cell(sourceName(change))}\` | \`${cell(change.to)}\` | ${change.protocol}/${change.port} | ${change.before} | ${change.after} |`);
    lines.push('', '<details><summary>What decided each change</summary>', '');
    for (const change of diff.connections) {
      lines.push(`- \`${cell(sourceName(change))}\` → \`${cell(change.to)}\` ${change.protocol}/${change.port}`);
      if (change.beforeReason) lines.push(`  - before: ${cell(change.beforeReason)}`);
      if (change.afterReason) lines.push(`  - after: ${cell(change.afterReason)}`);
    }
    lines.push('', '</details>');
  }
  if (diff.routes.length > 0) {
    lines.push('', '| Route | Host and path | Before | After |', '|---|---|---|---|');
    for (const route of diff.routes) lines.push(`| ${route.kind} \`${cell(route.object)}\` | \`${cell(route.host + route.path)}\` | ${route.before ? `\`${cell(route.before)}\`` : '—'} | ${route.after ? `\`${cell(route.after)}\`` : '—'} |`);
  }
  const names = [...diff.services.added.map((name) => `+ Service \`${name}\``), ...diff.services.removed.map((name) => `− Service \`${name}\``), ...diff.dnsNames.added.map((name) => `+ DNS \`${name}\``), ...diff.dnsNames.removed.map((name) => `− DNS \`${name}\``)];
  if (names.length > 0) lines.push('', ...names.map((name) => `- ${name}`));
  return `${lines.join('\n')}\n`;
}
