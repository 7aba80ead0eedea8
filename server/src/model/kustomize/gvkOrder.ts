import { ORDER_FIRST, ORDER_LAST } from './sortOrder';

interface Gvk {
  readonly group?: string;
  readonly version?: string;
  readonly kind?: string;
}

/** Kustomize's Gvk.IsLessThan: the legacy kind order first, then group, version and kind as text. */
export function gvkIsLessThan(a: Gvk, b: Gvk): boolean {
  const rankA = kindRank(a.kind ?? '');
  const rankB = kindRank(b.kind ?? '');
  if (rankA !== rankB) return rankA < rankB;
  return stableKey(a) < stableKey(b);
}

function kindRank(kind: string): number {
  const first = ORDER_FIRST.indexOf(kind);
  if (first >= 0) return first - ORDER_FIRST.length;
  const last = ORDER_LAST.indexOf(kind);
  return last >= 0 ? 1 + last : 0;
}

function stableKey(gvk: Gvk): string {
  return `${gvk.group || '~G'}_${gvk.version || '~V'}_${gvk.kind || '~K'}`;
}
