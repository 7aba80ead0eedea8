/** What `kubectl get -l` selects by: a label selector in its text form (k8s.io/apimachinery labels.Parse). */
export type LabelQuery = (labels: Readonly<Record<string, string>>) => boolean;

/**
 * Reads `app=web,tier!=db,env in (prod,staging),!legacy,version`: requirements separated by commas, every one to
 * hold. Returns an error message, as kubectl's, for anything else.
 */
export function parseLabelQuery(text: string): LabelQuery | { readonly error: string } {
  const requirements: LabelQuery[] = [];
  for (const part of splitRequirements(text)) {
    const requirement = part.trim();
    const set = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(requirement);
    if (set) {
      const [, key, operator, list] = set;
      const values = new Set(list!.split(',').map((value) => value.trim()).filter(Boolean));
      requirements.push(operator === 'in' ? (labels) => labels[key!] !== undefined && values.has(labels[key!]!) : (labels) => labels[key!] === undefined || !values.has(labels[key!]!));
      continue;
    }
    const equality = /^([\w./-]+)\s*(==|=|!=)\s*([\w.-]*)$/.exec(requirement);
    if (equality) {
      const [, key, operator, value] = equality;
      requirements.push(operator === '!=' ? (labels) => labels[key!] !== value : (labels) => labels[key!] === value);
      continue;
    }
    const exists = /^(!?)([\w./-]+)$/.exec(requirement);
    if (exists) {
      const [, not, key] = exists;
      requirements.push(not ? (labels) => labels[key!] === undefined : (labels) => labels[key!] !== undefined);
      continue;
    }
    return { error: `error: unable to parse requirement: found '${requirement}', expected: label selector` };
  }
  return (labels) => requirements.every((requirement) => requirement(labels));
}

/** The requirements of a selector: commas separate them, except inside the parentheses of `in (a,b)`. */
function splitRequirements(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts.filter((part) => part.trim() !== '');
}
