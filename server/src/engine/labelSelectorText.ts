/** One requirement of a label selector in its text form (k8s.io/apimachinery labels.Parse). */
export type SelectorRequirement =
  | { readonly key: string; readonly operator: 'exists' | 'notExists' }
  | { readonly key: string; readonly operator: 'in' | 'notIn'; readonly values: readonly string[] }
  | { readonly key: string; readonly operator: 'gt' | 'lt'; readonly value: number };

/**
 * Reads a label selector as `kubectl -l` and kustomize's patch targets take it: `a=b`, `a==b`, `a!=b`, `a`, `!a`,
 * `a in (x,y)`, `a notin (x,y)`, `a>1`, `a<1`, comma-separated, all required; the empty selector has none. What
 * cannot be read is said in apimachinery's words.
 */
export function parseSelectorText(selector: string): readonly SelectorRequirement[] | { readonly error: string } {
  const requirements: SelectorRequirement[] = [];
  for (const part of splitRequirements(selector)) {
    const text = part.trim();
    if (text === '') {
      if (selector.trim() !== '') return { error: 'found empty requirement' };
      continue;
    }
    const set = /^([^\s!=<>(),]+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(text);
    if (set) {
      if (!validKey(set[1]!)) return { error: `invalid label key "${set[1]}"` };
      requirements.push({ key: set[1]!, operator: set[2] === 'in' ? 'in' : 'notIn', values: set[3]!.split(',').map((value) => value.trim()) });
      continue;
    }
    const comparison = /^([^\s!=<>(),]+)\s*(==|=|!=|>|<)\s*([^\s!=<>(),]*)$/.exec(text);
    if (comparison) {
      const [, key, operator, value] = comparison as unknown as [string, string, string, string];
      if (!validKey(key)) return { error: `invalid label key "${key}"` };
      if (operator === '>' || operator === '<') {
        if (!/^-?\d+$/.test(value)) return { error: `for 'Gt', 'Lt' operators, the value must be an integer` };
        requirements.push({ key, operator: operator === '>' ? 'gt' : 'lt', value: Number(value) });
      } else {
        requirements.push({ key, operator: operator === '!=' ? 'notIn' : 'in', values: [value] });
      }
      continue;
    }
    const exists = /^(!?)\s*([^\s!=<>(),]+)$/.exec(text);
    if (exists) {
      if (!validKey(exists[2]!)) return { error: `invalid label key "${exists[2]}"` };
      requirements.push({ key: exists[2]!, operator: exists[1] ? 'notExists' : 'exists' });
      continue;
    }
    return { error: `'${text}' is not a valid requirement` };
  }
  return requirements;
}

/** Whether labels (read by `valueOf`) meet every requirement. */
export function meetsRequirements(requirements: readonly SelectorRequirement[], valueOf: (key: string) => string | undefined): boolean {
  return requirements.every((requirement) => {
    const value = valueOf(requirement.key);
    switch (requirement.operator) {
      case 'exists':
        return value !== undefined;
      case 'notExists':
        return value === undefined;
      case 'in':
        return value !== undefined && requirement.values.includes(value);
      case 'notIn':
        return value === undefined || !requirement.values.includes(value);
      case 'gt':
      case 'lt':
        if (value === undefined || !/^-?\d+$/.test(value)) return false;
        return requirement.operator === 'gt' ? Number(value) > requirement.value : Number(value) < requirement.value;
    }
  });
}

function validKey(key: string): boolean {
  return /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(key);
}

/** Splits on commas outside parentheses. */
function splitRequirements(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of selector) {
    if (char === '(') depth++;
    if (char === ')') depth = Math.max(0, depth - 1);
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts;
}
