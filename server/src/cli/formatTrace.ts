import { formatTraceText } from '../engine/trace/formatText';
import type { Trace } from '../engine/trace/types';
import { displayPath } from './paths';

/** A trace as text for the terminal, with paths relative to the working folder. */
export function formatTrace(trace: Trace, showRules: boolean): string {
  return formatTraceText(trace, showRules, displayPath);
}
