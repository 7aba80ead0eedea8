import { Composer, Parser } from 'yaml';
import { readBlockYaml } from './blockYamlReader';
import { readCstDocument } from './cstDocuments';
import type { YamlDocument } from './yamlDocument';

/** YAML 1.1, which Kubernetes reads (`yes` is true, `0755` octal); errors located by offsets alone. */
const OPTIONS = { version: '1.1', prettyErrors: false } as const;

/** What may come between documents for each to be read on its own: no directive, `...` or stray token. */
const BETWEEN_DOCUMENTS = new Set(['document', 'byte-order-mark', 'space', 'comment', 'newline']);

/**
 * The documents of a YAML text, as `parseAllDocuments` composes them: read straight from the text where
 * blockYamlReader.ts can (most manifests), else each read from the parser's syntax tree where cstDocuments.ts can,
 * else composed by the `yaml` library from the same tokens. A text
 * with a directive, a `...` or an error between its documents is composed whole, as its documents depend on them.
 * Each document is read as the parser gives it, so that its tokens are garbage before the next is parsed.
 */
export function parseYamlDocuments(source: string): YamlDocument[] {
  return readBlockYaml(source) ?? parseDocuments(source);
}

function parseDocuments(source: string): YamlDocument[] {
  const documents: YamlDocument[] = [];
  for (const token of new Parser().parse(source)) {
    if (!BETWEEN_DOCUMENTS.has(token.type)) return Array.from(new Composer(OPTIONS).compose(new Parser().parse(source)));
    if (token.type === 'document') documents.push(readCstDocument(token) ?? Array.from(new Composer(OPTIONS).compose([token]))[0]!);
  }
  return documents;
}
