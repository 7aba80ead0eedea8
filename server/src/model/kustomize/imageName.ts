/** Image references as kustomize's api/image reads them: `[host[:port]/]path[:tag][@digest]`. */

/**
 * Whether `image` is `name` with any tag and digest, as kustomize's IsImageMatched: `name` is a Go regular
 * expression followed by an optional `:tag` and `@sha256:digest`. A name that is no valid expression matches nothing.
 */
export function isImageMatched(image: string, name: string): boolean {
  let pattern: RegExp;
  try {
    pattern = new RegExp(`^${name}(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$`);
  } catch {
    return false;
  }
  return pattern.test(image);
}

/** The name, tag and digest of an image, as kustomize's Split: a colon before the first slash is a registry's port. */
export function splitImage(image: string): { name: string; tag: string; digest: string } {
  const firstSlash = image.indexOf('/');
  const offset = firstSlash > 0 ? firstSlash : 0;
  const search = image.slice(offset);
  const at = search.indexOf('@');
  const colon = search.indexOf(':');
  if (colon < 0 && at < 0) return { name: image, tag: '', digest: '' };
  if (at >= 0 && (at < colon || colon < 0)) return { name: image.slice(0, offset + at), tag: '', digest: image.slice(offset + at + 1) };
  if (at >= 0) return { name: image.slice(0, offset + colon), tag: image.slice(offset + colon + 1, offset + at), digest: image.slice(offset + at + 1) };
  return { name: image.slice(0, offset + colon), tag: image.slice(offset + colon + 1), digest: '' };
}
