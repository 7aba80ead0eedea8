import type { Ingress } from '../objects';
import { objectsOfType } from '../snapshot/indexes';
import type { ClusterSnapshot } from '../snapshot/types';

const DEFAULT_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';
const LEGACY_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

/** Which controller an Ingress belongs to, as the simulated one (the profile's `ingressController`) sees it. */
export interface IngressClassReading {
  /** Whether the simulated controller serves the Ingress. */
  readonly served: boolean;
  /** The class the Ingress has: written, or the default the API server gives it; undefined when it has none. */
  readonly className: string | undefined;
  /** How that was decided, for people. */
  readonly why: string;
}

/**
 * The class names the simulated controller serves: the profile's class, and every IngressClass of the workspace
 * whose spec.controller is the profile's controller (ingress-nginx serves each IngressClass naming its --controller-class).
 */
export function controllerClassNames(snapshot: ClusterSnapshot): ReadonlySet<string> {
  const { className, controller } = snapshot.profile.ingressController;
  const named = objectsOfType(snapshot, 'IngressClass').filter((candidate) => candidate.spec?.controller?.value === controller);
  return new Set([className, ...named.map((candidate) => candidate.id.name)]);
}

/**
 * An Ingress's class: `spec.ingressClassName`, else the legacy annotation. One that names none gets, from the API
 * server's admission, the IngressClass marked default: when the workspace marks only other controllers' classes
 * default, the Ingress is theirs; otherwise the simulated controller's class is taken as the default.
 */
export function readIngressClass(ingress: Ingress, snapshot: ClusterSnapshot): IngressClassReading {
  const ours = controllerClassNames(snapshot);
  const controllerClass = snapshot.profile.ingressController.className;
  const field = ingress.spec?.ingressClassName?.value;
  const annotation = ingress.metadata.annotations?.value[LEGACY_CLASS_ANNOTATION] || undefined;
  const written = field ?? annotation;
  if (written !== undefined) {
    const how = field !== undefined ? 'ingressClassName' : `annotation ${LEGACY_CLASS_ANNOTATION}`;
    return ours.has(written)
      ? { served: true, className: written, why: `its class ${written} (${how}) is the controller's` }
      : { served: false, className: written, why: `its class is ${written} (${how}), not the controller's (${controllerClass}): another controller serves it` };
  }
  const defaults = objectsOfType(snapshot, 'IngressClass').filter((candidate) => candidate.metadata.annotations?.value[DEFAULT_CLASS_ANNOTATION] === 'true');
  const foreignDefault = defaults.length > 0 && !defaults.some((candidate) => ours.has(candidate.id.name)) ? defaults[0]!.id.name : undefined;
  if (foreignDefault !== undefined) {
    return { served: false, className: foreignDefault, why: `it names no class, so the API server gives it the default IngressClass ${foreignDefault} (${DEFAULT_CLASS_ANNOTATION}), which is not the controller's (${controllerClass})` };
  }
  return { served: true, className: undefined, why: `it names no class: the controller's class ${controllerClass} is taken as the default` };
}
