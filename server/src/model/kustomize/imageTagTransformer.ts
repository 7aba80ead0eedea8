import { KustomizeError, locationOf } from './errors';
import { fieldSpecSelects, visitFieldSpec } from './fieldSpec';
import { isImageMatched, splitImage } from './imageName';
import type { Transformer } from './plugins';
import { fieldSpecsFrom } from './transformerConfig';
import { idOf } from './resource';
import { isKMap, isKScalar, isKSeq, scalarText, type KMap, type KNode, type Origin } from './tree';

/** One `images:` entry: which image, and its new name, tag, digest or tag suffix. */
interface ImageTag {
  readonly name: string;
  readonly newName: string;
  readonly newTag: string;
  readonly digest: string;
  readonly tagSuffix: string;
  readonly origin?: Origin;
}

/**
 * Kustomize's ImageTagTransformer: the image of every container and init container (kustomize's legacy filter
 * finds `containers` and `initContainers` lists anywhere in an object but a CustomResourceDefinition), then the
 * fields the field specs name, are rewritten when the image is `imageTag.name` with any tag or digest. Each image is
 * rewritten once, and carries the origin of the `images` entry.
 */
export const imageTagTransformer: Transformer = (resources, config, context) => {
  const imageTag = readImageTag(config);
  const fieldSpecs = fieldSpecsFrom(config.entries.get('fieldSpecs'), { file: context.kustomizationFile });
  for (const resource of resources.resources) {
    const done = new Set<KNode>();
    const update = (node: KNode): void => {
      if (done.has(node)) return;
      done.add(node);
      updateImage(node, imageTag);
    };
    if (scalarText(resource.node.entries.get('kind')) !== 'CustomResourceDefinition') visitContainerLists(resource.node, update);
    const id = idOf(resource);
    for (const spec of fieldSpecs) if (fieldSpecSelects(spec, id)) visitFieldSpec(resource.node, spec, update);
  }
};

function readImageTag(config: KMap): ImageTag {
  const node = config.entries.get('imageTag');
  if (!isKMap(node)) throw new KustomizeError('ImageTagTransformer needs an imageTag mapping', locationOf(config.origin));
  const text = (key: string): string => scalarText(node.entries.get(key)) ?? '';
  return { name: text('name'), newName: text('newName'), newTag: text('newTag'), digest: text('digest'), tagSuffix: text('tagSuffix'), ...(node.origin && { origin: node.origin }) };
}

/** The `image` of each element of every `containers` or `initContainers` list, deepest first as kustomize walks. */
function visitContainerLists(node: KNode, visit: (image: KNode) => void): void {
  if (isKSeq(node)) {
    node.items.forEach((item) => visitContainerLists(item, visit));
    return;
  }
  if (!isKMap(node)) return;
  for (const [key, value] of node.entries) {
    visitContainerLists(value, visit);
    if ((key !== 'containers' && key !== 'initContainers') || !isKSeq(value)) continue;
    for (const container of value.items) {
      const image = isKMap(container) ? container.entries.get('image') : undefined;
      if (image !== undefined) visit(image);
    }
  }
}

/** Kustomize's imageTagUpdater: a new tag or digest replaces both; a tag suffix extends the tag. */
function updateImage(node: KNode, imageTag: ImageTag): void {
  if (!isKScalar(node)) throw new KustomizeError(`wrong node kind: expected a string image but got a ${node.type === 'map' ? 'mapping' : 'list'}`, locationOf(node.origin));
  const value = scalarText(node) ?? '';
  if (!isImageMatched(value, imageTag.name)) return;
  let { name, tag, digest } = splitImage(value);
  if (imageTag.newName !== '') name = imageTag.newName;
  if (imageTag.newTag !== '' || imageTag.digest !== '') {
    tag = imageTag.newTag;
    digest = imageTag.digest;
  } else if (imageTag.tagSuffix !== '') {
    tag += imageTag.tagSuffix;
    digest = '';
  }
  node.value = `${name}${tag !== '' ? `:${tag}` : ''}${digest !== '' ? `@${digest}` : ''}`;
  if (imageTag.origin) node.origin = imageTag.origin;
}
