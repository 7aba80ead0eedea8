import { describeIdentity, type KubeObject } from '../engine/objects';
import { problemOf, type Problem } from '../engine/problem';

/**
 * One object defined more than once in a cluster. `kubectl apply -f DIR` applies files in lexical order and
 * each later definition replaces the one before, so the last one wins whole: the model keeps it alone, never a
 * mix of the copies' fields.
 */

/** `kubectl apply -f DIR`'s order: a walk that visits each folder's entries sorted by name, so `a/x.yaml` comes before `a-b.yaml`. */
export function compareApplyOrder(a: string, b: string): number {
  const left = a.split('/');
  const right = b.split('/');
  for (let index = 0; index < Math.min(left.length, right.length); index++) {
    if (left[index] !== right[index]) return left[index]! < right[index]! ? -1 : 1;
  }
  return left.length - right.length;
}

/** How many other copies a finding links to: thousands of copies must not make millions of links. */
const MAX_LINKED_COPIES = 10;
/** How many differing fields a finding names. */
const MAX_NAMED_FIELDS = 4;

/** From this many files holding copies on, a cluster's files are taken for alternatives, said once. */
const ALTERNATIVE_FILES = 4;

/**
 * The findings for every object defined more than once in a cluster, each given as its copies in apply order.
 * When the copies are spread over many files, or each pair of files holding copies shares several objects and at
 * least half of the smaller one's, the files are alternatives (examples or variants applied one at a time, such as an
 * operator's samples or an all-in-one file beside a quickstart): one note says so, in place of a finding on every
 * copy. `objectCount` gives how many objects a file defines.
 */
export function duplicateFindings(given: readonly (readonly KubeObject[])[], severalFolders: (a: string, b: string) => string | undefined, objectCount: (uri: string) => number): Problem[] {
  // In apply order of their first copies, whatever order the edits came in.
  const sorted = [...given].sort((a, b) => compareApplyOrder(a[0]!.uri, b[0]!.uri) || a[0]!.range.start.line - b[0]!.range.start.line);
  // Every part of an application may declare its Namespace: those copies say nothing about alternatives.
  const isNamespace = (copies: readonly KubeObject[]) => copies[0]!.id.kind === 'Namespace' && copies[0]!.id.group === '';
  const namespaces = sorted.filter(isNamespace).flatMap((copies) => duplicateProblems(copies, severalFolders));
  const duplicates = sorted.filter((copies) => !isNamespace(copies));
  if (duplicates.length === 0) return namespaces;
  return [...namespaces, ...objectDuplicateFindings(duplicates, severalFolders, objectCount)];
}

function objectDuplicateFindings(duplicates: readonly (readonly KubeObject[])[], severalFolders: (a: string, b: string) => string | undefined, objectCount: (uri: string) => number): Problem[] {
  const files = new Set(duplicates.flatMap((copies) => copies.map((copy) => copy.uri)));
  if (files.size < ALTERNATIVE_FILES && !wholeFileVariants(duplicates, objectCount)) return duplicates.flatMap((copies) => duplicateProblems(copies, severalFolders));
  const replaced = duplicates.flatMap((copies) => copies.slice(0, -1)).sort((a, b) => compareApplyOrder(a.uri, b.uri));
  const first = replaced[0]!;
  const named = duplicates.slice(0, MAX_NAMED_FIELDS).map((copies) => `${describeIdentity(copies[0]!.id)} (${copies.length} times)`);
  const others = [...files].filter((uri) => uri !== first.uri).sort(compareApplyOrder);
  return [
    problemOf({
      code: 'KT004',
      severity: 'information',
      message:
        `${files.size} files of this cluster define the same objects: ${named.join(', ')}${duplicates.length > MAX_NAMED_FIELDS ? ` and ${duplicates.length - MAX_NAMED_FIELDS} more` : ''}. ` +
        'They look like alternatives applied one at a time (examples, variants); applied together, kubectl keeps the last definition of each, and so does this model. To check each on its own, put it in a folder of its own or list the folders in the setting kubetrace.clusters.',
      uri: first.uri,
      range: first.metadata.name.span.value,
      related: others.slice(0, MAX_LINKED_COPIES).map((uri) => {
        const copy = duplicates.flat().find((object) => object.uri === uri)!;
        return { uri, range: copy.metadata.name.span.value, message: `also defines ${describeIdentity(copy.id)}` };
      }),
    }),
  ];
}

/** Whether every two files holding copies of the same objects share two objects or more, and at least half of the smaller one's (and no file repeats one). */
function wholeFileVariants(duplicates: readonly (readonly KubeObject[])[], objectCount: (uri: string) => number): boolean {
  const shared = new Map<string, number>();
  for (const copies of duplicates) {
    const uris = copies.map((copy) => copy.uri);
    if (new Set(uris).size < uris.length) return false;
    for (let i = 0; i < uris.length; i++) for (let j = i + 1; j < uris.length; j++) shared.set(`${uris[i]}\n${uris[j]}`, (shared.get(`${uris[i]}\n${uris[j]}`) ?? 0) + 1);
  }
  return [...shared].every(([pair, count]) => {
    const [a, b] = pair.split('\n') as [string, string];
    // One object in two files may be a copy made by mistake: that stays a finding on the copy.
    return count >= 2 && count * 2 >= Math.min(objectCount(a), objectCount(b));
  });
}

/**
 * The findings for copies of one object, given in apply order (the last one wins): each copy the winner
 * replaces gets a warning naming the winner and the fields that differ, or information when the copies are
 * the same (and for a Namespace, declared in several files as a matter of course).
 */
function duplicateProblems(copies: readonly KubeObject[], severalFolders: (a: string, b: string) => string | undefined): Problem[] {
  const winner = copies[copies.length - 1]!;
  const where = fileName(winner.uri);
  return copies.slice(0, -1).map((copy) => {
    const differing = differingFields(copy, winner);
    const namespace = copy.id.kind === 'Namespace' && copy.id.group === '';
    const others = copies.filter((other) => other !== copy && other !== winner).slice(0, MAX_LINKED_COPIES - 1);
    const fields = differing.length > 0 ? `They differ in ${differing.slice(0, MAX_NAMED_FIELDS).join(', ')}${differing.length > MAX_NAMED_FIELDS ? ` and ${differing.length - MAX_NAMED_FIELDS} more` : ''}.` : sameness(copy);
    // Every part of an application may declare its Namespace: no reason to think of other groupings.
    const grouping = namespace ? undefined : severalFolders(copy.uri, winner.uri);
    return problemOf({
      code: 'KT004',
      severity: differing.length === 0 || namespace ? 'information' : 'warning',
      message: `${describeIdentity(copy.id)} is defined ${copies.length} times in this cluster; kubectl apply keeps the last one, in ${where}, which replaces this one. ${fields}${grouping ? ` ${grouping}` : ''}`,
      uri: copy.uri,
      range: copy.metadata.name.span.value,
      related: [
        { uri: winner.uri, range: winner.metadata.name.span.value, message: 'the definition that is applied last and kept' },
        ...others.map((other) => ({ uri: other.uri, range: other.metadata.name.span.value, message: 'also defined here' })),
      ],
    });
  });
}

/** What "no field differs" means for a kind: the model reads only some fields, and never a Secret's values. */
function sameness(object: KubeObject): string {
  if (object.type === 'Other') return `Kubetrace does not read the fields of a ${object.id.kind}, so it cannot tell whether the definitions differ.`;
  if (object.type === 'Secret') return 'They have the same keys (Kubetrace never reads Secret values).';
  return 'They are the same in every field Kubetrace reads.';
}

function fileName(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}

/** Where an object's text is, not what it says: left out of the comparison. */
const LOCATION_KEYS = new Set(['span', 'range', 'uri', 'entries']);

/** The fields (as `spec.ports[0].port`) whose values differ between two definitions, as far as the model reads them. */
export function differingFields(a: KubeObject, b: KubeObject): string[] {
  const paths: string[] = [];
  compare(a, b, '', paths);
  return paths;
}

function compare(a: unknown, b: unknown, at: string, paths: string[]): void {
  const left = located(a);
  const right = located(b);
  if (Array.isArray(left) && Array.isArray(right)) {
    if (left.length !== right.length) paths.push(at);
    else left.forEach((item, index) => compare(item, right[index], `${at}[${index}]`, paths));
    return;
  }
  if (isPlainObject(left) && isPlainObject(right)) {
    const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])].filter((key) => !LOCATION_KEYS.has(key)).sort();
    for (const key of keys) compare(left[key], right[key], at ? `${at}.${key}` : key, paths);
    return;
  }
  if (left !== right) paths.push(at);
}

/** A located field compares by its value. */
function located(value: unknown): unknown {
  return isPlainObject(value) && 'value' in value && 'span' in value ? value['value'] : value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
