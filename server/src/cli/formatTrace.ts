import { formatTraceText, type Trace } from '../engine';
import { displayPath } from './paths';

/** A trace as text for the terminal, with paths relative to the working folder. */
export function formatTrace(trace: Trace, showRules: boolean): string {
  return formatTraceText(trace, showRules, displayPath);
}
