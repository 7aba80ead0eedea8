import type { WorkspaceEdit } from 'vscode-languageserver/node';
import { allowFlow, type ClusterSnapshot, parseProtocol } from '../engine';
import { connectPeer } from '../features/query';
import type { AllowFlowParams } from '../protocol';

const ANNOTATION = 'kubetrace.allowFlow';

/**
 * "Allow this flow": a WorkspaceEdit that appends, to the file of each policy that denies the connection, a
 * NetworkPolicy admitting exactly that connection. The edit is annotated as needing confirmation, so the editor
 * shows it for preview before anything changes.
 */
export async function allowFlowEdit(params: AllowFlowParams, snapshot: ClusterSnapshot, readText: (uri: string) => Promise<string | undefined>): Promise<WorkspaceEdit | { error: string }> {
  const from = connectPeer(params.from, snapshot);
  if (typeof from === 'string') return { error: from };
  const to = connectPeer(params.to, snapshot);
  if (typeof to === 'string') return { error: to };
  const protocol = parseProtocol(params.protocol);
  if (protocol !== 'TCP' && protocol !== 'UDP' && protocol !== 'SCTP') return { error: protocol };
  const proposals = allowFlow({ from, to, protocol, port: params.port }, snapshot);
  if (proposals.length === 0) return { error: 'no policy an allow rule can override denies this connection (it is allowed, or an admin policy or a Cilium deny rule decides it)' };
  const changes: NonNullable<WorkspaceEdit['changes']> = {};
  for (const proposal of proposals) {
    const text = (await readText(proposal.uri)) ?? '';
    const lines = text.split('\n');
    const end = { line: lines.length - 1, character: lines[lines.length - 1]!.length };
    const prefix = text.endsWith('\n') || text === '' ? '' : '\n';
    changes[proposal.uri] = [...(changes[proposal.uri] ?? []), { range: { start: end, end }, newText: `${prefix}${proposal.yaml}` }];
  }
  return {
    documentChanges: Object.entries(changes).map(([uri, edits]) => ({
      textDocument: { uri, version: null },
      edits: edits.map((edit) => ({ ...edit, annotationId: ANNOTATION })),
    })),
    changeAnnotations: { [ANNOTATION]: { label: 'Allow this flow', description: `${[...new Set(proposals.map((proposal) => proposal.kind))].join(' and ')} admitting ${params.from} → ${params.to} ${protocol}/${params.port}`, needsConfirmation: true } },
  };
}
