import { Composer, type CST, Parser, YAMLParseError } from 'yaml';
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
    if (!BETWEEN_DOCUMENTS.has(token.type)) return compose(Array.from(new Parser().parse(source)));
    if (token.type === 'document') documents.push(readCstDocument(token) ?? compose([token])[0]!);
  }
  return documents;
}

/**
 * Deeper than the composer is let read. It recurses once per level and overflowed the main thread's stack at about
 * 850 levels; near the bottom of a full stack, a regular expression the library compiles for the first time ends
 * the process instead of throwing. Manifests nest a few dozen levels (a CRD's schema, a hundred).
 */
const MAX_NESTING = 500;

/** The documents the composer makes of the tokens, where a document nested deeper than MAX_NESTING is an error instead. */
function compose(tokens: readonly CST.Token[]): YamlDocument[] {
  const tooDeep = new Map<number, number>();
  const readable = tokens.map((token) => {
    if (token.type !== 'document') return token;
    const at = nestingPastLimit(token);
    if (at === undefined) return token;
    tooDeep.set(token.offset, at);
    return { ...token, value: undefined };
  });
  const documents = Array.from(new Composer(OPTIONS).compose(readable));
  for (const document of documents) {
    const at = tooDeep.get(document.range[0]);
    if (at !== undefined) document.errors.push(new YAMLParseError([at, at + 1], 'IMPOSSIBLE', `the document is nested too deeply to read (more than ${MAX_NESTING} levels)`));
  }
  return documents;
}

/** Where a document's collections first nest deeper than MAX_NESTING, found without recursion; undefined if nowhere. */
function nestingPastLimit(document: CST.Document): number | undefined {
  const pending: [CST.Token | undefined, number][] = [[document.value, 0]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [token, depth] = next;
    if (!token || !('items' in token)) continue;
    if (depth >= MAX_NESTING) return token.offset;
    for (const item of token.items as readonly CST.CollectionItem[]) pending.push([item.key ?? undefined, depth + 1], [item.value, depth + 1]);
  }
  return undefined;
}
