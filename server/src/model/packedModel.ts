import { CompactRange, KeyValueSpan, ValueSpan } from '../engine/source';
import { setEntry } from '../engine/records';

/**
 * Plain data (a parsed file's objects and problems) packed flat to cross between threads: numbers in one typed
 * array that is transferred, not copied, and each distinct string and object shape once. Structured cloning the
 * model's object graph cost as much as parsing it; unpacking this costs a small part of it. What is unpacked
 * equals what was packed: the same keys in the same order (undefined values too), the same classes.
 */
export interface PackedValues {
  readonly tokens: Int32Array<ArrayBuffer>;
  readonly doubles: Float64Array<ArrayBuffer>;
  readonly strings: readonly string[];
  /** The keys of each object shape, in order. */
  readonly shapes: readonly (readonly string[])[];
  /** How many values were packed one after another. */
  readonly count: number;
}

const UNDEFINED = 0;
const NULL = 1;
const FALSE = 2;
const TRUE = 3;
const INTEGER = 4;
const DOUBLE = 5;
const STRING = 6;
const ARRAY = 7;
const OBJECT = 8;
const RANGE = 9;
const KEY_VALUE_SPAN = 10;
const VALUE_SPAN = 11;

interface ShapeNode {
  readonly next: Map<string, ShapeNode>;
  shape?: number;
}

/** A value the packer cannot carry (a Map, a class it does not know): the file is parsed where it is needed instead. */
export class UnpackableValue extends Error {}

/** Packs values one after another into one flat form. */
export class ValuePacker {
  private tokens: Int32Array<ArrayBuffer> = new Int32Array(1 << 16);
  private length = 0;
  private readonly doubles: number[] = [];
  private readonly strings: string[] = [];
  private readonly stringIds = new Map<string, number>();
  private readonly shapes: string[][] = [];
  /** Shapes by their keys, one key per level: finding a shape builds no string. */
  private readonly shapeTree: ShapeNode = { next: new Map() };
  private count = 0;

  /** Packs one value; on an UnpackableValue nothing of it is kept and the packer can go on with the next. */
  add(value: unknown): void {
    const mark = this.length;
    try {
      this.value(value);
      this.count++;
    } catch (error) {
      this.length = mark;
      throw error;
    }
  }

  finish(): PackedValues {
    return { tokens: this.tokens.slice(0, this.length), doubles: Float64Array.from(this.doubles), strings: this.strings, shapes: this.shapes, count: this.count };
  }

  private push(token: number): void {
    if (this.length === this.tokens.length) {
      const grown = new Int32Array(this.tokens.length * 2);
      grown.set(this.tokens);
      this.tokens = grown;
    }
    this.tokens[this.length++] = token;
  }

  private value(value: unknown): void {
    switch (typeof value) {
      case 'undefined':
        return this.push(UNDEFINED);
      case 'boolean':
        return this.push(value ? TRUE : FALSE);
      case 'number':
        if ((value | 0) === value && !Object.is(value, -0)) {
          this.push(INTEGER);
          return this.push(value);
        }
        this.push(DOUBLE);
        return this.push(this.doubles.push(value) - 1);
      case 'string':
        this.push(STRING);
        return this.push(this.stringId(value));
      case 'object':
        if (value === null) return this.push(NULL);
        if (Array.isArray(value)) {
          this.push(ARRAY);
          this.push(value.length);
          for (const item of value) this.value(item);
          return;
        }
        if (value instanceof CompactRange) return this.range(value);
        if (value instanceof KeyValueSpan || value instanceof ValueSpan) return this.span(value);
        if (Object.getPrototypeOf(value) !== Object.prototype) throw new UnpackableValue(`cannot pack a ${value.constructor?.name ?? 'value'}`);
        return this.object(value as Record<string, unknown>);
      default:
        throw new UnpackableValue(`cannot pack a ${typeof value}`);
    }
  }

  private range(range: CompactRange): void {
    const { start, end } = range;
    this.push(RANGE);
    this.push(start.line);
    this.push(start.character);
    this.push(end.line);
    this.push(end.character);
  }

  private span(span: KeyValueSpan | ValueSpan): void {
    const positions = span.packed();
    this.push(span instanceof KeyValueSpan ? KEY_VALUE_SPAN : VALUE_SPAN);
    for (const position of positions) this.push(position);
  }

  private object(record: Record<string, unknown>): void {
    const keys = Object.keys(record);
    let node = this.shapeTree;
    for (const key of keys) {
      let child = node.next.get(key);
      if (!child) {
        child = { next: new Map() };
        node.next.set(key, child);
      }
      node = child;
    }
    if (node.shape === undefined) node.shape = this.shapes.push(keys) - 1;
    const shape = node.shape;
    this.push(OBJECT);
    this.push(shape);
    for (const key of keys) this.value(record[key]);
  }

  private stringId(text: string): number {
    let id = this.stringIds.get(text);
    if (id === undefined) {
      id = this.strings.push(text) - 1;
      this.stringIds.set(text, id);
    }
    return id;
  }
}

/** The values packed, in the order they were added. */
export function unpackValues(packed: PackedValues): unknown[] {
  const { tokens, doubles, strings, shapes } = packed;
  let at = 0;
  const read = (): unknown => {
    const token = tokens[at++];
    switch (token) {
      case UNDEFINED:
        return undefined;
      case NULL:
        return null;
      case FALSE:
        return false;
      case TRUE:
        return true;
      case INTEGER:
        return tokens[at++];
      case DOUBLE:
        return doubles[tokens[at++]!];
      case STRING:
        return strings[tokens[at++]!];
      case ARRAY: {
        const length = tokens[at++]!;
        const items = new Array<unknown>(length);
        for (let index = 0; index < length; index++) items[index] = read();
        return items;
      }
      case OBJECT: {
        const keys = shapes[tokens[at++]!]!;
        const record: Record<string, unknown> = {};
        for (const key of keys) setEntry(record, key, read());
        return record;
      }
      case RANGE: {
        const range = new CompactRange(tokens[at]!, tokens[at + 1]!, tokens[at + 2]!, tokens[at + 3]!);
        at += 4;
        return range;
      }
      case KEY_VALUE_SPAN: {
        const span = new KeyValueSpan(tokens[at]!, tokens[at + 1]!, tokens[at + 2]!, tokens[at + 3]!);
        at += 4;
        return span;
      }
      case VALUE_SPAN: {
        const span = new ValueSpan(tokens[at]!, tokens[at + 1]!);
        at += 2;
        return span;
      }
      default:
        throw new Error(`unknown token ${token} at ${at - 1}`);
    }
  };
  const values: unknown[] = [];
  for (let index = 0; index < packed.count; index++) values.push(read());
  return values;
}
