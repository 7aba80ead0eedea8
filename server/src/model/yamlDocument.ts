import type { YAMLError } from 'yaml';

/** One YAML document as the model reads it: its root node, its syntax errors and where it lies in the text. */
export interface YamlDocument {
  readonly contents: unknown;
  readonly errors: readonly YAMLError[];
  /** Its start, the end of its content and its end with the comments after it, as offsets in the text. */
  readonly range: readonly [number, number, number];
}
