import type { ProblemConnection, SourceLocation } from '../engine';
import { ALLOW_FLOW_COMMAND, OPEN_LOCATION_COMMAND, TRACE_CONNECTION_COMMAND, type AllowFlowParams, type TraceConnectionArgs } from '../protocol';

/** A next step for a finding that is not an edit: a client command with its arguments. */
export interface FindingCommand {
  readonly title: string;
  readonly command: string;
  readonly arguments: readonly unknown[];
}

/** What a finding says that leads somewhere, as its diagnostic carries it back. */
export interface FindingLeads {
  readonly code: string | number | undefined;
  readonly related: readonly SourceLocation[];
  readonly connection: ProblemConnection | undefined;
  /** The cluster model the finding's file belongs to, for the allow-flow edit. */
  readonly cluster: string | undefined;
}

/**
 * The commands a finding leads to: a duplicate (KT004) opens the other definitions; a connection that fails opens
 * the trace view on it, and where NetworkPolicy denies it proposes the policy edit that allows it.
 */
export function findingCommands({ code, related, connection, cluster }: FindingLeads): FindingCommand[] {
  const commands: FindingCommand[] = [];
  // A duplicate's finding points at the definition kubectl apply keeps (and the other copies).
  if (code === 'KT004') {
    related.forEach((location, index) => {
      const file = decodeURIComponent(location.uri.slice(location.uri.lastIndexOf('/') + 1));
      commands.push({ title: `Open the ${index === 0 ? 'definition kept' : 'other definition'} (${file}:${location.range.start.line + 1})`, command: OPEN_LOCATION_COMMAND, arguments: [location.uri, location.range] });
    });
  }
  if (connection) {
    const trace: TraceConnectionArgs = { source: connection.from, destination: connection.to };
    commands.push({ title: `Trace this connection (${connection.from} → ${connection.to})`, command: TRACE_CONNECTION_COMMAND, arguments: [trace] });
    if (connection.allow) {
      const flow: AllowFlowParams = { ...connection.allow, ...(cluster && { cluster }) };
      commands.push({ title: `Allow this flow... (${flow.from} → ${flow.to} ${flow.protocol}/${flow.port})`, command: ALLOW_FLOW_COMMAND, arguments: [flow] });
    }
  }
  return commands;
}
