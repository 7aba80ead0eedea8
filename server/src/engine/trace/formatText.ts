import type { Packet, Trace } from './types';

function packetText(packet: Packet): string {
  return `${packet.protocol} ${packet.src}:${packet.srcPort} → ${packet.dst}:${packet.dstPort}`;
}

/** A trace as plain text for a terminal or a bug report: the verdict, then one block per hop. `place` shows a file. */
export function formatTraceText(trace: Trace, showRules: boolean, place: (uri: string) => string): string {
  const lines = [`verdict: ${trace.verdict.kind}: ${trace.verdict.summary}`, ''];
  trace.hops.forEach((hop, index) => {
    lines.push(`${index + 1}. [${hop.component}]${hop.node ? ` on ${hop.node}` : ''} ${hop.title}`);
    lines.push(`   ${hop.decision}`);
    if (hop.before && hop.after) lines.push(`   packet: ${packetText(hop.before)}  ⇒  ${packetText(hop.after)}`);
    else if (hop.before) lines.push(`   packet: ${packetText(hop.before)}`);
    for (const detail of hop.details ?? []) lines.push(`   - ${detail}`);
    for (const choice of hop.alternatives ?? []) {
      lines.push(`   ${choice.chosen ? '→' : ' '} ${choice.address}${choice.pod ? ` ${choice.pod}` : ''}${choice.node ? ` on ${choice.node}` : ''} (${Math.round(choice.probability * 1000) / 10}%)`);
    }
    for (const ref of hop.refs) lines.push(`   @ ${place(ref.uri)}:${ref.range.start.line + 1}:${ref.range.start.character + 1} ${ref.label}`);
    if (showRules && hop.rules) lines.push(...hop.rules.split('\n').map((rule) => `     ${rule}`));
  });
  if (trace.notes.length > 0) lines.push('', ...[...new Set(trace.notes)].map((note) => `note: ${note}`));
  return `${lines.join('\n')}\n`;
}
