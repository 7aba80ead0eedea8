import { KUSTOMIZATION_FILE_NAMES } from './fileSystem';
import { basenameOf } from './paths';
import { cloneNode, isKMap, isKSeq, parseDocuments, stringAt, type KNode } from './tree';

type Parsed = ReturnType<typeof parseDocuments>;

/**
 * The YAML files of builds read once while their text does not change: an edit to one file of a base renders its
 * overlays again without parsing the base's other files. Each parse hands out fresh trees (transformers change them).
 */
export class DocumentCache {
  private readonly entries = new Map<string, { readonly text: string; readonly parsed: Parsed }>();

  parse(file: string, text: string): Parsed {
    let entry = this.entries.get(file);
    if (entry?.text !== text) {
      entry = { text, parsed: parseDocuments(file, text) };
      // A file holding a Secret is read afresh each time: no cache keeps a Secret's values.
      if (mayHoldSecretValues(file, text) || entry.parsed.documents.some((document) => holdsSecret(document.node))) {
        this.entries.delete(file);
        return entry.parsed;
      }
      this.entries.set(file, entry);
    }
    return { documents: entry.parsed.documents.map((document) => ({ ...document, node: document.node && cloneNode(document.node) })), errors: entry.parsed.errors };
  }

  /** Forgets the files no build read last time. */
  keepOnly(files: ReadonlySet<string>): void {
    for (const file of [...this.entries.keys()]) if (!files.has(file)) this.entries.delete(file);
  }
}

/** A kustomization that mentions Secrets at all: its generators' literals or an inline patch may hold their values. */
function mayHoldSecretValues(file: string, text: string): boolean {
  return (KUSTOMIZATION_FILE_NAMES as readonly string[]).includes(basenameOf(file)) && /secret/i.test(text);
}

/** Whether a document is a Secret, or a List holding one. */
function holdsSecret(node: KNode | undefined): boolean {
  if (!isKMap(node)) return false;
  if (stringAt(node, 'kind') === 'Secret') return true;
  const items = node.entries.get('items');
  return isKSeq(items) && items.items.some(holdsSecret);
}
