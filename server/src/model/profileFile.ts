import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import { readProfile, type ClusterProfile, type ProfileProblem } from '../engine/profile';
import { CompactRange, type TextRange } from '../engine/source';

export const PROFILE_FILE_NAMES = ['kubetrace.yaml', 'kubetrace.yml', 'kubetrace.json'];

/**
 * Reads a `kubetrace.yaml` (YAML or JSON) over `base`; syntax errors and bad values come back as problems.
 * With the file's `uri`, the profile keeps where its `nodes` key is, for a finding about the nodes.
 */
export function readProfileFile(text: string, base?: ClusterProfile, uri?: string): { profile: ClusterProfile; problems: ProfileProblem[] } {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  let raw: unknown;
  try {
    if (document.errors[0]) throw document.errors[0];
    raw = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    return { profile: base ?? readProfile(undefined).profile, problems: [{ path: '', message: `not valid YAML: ${message}` }] };
  }
  const read = readProfile(raw, base);
  const nodesKey = uri === undefined ? undefined : topLevelKeyRange(document, lineCounter, 'nodes');
  return nodesKey ? { ...read, profile: { ...read.profile, nodesWrittenAt: { uri: uri!, range: nodesKey } } } : read;
}

function topLevelKeyRange(document: ReturnType<typeof parseDocument>, lineCounter: LineCounter, key: string): TextRange | undefined {
  if (!isMap(document.contents)) return undefined;
  const pair = document.contents.items.find((item) => isScalar(item.key) && item.key.value === key);
  const range = pair && isScalar(pair.key) ? pair.key.range : undefined;
  if (!range) return undefined;
  const start = lineCounter.linePos(range[0]);
  const end = lineCounter.linePos(range[1]);
  return new CompactRange(start.line - 1, start.col - 1, end.line - 1, end.col - 1);
}
