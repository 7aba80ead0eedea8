import { isMap, isScalar, LineCounter, type YAMLError } from 'yaml';
import type { KubeObject } from '../engine/objects';
import { problemOf, type Problem } from '../engine/problem';
import type { TextPosition } from '../engine/source';
import { positionAt, type DecodeContext } from './decode';
import { isHelmTemplate, LINE_STARTING_WITH_ACTION, TEMPLATE_ACTION } from './helmTemplate';
import { readObjects } from './readObject';
import { skipReasonOfDocument, skipReasonOfPath, type SkipReason } from './toolFiles';
import type { YamlDocument } from './yamlDocument';
import { parseYamlDocuments } from './yamlDocuments';

/** One file read into the model: plain data, safe to cache by content and to send across threads. */
export interface ParsedFile {
  readonly uri: string;
  readonly objects: readonly KubeObject[];
  readonly problems: readonly Problem[];
  /** Why the file contributes nothing, when it was skipped on purpose. */
  readonly skipped?: SkipReason;
  /** Of a kustomization: the keys it sets that change names, namespaces or labels (`namespace`, `commonLabels`, patches, ...). */
  readonly kustomizeTransforms?: readonly string[];
}

/** Past this many syntax errors in one file, the rest say nothing new. */
const MAX_SYNTAX_ERRORS_PER_FILE = 20;
export const LOOKS_LIKE_KUBERNETES = /^\s*"?(apiVersion|kind)"?\s*:/m;

/**
 * Reads the text of one YAML or JSON file into Kubernetes objects and located problems. Never throws:
 * a document with a syntax error is reported and left out, the file's other documents still count.
 * `readDocuments`: the YAML reader (the equivalence test passes the `yaml` library's composer alone).
 */
export function parseManifest(uri: string, text: string, readDocuments: (source: string) => readonly YamlDocument[] = parseYamlDocuments): ParsedFile {
  const binaryAt = text.indexOf('\u0000');
  if (binaryAt >= 0) return { uri, objects: [], problems: [binaryNotice(uri, text, binaryAt)] };
  const source = sourceOf(text);
  const allDocuments = readDocuments(source);
  const lineCounter = lineCounterOf(source);
  const signs = { hasAction: TEMPLATE_ACTION.test(source), lineStartsWithAction: () => LINE_STARTING_WITH_ACTION.test(source), parsesCleanly: () => allDocuments.every((document) => document.errors.length === 0) };
  if (isHelmTemplate(uri, signs)) return { uri, objects: [], problems: [], skipped: 'helm-template' };
  const toolFile = skipReasonOfPath(uri, allDocuments);
  if (toolFile) return skippedFile(uri, toolFile, allDocuments);

  const read = allDocuments.map((document) => readDocument({ uri, document, lineCounter, source }));
  const replacementAt = source.indexOf('\ufffd');
  const replacement = replacementAt >= 0 ? replacementCharacterWarning(uri, positionAt({ lineCounter }, replacementAt)) : undefined;
  const { file, toolDocument } = fileOfDocuments(uri, read, LOOKS_LIKE_KUBERNETES.test(source), replacement);
  return toolDocument ? skippedFile(uri, toolDocument, allDocuments) : file;
}

/** The text the parser reads: editors do not show a byte order mark, and a lone CR ends a line for them (and LSP). */
export function sourceOf(text: string): string {
  // Positions must not count the mark. A lone CR ends a line for an editor but not for the YAML parser: read as
  // LF, which keeps every offset.
  const withoutMark = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return withoutMark.includes('\r') ? withoutMark.replace(/\r(?!\n)/g, '\n') : withoutMark;
}

/**
 * Where each line of `text` starts. Not the parser's count: it misses the line breaks of a quoted scalar that an
 * error cut short, and every position after them would be lines off.
 */
export function lineCounterOf(text: string): LineCounter {
  const lineCounter = new LineCounter();
  lineCounter.addNewLine(0);
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) lineCounter.addNewLine(at + 1);
  return lineCounter;
}

/** What one YAML document gives: its objects and the problems reading them found, its syntax errors, or a tool's reason to leave it out. */
export interface DocumentContent {
  readonly objects: readonly KubeObject[];
  readonly problems: readonly Problem[];
  /** Of a document that does not parse: its errors (at most a file's worth), reported where the file looks like Kubernetes. */
  readonly syntaxErrors?: readonly Problem[];
  /** A tool's configuration among manifests (a kind cluster beside the objects it runs) is left out alone. */
  readonly toolReason?: SkipReason;
}

export function readDocument(context: Omit<DecodeContext, 'problems'>): DocumentContent {
  const { document } = context;
  const problems: Problem[] = [];
  if (document.errors.length > 0) return { objects: [], problems, syntaxErrors: document.errors.slice(0, MAX_SYNTAX_ERRORS_PER_FILE).map((error) => syntaxProblem(context, error)) };
  const toolReason = skipReasonOfDocument(document);
  if (toolReason) return { objects: [], problems, toolReason };
  return { objects: readObjects(document.contents, { ...context, problems }), problems };
}

/**
 * A file's objects and problems from its documents, in order. `toolDocument`: the file holds only tools'
 * configuration and nothing to report, so it is skipped for that reason.
 */
export function fileOfDocuments(uri: string, documents: readonly DocumentContent[], looksLikeKubernetes: boolean, replacement: Problem | undefined): { file: ParsedFile; toolDocument?: SkipReason } {
  const reportSyntax = looksLikeKubernetes && documents.some((document) => document.syntaxErrors);
  const problems: Problem[] = [];
  const objects: KubeObject[] = [];
  let syntaxErrors = 0;
  let toolDocument: SkipReason | undefined;
  for (const document of documents) {
    if (document.syntaxErrors) {
      for (const problem of document.syntaxErrors) if (reportSyntax && syntaxErrors++ < MAX_SYNTAX_ERRORS_PER_FILE) problems.push(problem);
      continue;
    }
    toolDocument ??= document.toolReason;
    for (const object of document.objects) objects.push(object);
    for (const problem of document.problems) problems.push(problem);
  }
  if (replacement) problems.push(replacement);
  if (toolDocument && objects.length === 0 && problems.length === 0) return { file: { uri, objects, problems }, toolDocument };
  return { file: { uri, objects, problems } };
}

/** A file read as no objects on purpose; of a kustomization, what it transforms too. */
function skippedFile(uri: string, reason: SkipReason, documents: readonly { readonly contents: unknown }[]): ParsedFile {
  const transforms = reason === 'kustomization' ? kustomizeTransforms(documents) : [];
  return { uri, objects: [], problems: [], skipped: reason, ...(transforms.length > 0 && { kustomizeTransforms: transforms }) };
}

/** What `kustomize build` does to the objects' names, namespaces and labels, which Kubetrace does not render yet. */
const KUSTOMIZE_TRANSFORMS = ['namespace', 'namePrefix', 'nameSuffix', 'commonLabels', 'labels', 'patches', 'patchesStrategicMerge', 'patchesJson6902', 'replacements', 'vars', 'components'];

function kustomizeTransforms(documents: readonly { readonly contents: unknown }[]): string[] {
  const keys = new Set<string>();
  for (const document of documents) {
    if (!isMap(document.contents)) continue;
    for (const pair of document.contents.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (KUSTOMIZE_TRANSFORMS.includes(key)) keys.add(key);
    }
  }
  return [...keys];
}

/** A NUL byte: not text at all (an image or archive with a manifest's name). Nothing is parsed. */
function binaryNotice(uri: string, text: string, at: number): Problem {
  const line = text.slice(0, at).split('\n').length - 1;
  return problemOf({
    code: 'KT008',
    message: 'Skipped: the file holds binary data (a NUL character), not YAML or JSON.',
    uri,
    range: { start: { line, character: 0 }, end: { line, character: 0 } },
  });
}

/** U+FFFD is what bytes that are not UTF-8 read as: a name or value holding it will not match the cluster's. */
export function replacementCharacterWarning(uri: string, position: TextPosition): Problem {
  return problemOf({
    code: 'KT009',
    message: 'The file is not valid UTF-8 here: bytes that are not UTF-8 read as U+FFFD (�), and a name or value holding it will not match what the cluster has. Save the file as UTF-8.',
    uri,
    range: { start: position, end: { line: position.line, character: position.character + 1 } },
  });
}

function syntaxProblem(context: Omit<DecodeContext, 'problems'>, error: YAMLError): Problem {
  const [start, end] = error.pos;
  // The parser recurses once per level of nesting; a document nested thousands deep overflows its stack.
  const firstLine = /maximum call stack/i.test(error.message) ? 'the document is nested too deeply to read' : (error.message.split('\n')[0] ?? error.message);
  return problemOf({
    code: 'KT001',
    message: `YAML syntax error: ${firstLine.replace(/ at line \d+, column \d+:?$/, '')}`,
    uri: context.uri,
    range: { start: positionAt(context, start), end: positionAt(context, Math.max(start, end)) },
  });
}
