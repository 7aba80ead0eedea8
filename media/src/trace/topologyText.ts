/**
 * How wide the topology's text is, estimated without a DOM so the layout can size boxes to their labels and tests
 * can check it. The estimate errs wide (a box a little roomy, never a label spilling out): it takes the widths
 * of a wide bold sans-serif at the given size, per class of character, for all text.
 */
import type { TopologyNode, TopologyNodeKind } from '../../../server/src/engine';

export const KIND_NAMES: Record<TopologyNodeKind, string> = {
  ingress: 'Ingress',
  gateway: 'Gateway',
  route: 'HTTPRoute',
  service: 'Service',
  workload: 'Workload',
  missing: 'Missing',
};

/** The words a box starts with: its kind and name, e.g. "Service frontend". */
export function nodeHeading(node: Pick<TopologyNode, 'kind' | 'label'>): string {
  return `${KIND_NAMES[node.kind]} ${node.label}`;
}

/** Font sizes (px) of the topology's text; media/topology.css and the exported SVG's style use the same. */
export const FONT = { label: 12, badge: 11, edge: 10, group: 11, title: 12 } as const;

const NARROW = /[ijlI.,:;|!']/;
const MEDIUM = /[frt()[\]{} \-/]/;
const WIDE = /[mwMW@%]/;

/**
 * Width in px of one character at 12px, bold. Taken from DejaVu Sans Bold, the widest of the usual UI fonts
 * (Linux's default), so Segoe UI, SF and Ubuntu come out narrower.
 */
function charWidth(char: string): number {
  if (NARROW.test(char)) return 4.4;
  if (MEDIUM.test(char)) return 6;
  if (WIDE.test(char)) return 12.8;
  if (/[A-Z]/.test(char)) return 10;
  // Digits, lower case, other punctuation and anything else (…, non-Latin; wide scripts wider still).
  return char.charCodeAt(0) > 0x2fff ? 12 : 8.4;
}

/** The estimated width of `text` in px at `size` px. */
export function textWidth(text: string, size: number): number {
  let width = 0;
  for (const char of text) width += charWidth(char);
  return (width * size) / 12;
}

/** `text` as it fits in `width` px at `size` px: whole, or cut with "…" (`cut` then says so, so the full text can go in a tooltip). */
export function fitText(text: string, width: number, size: number): { readonly shown: string; readonly cut: boolean } {
  if (textWidth(text, size) <= width) return { shown: text, cut: false };
  const chars = [...text];
  const ellipsis = textWidth('…', size);
  let used = 0;
  let count = 0;
  for (const char of chars) {
    const next = used + textWidth(char, size);
    if (next + ellipsis > width) break;
    used = next;
    count += 1;
  }
  return { shown: `${chars.slice(0, count).join('')}…`, cut: true };
}
