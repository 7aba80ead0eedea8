import * as nodePath from 'node:path';
import { parseArguments, PathError, readFormat, UsageError, type ParsedArguments } from './cli/arguments';
import { CHECK_HELP, checkModel, printCheck } from './cli/checkCommand';
import { chooseCluster, openWorkspace, scanWorkspace, type LoadOptions, type ScannedWorkspace, type WorkspaceOptions } from './cli/openWorkspace';
import { buildSnapshot, parseSource } from './engine';
import type { ClusterModel } from './model/clusterModel';
import { AnalysisCacheStore } from './workspace/analysisCache';
import { MATRIX_HELP, parsePortOption, runMatrix } from './cli/matrixCommand';
import { OBJECTS_HELP, runObjects } from './cli/objectsCommand';
import { QUERY_HELP, runQuery } from './cli/queryCommand';
import { RENDER_HELP, runRender } from './cli/renderCommand';
import { runTrace, TRACE_HELP } from './cli/traceCommand';
import { runShell, SHELL_HELP } from './cli/shellCommand';
import { DIFF_HELP, readDiffFormat, readFailOn, runDiff } from './cli/diffCommand';
import { checkoutRevision as checkout, GitRevisionError } from './workspace/gitRevision';
import { GENERATE_HELP, runGenerate } from './cli/generateCommand';

const HELP = `Usage: kubetrace COMMAND [options] PATH...

Kubetrace reads Kubernetes manifests into one cluster model, offline, and tells what the cluster would do.

Commands:
  check PATH...     print the model's problems (file:line:col severity code message); exit 1 on errors
  objects PATH...   list the objects of the model by namespace, with where each is defined
  trace PATH... --from SRC --to DST
                    follow one request hop by hop (DNS, kube-proxy, CNI, NetworkPolicy, container)
  query PATH...     answer JSON requests (dns, trace, connect, rules, ...) read line by line from standard input
  matrix PATH...    who may connect to whom under the policies, per port
  render PATH       print the objects 'kustomize build PATH' would print, rendered offline
  diff BASE HEAD    what a change does to connectivity (or: diff PATH --git REV)
  generate PATH...  NetworkPolicies that admit exactly the connections the manifests imply
  sh PATH... [-c COMMAND]
                    a terminal on the simulated cluster: kubectl get/exec, curl, nslookup, dig, iptables...

Run 'kubetrace COMMAND --help' for a command's options. Exit status 2 means a usage or I/O error.
`;

const COMMON = { flags: ['--help', '-h'], values: ['--format', '--exclude', '--max-file-size', '--namespace'] };
const COMMANDS: Record<string, { help: string; flags: string[]; values?: string[]; run: (parsed: ParsedArguments) => Promise<number> }> = {
  check: {
    help: CHECK_HELP,
    flags: ['--exit-zero'],
    values: ['--profile', '--cache-dir'],
    run: async (parsed) => {
      const format = parsed.values.get('--format')?.at(-1) === 'sarif' ? 'sarif' : readFormat(parsed);
      const cacheDirectory = last(parsed, '--cache-dir');
      const cache = cacheDirectory ? new AnalysisCacheStore(cacheDirectory, (error) => warn(`kubetrace: could not write the cache in ${cacheDirectory}: ${String(error)}\n`)) : undefined;
      // Parsed while read unless a stored analysis may answer: then the parse waits for the cache's key.
      const scanned = await scanWorkspace(parsed.positionals, workspaceOptions(parsed), warn, { parseAhead: !(await cache?.holdsAnalysis()) });
      const cached = await cache?.read(scanned.cacheContext);
      const result = cached ? { problems: cached.problems, files: scanned.fileCount, objects: cached.objectCount } : await checkWorkspace(scanned);
      if (!cached) await cache?.write(scanned.cacheContext, { problems: result.problems, objectCount: result.objects });
      return printCheck(result, format, parsed.flags.has('--exit-zero'), write);
    },
  },
  objects: {
    help: OBJECTS_HELP,
    flags: [],
    run: async (parsed) => runObjects((await open(parsed)).index, readFormat(parsed), write),
  },
  trace: {
    help: TRACE_HELP,
    flags: ['--rules'],
    values: ['--from', '--to', '--protocol', '--profile', '--method', '--header', '--cluster'],
    run: async (parsed) => {
      const workspace = await open(parsed);
      const method = last(parsed, '--method');
      const options = { rules: parsed.flags.has('--rules'), format: readFormat(parsed), headers: parsed.values.get('--header') ?? [], ...(method && { method }) };
      const from = last(parsed, '--from');
      const to = last(parsed, '--to');
      const protocol = last(parsed, '--protocol');
      const cluster = chooseCluster(workspace.index, last(parsed, '--cluster'), from ? (candidate) => holdsSource(candidate, from) : undefined);
      const several = workspace.index.clusters().length > 1;
      return runTrace(cluster, workspace.profileOf(cluster?.name ?? ''), { ...options, ...(from && { from }), ...(to && { to }), ...(protocol && { protocol }), ...(several && cluster && { cluster: cluster.name }) }, write);
    },
  },
  matrix: {
    help: MATRIX_HELP,
    flags: [],
    values: ['--profile', '--port', '--cluster'],
    run: async (parsed) => {
      const format = parsed.values.get('--format')?.at(-1) ?? 'text';
      if (!['text', 'json', 'csv', 'rows'].includes(format)) throw new UsageError(`--format must be text, json, csv or rows, not ${format}`);
      const port = parsePortOption(last(parsed, '--port'));
      const workspace = await open(parsed);
      const cluster = chooseCluster(workspace.index, last(parsed, '--cluster'));
      return runMatrix(buildSnapshot(cluster?.objects ?? [], workspace.profileOf(cluster?.name ?? '')), format, port, write);
    },
  },
  render: {
    help: RENDER_HELP,
    flags: [],
    run: async (parsed) => runRender(parsed, write, warn),
  },
  diff: {
    help: DIFF_HELP,
    flags: [],
    values: ['--git', '--fail-on', '--profile', '--cluster'],
    run: async (parsed) => {
      const format = readDiffFormat(parsed.values.get('--format')?.at(-1));
      const failOn = readFailOn(last(parsed, '--fail-on'));
      const cluster = last(parsed, '--cluster');
      const options = { format, ...(failOn && { failOn }), ...(cluster !== undefined && { cluster }) };
      const revision = last(parsed, '--git');
      const side = (folder: string) => openWorkspace([folder], workspaceOptions({ ...parsed, positionals: [folder] }), warn);
      if (revision === undefined) {
        if (parsed.positionals.length !== 2) throw new UsageError('diff compares two sides: BASE HEAD, or PATH --git REV');
        const [base, head] = parsed.positionals as [string, string];
        return runDiff(await side(base), await side(head), { ...options, sides: { base, head } }, write, { base: nodePath.resolve(base), head: nodePath.resolve(head) });
      }
      if (parsed.positionals.length !== 1) throw new UsageError('with --git, name one PATH: it is compared as committed at REV and as it is now');
      const [target] = parsed.positionals as [string];
      const [from, to] = revision.includes('..') ? revision.split('..') : [revision, undefined];
      const base = await checkoutRevision(target, from!);
      const head = to ? await checkoutRevision(target, to).catch((error: unknown) => { base.remove(); throw error; }) : undefined;
      try {
        const sides = { base: `${from} (${base.commit})`, head: head ? `${to} (${head.commit})` : 'the working tree' };
        return runDiff(await side(base.folder), await side(head?.folder ?? target), { ...options, sides }, write, { base: base.folder, head: head?.folder ?? nodePath.resolve(target), revision: { name: from!, pathInRepository: base.pathInRepository } });
      } finally {
        base.remove();
        head?.remove();
      }
    },
  },
  generate: {
    help: GENERATE_HELP,
    flags: [],
    values: ['--out', '--profile', '--cluster'],
    run: async (parsed) => {
      // --namespace names the namespaces to generate for here, not where objects without one go.
      const namespaces = parsed.values.get('--namespace');
      const workspace = await openWorkspace(parsed.positionals, { ...loadOptions(parsed), ...(last(parsed, '--profile') !== undefined && { profile: last(parsed, '--profile')! }) }, warn);
      const cluster = chooseCluster(workspace.index, last(parsed, '--cluster'));
      const out = last(parsed, '--out');
      return runGenerate(cluster, workspace.profileOf(cluster?.name ?? ''), { ...(namespaces && { namespaces }), ...(out !== undefined && { out }) }, write);
    },
  },
  sh: {
    help: SHELL_HELP,
    flags: ['--quiet'],
    values: ['--profile', '--cluster', '-c'],
    run: async (parsed) => {
      const workspace = await open(parsed);
      const cluster = chooseCluster(workspace.index, last(parsed, '--cluster'));
      const command = last(parsed, '-c');
      return runShell(cluster, workspace.profileOf(cluster?.name ?? ''), { quiet: parsed.flags.has('--quiet'), ...(command !== undefined && { command }) }, { write, warn });
    },
  },
  query: {
    help: QUERY_HELP,
    flags: [],
    values: ['--profile', '--cluster'],
    run: async (parsed) => {
      const workspace = await open(parsed);
      const cluster = chooseCluster(workspace.index, last(parsed, '--cluster'));
      const snapshot = buildSnapshot(cluster?.objects ?? [], workspace.profileOf(cluster?.name ?? ''));
      return runQuery(snapshot, process.stdin, write);
    },
  },
};

function last(parsed: ParsedArguments, name: string): string | undefined {
  return parsed.values.get(name)?.at(-1);
}

function warn(text: string): void {
  process.stderr.write(text);
}

function write(text: string): void {
  process.stdout.write(text);
}

function loadOptions(parsed: ParsedArguments): LoadOptions {
  if (parsed.positionals.length === 0) throw new UsageError('name at least one file or folder');
  const maxFileSize = Number(parsed.values.get('--max-file-size')?.at(-1) ?? 5_000_000);
  if (!Number.isFinite(maxFileSize) || maxFileSize <= 0) throw new UsageError('--max-file-size must be a positive number');
  return { exclude: parsed.values.get('--exclude') ?? [], maxFileSize };
}

function workspaceOptions(parsed: ParsedArguments): WorkspaceOptions {
  const options = loadOptions(parsed);
  const profile = last(parsed, '--profile');
  const namespace = last(parsed, '--namespace');
  if (namespace !== undefined && !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(namespace)) throw new UsageError(`--namespace must be a namespace name (a DNS label), not ${JSON.stringify(namespace)}`);
  return { ...options, ...(profile !== undefined && { profile }), ...(namespace !== undefined && { namespace }) };
}

async function open(parsed: ParsedArguments) {
  return openWorkspace(parsed.positionals, workspaceOptions(parsed), warn);
}

/** Parses what was read and checks it: a `check` the cache does not answer. */
async function checkWorkspace(scanned: ScannedWorkspace) {
  const workspace = await scanned.parse();
  return checkModel(workspace.index, workspace.profileOf);
}

/** Whether a cluster holds the workload (or pod) a `--from` names, so that a trace picks the cluster it is about. */
function holdsSource(cluster: ClusterModel, from: string): boolean {
  const source = parseSource(from);
  if (typeof source === 'string' || !('namespace' in source) || !('name' in source)) return false;
  return cluster.objects.some((object) => object.id.namespace === source.namespace && object.id.name === source.name);
}

/** A path as committed at a revision; what git cannot give is the user's to fix, as a path that cannot be read is. */
async function checkoutRevision(target: string, revision: string) {
  try {
    return await checkout(target, revision);
  } catch (error) {
    throw error instanceof GitRevisionError ? new PathError(error.message) : error;
  }
}

async function main(args: string[]): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(HELP);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) throw new UsageError(`unknown command ${name}`);
  const parsed = parseArguments(rest, { flags: [...COMMON.flags, ...command.flags], values: [...COMMON.values, ...(command.values ?? [])] });
  if (parsed.flags.has('--help') || parsed.flags.has('-h')) {
    process.stdout.write(command.help);
    return 0;
  }
  return command.run(parsed);
}

// A reader that stops early (`kubetrace objects . | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    if (error instanceof UsageError) process.stderr.write(`kubetrace: ${error.message}\nRun 'kubetrace --help' for usage.\n`);
    else if (error instanceof PathError) process.stderr.write(`kubetrace: ${error.message}\n`);
    else process.stderr.write(`kubetrace: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
