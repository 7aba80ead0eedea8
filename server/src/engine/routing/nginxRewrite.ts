import type { Ingress } from '../objects';
import { booleanAnnotation, NGINX_PREFIX } from './nginxAnnotations';

const REWRITE_TARGET = `${NGINX_PREFIX}rewrite-target`;

/**
 * Whether a host's paths are regular expressions: ingress-nginx makes every path of a host a regex when any
 * Ingress with a rule for it says use-regex, or has a rewrite-target (which implies use-regex).
 */
export function pathsAreRegex(ingresses: readonly Ingress[]): boolean {
  return ingresses.some((ingress) => booleanAnnotation(ingress, 'use-regex') === true || ingress.metadata.annotations?.value[REWRITE_TARGET] !== undefined);
}

/** A written path as the location regex ingress-nginx writes (`location ~* "^PATH"`); undefined when it is not a valid regex. */
function locationRegex(written: string, anchored: boolean): RegExp | undefined {
  try {
    return new RegExp(`${anchored ? '^' : ''}${written}`, 'i');
  } catch {
    return undefined;
  }
}

export function regexPathMatches(written: string, path: string): boolean {
  return locationRegex(written, true)?.test(path) ?? false;
}

/**
 * The path (with the query) the backend receives under rewrite-target, as nginx's `rewrite "(?i)PATH" TARGET break;`
 * does: the whole URI becomes TARGET with $1…$9 taken from PATH's capture groups, and the query string is
 * appended (after TARGET's own arguments, if it has any). Undefined when the location's Ingress has no rewrite-target.
 */
export function rewrittenPath(location: Ingress, written: string, requestPath: string): string | undefined {
  const target = location.metadata.annotations?.value[REWRITE_TARGET];
  if (target === undefined || target === written) return undefined;
  const [path = '/', query] = requestPath.split(/\?(.*)/s);
  const match = locationRegex(written, false)?.exec(path);
  if (!match) return undefined;
  const replaced = target.replace(/\$\{?(\d)\}?/g, (_whole, group: string) => match[Number(group)] ?? '');
  if (!query) return replaced;
  return `${replaced}${replaced.includes('?') ? '&' : '?'}${query}`;
}
