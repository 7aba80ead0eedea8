/**
 * The custom requests between the extension client and the language server. The client imports nothing
 * else from the server, so this file holds only plain types and method names.
 */

/** Commands the client registers that the server may name (in CodeLens): the trace view aimed at a destination. */
export const TRACE_TO_COMMAND = 'kubetrace.traceToService';

/** Client command that opens a file at a range (arguments: the file URI and a ProtocolRange); code actions use it to open another definition. */
export const OPEN_LOCATION_COMMAND = 'kubetrace.openLocation';

/** Client command that opens the trace view with a source and a destination filled in (one argument: TraceConnectionArgs). */
export const TRACE_CONNECTION_COMMAND = 'kubetrace.traceConnection';

export interface TraceConnectionArgs {
  /** The trace view's source: `namespace/workload`, `pod:namespace/name`, `node:NAME` or `external`. */
  readonly source: string;
  /** `NAME:PORT`, a URL, `IP:PORT`, or a name whose port the view completes. */
  readonly destination: string;
  /** Appended to the destination when given. */
  readonly port?: number;
}

/** Client command that proposes the NetworkPolicy edit admitting one denied flow (one argument: AllowFlowParams). */
export const ALLOW_FLOW_COMMAND = 'kubetrace.allowFlow';

export interface ProtocolPosition {
  readonly line: number;
  readonly character: number;
}

export interface ProtocolRange {
  readonly start: ProtocolPosition;
  readonly end: ProtocolPosition;
}

export interface ModelObjectSummary {
  readonly kind: string;
  readonly group: string;
  readonly namespace: string | undefined;
  readonly name: string;
  readonly uri: string;
  readonly range: ProtocolRange;
}

export interface ClusterSummary {
  readonly name: string;
  readonly fileCount: number;
  readonly objects: readonly ModelObjectSummary[];
  readonly errorCount: number;
  readonly warningCount: number;
}

export interface ModelSummary {
  readonly clusters: readonly ClusterSummary[];
  /** The workspace's files read as no objects on purpose (a kustomization, a CI workflow), with why. */
  readonly skippedFiles: readonly { readonly uri: string; readonly reason: string }[];
}

/** `kubetrace/modelSummary`: every object of every cluster model, with where it is defined. */
export const MODEL_SUMMARY_REQUEST = 'kubetrace/modelSummary';

/** `kubetrace/modelChanged` (server to client): the model changed; ask again for what you show. */
export const MODEL_CHANGED_NOTIFICATION = 'kubetrace/modelChanged';

/**
 * `kubetrace/query`: one request of the engine, the same as a line of `kubetrace query` (see
 * schemas/query.schema.json): dns, trace, rules, endpoints, env. `cluster` picks a cluster model by name
 * (default: the first). The answer is the same JSON the CLI prints.
 */
export const QUERY_REQUEST = 'kubetrace/query';

export interface QueryParams {
  readonly cluster?: string;
  readonly request: Readonly<Record<string, unknown>>;
}

/**
 * `kubetrace/allowFlow`: a WorkspaceEdit (for preview: its changes need confirmation) adding the
 * policies that let one denied connection through (NetworkPolicies, or the CNI's own where the workspace uses them), or `{error}` when no policy an allow can override denies it.
 */
export const ALLOW_FLOW_REQUEST = 'kubetrace/allowFlow';

export interface AllowFlowParams {
  readonly cluster?: string;
  /** `NS/WORKLOAD`, `NS/Kind/NAME` or an IPv4 address outside the cluster. */
  readonly from: string;
  readonly to: string;
  readonly protocol?: string;
  readonly port: number;
}

/**
 * `kubetrace/snapshotInput`: what the webview needs to run the engine itself: the objects of a cluster model
 * (plain data, Secrets without values) and the effective profile. `clusters` names every cluster model.
 */
export const SNAPSHOT_INPUT_REQUEST = 'kubetrace/snapshotInput';

/** `cluster` names the cluster model; without it, the one holding the file `uri` (the active editor's), else the first. */
export interface SnapshotInputParams {
  readonly cluster?: string;
  readonly uri?: string;
}

/**
 * `kubetrace/serverStats`: the server's memory, for the benchmark and for a user who wonders what the
 * server costs. Heap figures are in bytes; `heapUsedHighWater` is the largest heap in use seen right after
 * a load or an analysis (a sample, not every allocation); `maxRss` is the process's peak resident set.
 */
export const SERVER_STATS_REQUEST = 'kubetrace/serverStats';

export interface ServerStats {
  readonly heapUsed: number;
  readonly heapUsedHighWater: number;
  readonly rss: number;
  readonly maxRss: number;
}

/**
 * `kubetrace/renderedObject`: the object written at a position, as each Kustomize build that reads the file renders
 * it (multi-document YAML, a Secret's values left out). Empty when no build reads the file or nothing is there.
 */
export const RENDERED_OBJECT_REQUEST = 'kubetrace/renderedObject';

export interface RenderedObjectParams {
  readonly uri: string;
  readonly position: { readonly line: number; readonly character: number };
}

export interface RenderedObject {
  /** The build's cluster (its folder). */
  readonly cluster: string;
  /** `Kind namespace/name`, as rendered. */
  readonly title: string;
  readonly yaml: string;
}

/** How the language server's Node is started: with `gc`, which heapGrowth.ts calls once after the first analysis. */
export const SERVER_EXEC_ARGV: readonly string[] = ['--expose-gc'];

/**
 * `kubetrace/terminal/open`: a cluster terminal (the `kubetrace sh` of the editor) on the cluster model named, or the
 * one holding `uri`, else the first. The answer names the terminal for the requests that follow.
 */
export const TERMINAL_OPEN_REQUEST = 'kubetrace/terminal/open';

export interface TerminalOpenParams {
  readonly cluster?: string;
  readonly uri?: string;
}

export interface TerminalOpened {
  readonly id: number;
  readonly cluster: string;
  readonly prompt: string;
}

/** `kubetrace/terminal/run`: one command line in an open terminal; `{error}` when the terminal is not open. */
export const TERMINAL_RUN_REQUEST = 'kubetrace/terminal/run';

export interface TerminalRunParams {
  readonly id: number;
  readonly line: string;
}

export interface TerminalReply {
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number;
  /** What decided the answer, each with the YAML behind it where there is one. */
  readonly notes: readonly { readonly text: string; readonly uri?: string; readonly range?: ProtocolRange }[];
  /** The prompt after the command: where the next one runs. */
  readonly prompt: string;
}

/** `kubetrace/terminal/close` (client to server): the terminal's changes are dropped. */
export const TERMINAL_CLOSE_NOTIFICATION = 'kubetrace/terminal/close';

export interface TerminalCloseParams {
  readonly id: number;
}

/**
 * `kubetrace/compareConnectivity`: what the workspace as it is now (unsaved buffers included) changes in connectivity
 * against a git revision of its folder (HEAD by default), for the cluster model named or holding `uri`. The report is
 * `kubetrace diff --format json`'s (schemas/diff.schema.json); `{error}` when the folder is not in a repository or
 * the revision is unknown.
 */
export const COMPARE_CONNECTIVITY_REQUEST = 'kubetrace/compareConnectivity';

export interface CompareConnectivityParams {
  readonly revision?: string;
  readonly uri?: string;
  readonly cluster?: string;
}

export interface ConnectivityComparisonReply {
  /** The revision and the commit read: `HEAD (1a2b3c4d5e6f)`. */
  readonly base: string;
  readonly cluster: string;
  readonly summary: string;
  /** The report as a pull-request comment. */
  readonly markdown: string;
  readonly report: object;
}

/**
 * `kubetrace/generatePolicies`: a WorkspaceEdit (for preview) creating, beside `uri`, a file of the least-privilege
 * NetworkPolicies of the namespace of the object at `position` (else of the file's first object); `{error}` when
 * the file holds no object.
 */
export const GENERATE_POLICIES_REQUEST = 'kubetrace/generatePolicies';

export interface GeneratePoliciesParams {
  readonly uri: string;
  readonly position?: ProtocolPosition;
}

/** The scheme the editor opens a git revision's file under: `kubetrace-revision:/COMMIT/path/in/repository`. */
export const REVISION_SCHEME = 'kubetrace-revision';

/** `kubetrace/fileAtRevision`: the text of a `kubetrace-revision:` URI's file as committed; `{error}` when there is none. */
export const FILE_AT_REVISION_REQUEST = 'kubetrace/fileAtRevision';

export interface FileAtRevisionParams {
  readonly uri: string;
}
