import { meetsRequirements, parseSelectorText } from '../engine';

/** What `kubectl get -l` selects by: a label selector in its text form. */
export type LabelQuery = (labels: Readonly<Record<string, string>>) => boolean;

/** Reads `app=web,tier!=db,env in (prod,staging),!legacy,version`; an error in kubectl's words otherwise. */
export function parseLabelQuery(text: string): LabelQuery | { readonly error: string } {
  const requirements = parseSelectorText(text);
  if ('error' in requirements) return { error: `error: unable to parse requirement: ${requirements.error}` };
  return (labels) => meetsRequirements(requirements, (key) => labels[key]);
}
