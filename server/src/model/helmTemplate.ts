export const TEMPLATE_ACTION = /\{\{-?\s*[^}]*\}\}/;
export const LINE_STARTING_WITH_ACTION = /^\s*\{\{/m;

/** What the rule reads of a file, a whole text or its documents; asked only as far as the rule needs. */
export interface TemplateSigns {
  /** A template action somewhere. */
  readonly hasAction: boolean;
  lineStartsWithAction(): boolean;
  parsesCleanly(): boolean;
}

/**
 * A Helm chart template is not a manifest until Helm renders it, so the model skips it without a word.
 * Template actions inside quoted strings (Prometheus alert texts in a ConfigMap, say) are ordinary data:
 * only a file under `templates/` with an action, a line that starts with one, or one that does not parse counts.
 */
export function isHelmTemplate(uri: string, signs: TemplateSigns): boolean {
  return signs.hasAction && (uri.includes('/templates/') || signs.lineStartsWithAction() || !signs.parsesCleanly());
}
