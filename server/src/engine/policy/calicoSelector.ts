// Calico's label selector language (projectcalico.org/v3 NetworkPolicy, GlobalNetworkPolicy, NetworkSet selectors),
// read the way libcalico-go's lib/selector/tokenizer/tokenizer.go and lib/selector/parser/parser.go read it, so
// that what Kubetrace says a policy selects agrees with what Felix enforces. The one addition is a nesting limit
// on parentheses: Calico recurses without one, and a hostile manifest must not blow the extension host's stack.

/** A parsed Calico selector expression. */
export type CalicoSelector =
  | { readonly kind: 'all' }
  /**
   * global(): Calico's evaluator matches every label set with it, like all(). Its meaning of "only non-namespaced
   * resources" (host endpoints, GlobalNetworkSets) comes from Calico rewriting a rule's namespaceSelector
   * `global()` to `!has(projectcalico.org/namespace)` before evaluating (updateprocessors/rules.go), so a caller
   * evaluating a namespaceSelector must do that rewrite itself.
   */
  | { readonly kind: 'global' }
  | { readonly kind: 'has'; readonly label: string }
  | { readonly kind: 'compare'; readonly operator: '==' | '!=' | 'contains' | 'starts with' | 'ends with'; readonly label: string; readonly value: string }
  /** `values` sorted and without repeats, as Calico keeps its sets. */
  | { readonly kind: 'set'; readonly operator: 'in' | 'not in'; readonly label: string; readonly values: readonly string[] }
  | { readonly kind: 'not'; readonly operand: CalicoSelector }
  | { readonly kind: 'and' | 'or'; readonly operands: readonly CalicoSelector[] };

/** A selector's text parsed, or where and why it could not be. */
export type CalicoSelectorParse =
  | { readonly ok: true; readonly selector: CalicoSelector }
  | { readonly ok: false; readonly message: string; readonly offset: number };

type Failure = Extract<CalicoSelectorParse, { ok: false }>;

type TokenKind =
  | 'label'
  | 'string'
  | 'has'
  | 'all()'
  | 'global()'
  | '('
  | ')'
  | '{'
  | '}'
  | ','
  | '=='
  | '!='
  | '!'
  | '&&'
  | '||'
  | 'in'
  | 'not in'
  | 'contains'
  | 'starts with'
  | 'ends with'
  | 'end';

/** `value` is the label name of a label or has(), the contents of a string, and empty otherwise. */
interface Token {
  readonly kind: TokenKind;
  readonly value: string;
  readonly offset: number;
}

/** Calico's tokenizer.MaxLabelLength. */
const MAX_LABEL_LENGTH = 512;
const MAX_NESTING = 64;
const MEMO_ENTRIES = 10_000;
/** Longer texts are parsed every time rather than kept alive in the memo: real selectors are short. */
const MEMO_TEXT_LENGTH = 4096;

/**
 * The words Calico reads as an operator right after a label, in the order its tokenizer tries them. Only the last
 * word needs a word boundary after it, and blanks between words are optional: `notin` and `startswith` are
 * operators too.
 */
const OPERATOR_WORDS: readonly (readonly [TokenKind, readonly string[]])[] = [
  ['contains', ['contains']],
  ['starts with', ['starts', 'with']],
  ['ends with', ['ends', 'with']],
  ['not in', ['not', 'in']],
  ['in', ['in']],
];

const OPERATORS_TEXT = '==, !=, in, not in, contains, starts with or ends with';
const OPERATION_START_TEXT = "a label, has(...), all(), global(), '!' or '('";

const parsedByText = new Map<string, CalicoSelectorParse>();

/** Parses a Calico selector; the same text gives the same (shared, read-only) answer. Never throws. */
export function parseCalicoSelector(text: string): CalicoSelectorParse {
  const known = parsedByText.get(text);
  if (known) return known;
  const parsed = parseText(text);
  if (text.length <= MEMO_TEXT_LENGTH) {
    if (parsedByText.size >= MEMO_ENTRIES) parsedByText.clear();
    parsedByText.set(text, parsed);
  }
  return parsed;
}

/** Whether a pod's (or namespace's, or network set's) labels satisfy the selector, as Calico's evaluator decides. */
export function matchesCalicoSelector(selector: CalicoSelector, labels: Readonly<Record<string, string>>): boolean {
  switch (selector.kind) {
    case 'all':
    case 'global':
      return true;
    case 'has':
      return Object.prototype.hasOwnProperty.call(labels, selector.label);
    case 'compare': {
      const value = labelValue(labels, selector.label);
      // An absent label is "not equal" to anything, and matches none of the other comparisons.
      return value === undefined ? selector.operator === '!=' : compares(selector.operator, value, selector.value);
    }
    case 'set': {
      const value = labelValue(labels, selector.label);
      // An absent label is "not in" every set.
      if (value === undefined) return selector.operator === 'not in';
      return selector.values.includes(value) === (selector.operator === 'in');
    }
    case 'not':
      return !matchesCalicoSelector(selector.operand, labels);
    case 'and':
      return selector.operands.every((operand) => matchesCalicoSelector(operand, labels));
    case 'or':
      return selector.operands.some((operand) => matchesCalicoSelector(operand, labels));
  }
}

/**
 * Whether the selector is all() (or an empty string, which Calico reads as all()). Parentheses and pairs of `!`
 * around all() are gone once parsed, so `(all())` and `!!all()` count; global() does not.
 */
export function selectsAll(selector: CalicoSelector): boolean {
  return selector.kind === 'all';
}

/**
 * The selector written back as canonical text (for messages), e.g. `app == "web" && has(tier)`: Calico's own
 * canonical form (single spaces, sets sorted, "-quotes unless the value holds one) without its outermost parentheses.
 */
export function selectorText(selector: CalicoSelector): string {
  return selector.kind === 'and' || selector.kind === 'or' ? joinedOperands(selector) : fragment(selector);
}

function fragment(selector: CalicoSelector): string {
  switch (selector.kind) {
    case 'all':
      return 'all()';
    case 'global':
      return 'global()';
    case 'has':
      return `has(${selector.label})`;
    case 'compare':
      return `${selector.label} ${selector.operator} ${quoted(selector.value)}`;
    case 'set':
      return `${selector.label} ${selector.operator} {${selector.values.map(quoted).join(', ')}}`;
    case 'not':
      return `!${fragment(selector.operand)}`;
    case 'and':
    case 'or':
      return `(${joinedOperands(selector)})`;
  }
}

function joinedOperands(selector: { readonly kind: 'and' | 'or'; readonly operands: readonly CalicoSelector[] }): string {
  return selector.operands.map(fragment).join(selector.kind === 'and' ? ' && ' : ' || ');
}

/** A Calico string has no escapes, so it can hold " or ' but never both. */
function quoted(value: string): string {
  return value.includes('"') ? `'${value}'` : `"${value}"`;
}

function compares(operator: '==' | '!=' | 'contains' | 'starts with' | 'ends with', value: string, operand: string): boolean {
  switch (operator) {
    case '==':
      return value === operand;
    case '!=':
      return value !== operand;
    case 'contains':
      return value.includes(operand);
    case 'starts with':
      return value.startsWith(operand);
    case 'ends with':
      return value.endsWith(operand);
  }
}

function labelValue(labels: Readonly<Record<string, string>>, label: string): string | undefined {
  // Own properties only: a label named `constructor` or `__proto__` must not find Object.prototype's.
  return Object.prototype.hasOwnProperty.call(labels, label) ? labels[label] : undefined;
}

function parseText(text: string): CalicoSelectorParse {
  const tokens = tokenize(text);
  if (!Array.isArray(tokens)) return tokens;
  return new TokenParser(tokens).parseSelector();
}

function failure(message: string, offset: number): Failure {
  return { ok: false, message, offset };
}

function isFailure(parsed: CalicoSelector | Failure): parsed is Failure {
  return 'ok' in parsed;
}

/** Calico's tokenizer: the whole text into tokens, ending with an `end` token, or the first thing it cannot read. */
function tokenize(text: string): Token[] | Failure {
  const tokens: Token[] = [];
  let at = 0;
  for (;;) {
    at = skipBlanks(text, at);
    if (at >= text.length) {
      tokens.push({ kind: 'end', value: '', offset: text.length });
      return tokens;
    }
    const char = text[at]!;
    const punctuation = char + (text[at + 1] ?? '');
    switch (char) {
      case '(':
      case ')':
      case '{':
      case '}':
      case ',':
        tokens.push({ kind: char, value: '', offset: at });
        at += 1;
        continue;
      case '"':
      case "'": {
        const close = text.indexOf(char, at + 1);
        if (close < 0) return failure(`unterminated string: no closing ${char} for the one opened here`, at);
        tokens.push({ kind: 'string', value: text.slice(at + 1, close), offset: at });
        at = close + 1;
        continue;
      }
      case '!':
        tokens.push({ kind: punctuation === '!=' ? '!=' : '!', value: '', offset: at });
        at += punctuation === '!=' ? 2 : 1;
        continue;
      case '=':
      case '&':
      case '|': {
        const doubled = char + char;
        if (punctuation !== doubled) return failure(`expected '${doubled}' but found a single '${char}'`, at);
        tokens.push({ kind: char === '=' ? '==' : char === '&' ? '&&' : '||', value: '', offset: at });
        at += 2;
        continue;
      }
    }
    const previous = tokens[tokens.length - 1];
    const read = previous?.kind === 'label' ? readOperatorWord(text, at, previous.value) : readWord(text, at);
    if ('ok' in read) return read;
    tokens.push(read.token);
    at = read.end;
  }
}

/** After a label only an operator word may follow (the punctuation ones are read before this). */
function readOperatorWord(text: string, at: number, label: string): { readonly token: Token; readonly end: number } | Failure {
  for (const [kind, words] of OPERATOR_WORDS) {
    let end = at;
    for (const word of words) {
      end = text.startsWith(word, end) ? end + word.length : -1;
      if (end < 0) break;
      // Calico skips blanks after each word of a two-word operator only.
      if (words.length > 1) end = skipBlanks(text, end);
    }
    if (end >= 0 && !isLabelChar(text.charCodeAt(end))) return { token: { kind, value: '', offset: at }, end };
  }
  const wordEnd = labelEnd(text, at);
  const found = wordEnd > at ? `'${clipped(text.slice(at, wordEnd))}'` : characterName(text, at);
  return failure(`expected an operator (${OPERATORS_TEXT}) after label '${clipped(label)}' but found ${found}`, at);
}

/** has(label), all(), global() or a label; Calico allows blanks inside the brackets but not before them. */
function readWord(text: string, at: number): { readonly token: Token; readonly end: number } | Failure {
  for (const call of ['has(', 'all(', 'global('] as const) {
    if (!text.startsWith(call, at)) continue;
    let end = skipBlanks(text, at + call.length);
    let label = '';
    if (call === 'has(') {
      if (labelEnd(text, end) === end) return failure(`expected a label name inside has(...) but found ${characterName(text, end)}`, end);
      const read = readLabel(text, end);
      if ('ok' in read) return read;
      label = read.label;
      end = skipBlanks(text, read.end);
    }
    if (text[end] !== ')') return failure(`expected ')' to close ${call}${label} but found ${characterName(text, end)}`, end);
    const kind = call === 'has(' ? 'has' : call === 'all(' ? 'all()' : 'global()';
    return { token: { kind, value: label, offset: at }, end: end + 1 };
  }
  const read = readLabel(text, at);
  if ('ok' in read) return read;
  return { token: { kind: 'label', value: read.label, offset: at }, end: read.end };
}

function readLabel(text: string, at: number): { readonly label: string; readonly end: number } | Failure {
  const end = labelEnd(text, at);
  if (end === at) {
    const char = text[at];
    if (char === '\n' || char === '\r') return failure('unexpected line break: Calico allows only spaces and tabs between the parts of a selector', at);
    return failure(`unexpected character ${characterName(text, at)}`, at);
  }
  if (end - at > MAX_LABEL_LENGTH) return failure(`label too long: Calico allows at most ${MAX_LABEL_LENGTH} characters`, at);
  return { label: text.slice(at, end), end };
}

function labelEnd(text: string, at: number): number {
  let end = at;
  while (end < text.length && isLabelChar(text.charCodeAt(end))) end++;
  return end;
}

/** Calico's identifierChar: a-z A-Z 0-9 _ . / - */
function isLabelChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    (code >= 48 && code <= 57) ||
    code === 95 ||
    code === 46 ||
    code === 47 ||
    code === 45
  );
}

/** Only spaces and tabs: Calico's tokenizer rejects line breaks. */
function skipBlanks(text: string, at: number): number {
  let end = at;
  while (text[end] === ' ' || text[end] === '\t') end++;
  return end;
}

function characterName(text: string, at: number): string {
  const code = text.codePointAt(at);
  return code === undefined ? 'the end of the selector' : JSON.stringify(String.fromCodePoint(code));
}

/** Keeps a message short when a hostile value is huge. */
function clipped(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function tokenName(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'the end of the selector';
    case 'label':
      return `label '${clipped(token.value)}'`;
    case 'string':
      return `string ${quoted(clipped(token.value))}`;
    case 'has':
      return `has(${token.value})`;
    default:
      return `'${token.kind}'`;
  }
}

/**
 * Calico's parser: `||` binds loosest, then `&&`, then any number of leading `!` (which cancel in pairs), then a
 * single operation or a bracketed expression. It recurses only on '(', so the nesting limit bounds the stack.
 */
class TokenParser {
  private position = 0;
  private readonly end: Token;

  constructor(private readonly tokens: readonly Token[]) {
    this.end = tokens[tokens.length - 1]!;
  }

  parseSelector(): CalicoSelectorParse {
    // Only blanks: Calico reads the empty selector as all().
    if (this.peek().kind === 'end') return { ok: true, selector: { kind: 'all' } };
    const selector = this.parseOr(0);
    if (isFailure(selector)) return selector;
    const rest = this.peek();
    if (rest.kind === ')') return failure("unexpected ')' with no '(' to close", rest.offset);
    if (rest.kind !== 'end') return failure(`expected '&&', '||' or the end of the selector but found ${tokenName(rest)}`, rest.offset);
    return { ok: true, selector };
  }

  private peek(ahead = 0): Token {
    return this.tokens[this.position + ahead] ?? this.end;
  }

  private parseOr(depth: number): CalicoSelector | Failure {
    const first = this.parseAnd(depth);
    if (isFailure(first)) return first;
    const operands = [first];
    while (this.peek().kind === '||') {
      this.position++;
      const operand = this.parseAnd(depth);
      if (isFailure(operand)) return operand;
      operands.push(operand);
    }
    return operands.length === 1 ? first : { kind: 'or', operands };
  }

  private parseAnd(depth: number): CalicoSelector | Failure {
    const first = this.parseOperation(depth);
    if (isFailure(first)) return first;
    const operands = [first];
    while (this.peek().kind === '&&') {
      this.position++;
      const operand = this.parseOperation(depth);
      if (isFailure(operand)) return operand;
      operands.push(operand);
    }
    return operands.length === 1 ? first : { kind: 'and', operands };
  }

  private parseOperation(depth: number): CalicoSelector | Failure {
    let negated = false;
    while (this.peek().kind === '!') {
      negated = !negated;
      this.position++;
    }
    const operation = this.parseUnnegated(depth);
    if (isFailure(operation) || !negated) return operation;
    return { kind: 'not', operand: operation };
  }

  private parseUnnegated(depth: number): CalicoSelector | Failure {
    const token = this.peek();
    switch (token.kind) {
      case 'has':
        this.position++;
        return { kind: 'has', label: token.value };
      case 'all()':
        this.position++;
        return { kind: 'all' };
      case 'global()':
        this.position++;
        return { kind: 'global' };
      case 'label':
        return this.parseComparison(token);
      case '(': {
        if (depth >= MAX_NESTING) return failure(`parentheses nested more than ${MAX_NESTING} deep: Kubetrace reads no deeper`, token.offset);
        this.position++;
        const inner = this.parseOr(depth + 1);
        if (isFailure(inner)) return inner;
        const close = this.peek();
        if (close.kind !== ')') return failure(`expected ')' to close the '(' at offset ${token.offset} but found ${tokenName(close)}`, close.offset);
        this.position++;
        return inner;
      }
      default: {
        const previous = this.tokens[this.position - 1];
        const after = previous ? ` after ${tokenName(previous)}` : '';
        return failure(`expected ${OPERATION_START_TEXT}${after} but found ${tokenName(token)}`, token.offset);
      }
    }
  }

  private parseComparison(label: Token): CalicoSelector | Failure {
    const operator = this.peek(1);
    const operand = this.peek(2);
    switch (operator.kind) {
      case '==':
      case '!=':
      case 'contains':
      case 'starts with':
      case 'ends with': {
        if (operand.kind !== 'string') {
          const hint = operand.kind === 'label' ? ` (values are quoted: '${clipped(operand.value)}')` : '';
          return failure(`expected a quoted string after '${clipped(label.value)} ${operator.kind}' but found ${tokenName(operand)}${hint}`, operand.offset);
        }
        this.position += 3;
        return { kind: 'compare', operator: operator.kind, label: label.value, value: operand.value };
      }
      case 'in':
      case 'not in':
        if (operand.kind !== '{') return failure(`expected '{' to start the set after '${clipped(label.value)} ${operator.kind}' but found ${tokenName(operand)}`, operand.offset);
        this.position += 3;
        return this.parseSet(label.value, operator.kind);
      default: {
        // `has (k)` with a space reads as the label `has` followed by '('.
        const call = operator.kind === '(' && ['has', 'all', 'global'].includes(label.value) ? ` (write ${label.value}(...) with no space before '(')` : '';
        return failure(`expected an operator (${OPERATORS_TEXT}) after label '${clipped(label.value)}' but found ${tokenName(operator)}${call}`, operator.offset);
      }
    }
  }

  /** After the '{': strings separated by commas; Calico allows an empty set and a trailing comma. */
  private parseSet(label: string, operator: 'in' | 'not in'): CalicoSelector | Failure {
    const values: string[] = [];
    while (this.peek().kind === 'string') {
      values.push(this.peek().value);
      this.position++;
      if (this.peek().kind !== ',') break;
      this.position++;
    }
    const close = this.peek();
    if (close.kind !== '}') {
      const expected = this.tokens[this.position - 1]?.kind === 'string' ? "',' or '}'" : "a quoted string or '}'";
      return failure(`expected ${expected} in the set of '${clipped(label)} ${operator}' but found ${tokenName(close)}`, close.offset);
    }
    this.position++;
    // UTF-16 order, which is Go's byte order except between astral characters and U+E000 to U+FFFF.
    const sorted = values.sort().filter((value, index) => value !== values[index - 1]);
    return { kind: 'set', operator, label, values: sorted };
  }
}
