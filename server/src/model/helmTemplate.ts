export const TEMPLATE_ACTION = /\{\{-?\s*[^}]*\}\}/;
export const LINE_STARTING_WITH_ACTION = /^\s*\{\{/m;

/**
 * A Helm chart template is not a manifest until Helm renders it, so the model skips it without a word.
 * Template actions inside quoted strings (Prometheus alert texts in a ConfigMap, say) are ordinary data:
 * only a file under `templates/` with an action, a line that starts with one, or one that does not parse counts.
 */
export function isHelmTemplate(uri: string, text: string, parsesCleanly: boolean): boolean {
  if (!TEMPLATE_ACTION.test(text)) return false;
  return uri.includes('/templates/') || LINE_STARTING_WITH_ACTION.test(text) || !parsesCleanly;
}
