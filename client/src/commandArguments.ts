import type { AllowFlowParams, TraceConnectionArgs } from '../../server/src/protocol';
import type { TraceViewRequest } from '../../media/src/protocol';

// Code actions and hover links pass JSON the client did not make: each command checks its argument before acting.

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= 512;
const isPort = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65535;

/** The trace view request "Trace this connection" makes: the source and the destination (with its port, when given). */
export function traceConnectionRequest(raw: unknown): TraceViewRequest | undefined {
  if (!isRecord(raw) || !isText(raw['source']) || !isText(raw['destination'])) return undefined;
  const port = raw['port'];
  if (port !== undefined && !isPort(port)) return undefined;
  const args: TraceConnectionArgs = { source: raw['source'], destination: raw['destination'], ...(port !== undefined && { port }) };
  return { tab: 'trace', from: args.source, to: args.port === undefined ? args.destination : `${args.destination}:${args.port}` };
}

/** The flow "Allow this flow..." asks the server's edit for, or undefined when the argument is not one. */
export function allowFlowParams(raw: unknown): AllowFlowParams | undefined {
  if (!isRecord(raw)) return undefined;
  const { from, to, protocol, port, cluster } = raw;
  if (!isText(from) || !isText(to) || (protocol !== 'TCP' && protocol !== 'UDP' && protocol !== 'SCTP') || !isPort(port)) return undefined;
  if (cluster !== undefined && !isText(cluster)) return undefined;
  return { from, to, protocol, port, ...(cluster !== undefined && { cluster }) };
}
