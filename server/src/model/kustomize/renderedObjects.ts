import { Document, Pair, Scalar, YAMLMap, YAMLSeq, type Node as YamlNode } from 'yaml';
import type { KubeObject } from '../../engine/objects';
import type { TextRange } from '../../engine/source';
import type { DecodeContext } from '../decode';
import { readObjects } from '../readObject';
import type { Resource } from './resource';
import { isKMap, isKSeq, type KNode, type Origin } from './tree';

type NodeOrigin = { readonly uri: string; readonly range: TextRange };

/**
 * Reads rendered resources into the model's objects, as the model reads a file: each field located in the file
 * that wrote it (the base's line, the patch's line, the kustomization's `namespace:` line). `uriOf` turns the
 * build's paths into the workspace's URIs. Problems the reading finds are left out: each file that wrote a
 * field is read on its own too, and reports them there.
 */
export function renderedObjects(resources: readonly Resource[], uriOf: (file: string) => string): KubeObject[] {
  const objects: KubeObject[] = [];
  for (const resource of resources) {
    const origins = new WeakMap<YamlNode, NodeOrigin>();
    const locate = (origin: Origin | undefined, key?: boolean): NodeOrigin | undefined => {
      if (!origin) return undefined;
      return { uri: uriOf(origin.file), range: key && origin.key ? origin.key : origin.range };
    };
    const toYaml = (node: KNode): YamlNode => {
      let made: YamlNode;
      if (isKMap(node)) {
        const yamlMap = new YAMLMap();
        for (const [key, value] of node.entries) {
          const keyNode = new Scalar(key);
          const keyOrigin = locate(value.origin, true);
          if (keyOrigin) origins.set(keyNode, keyOrigin);
          yamlMap.items.push(new Pair(keyNode, toYaml(value)));
        }
        made = yamlMap;
      } else if (isKSeq(node)) {
        const yamlSeq = new YAMLSeq();
        for (const item of node.items) yamlSeq.items.push(toYaml(item));
        made = yamlSeq;
      } else {
        made = new Scalar(node.value);
      }
      const origin = locate(node.origin);
      if (origin) origins.set(made, origin);
      return made;
    };
    const root = toYaml(resource.node);
    const uri = uriOf(resource.file);
    const context: DecodeContext = {
      uri,
      document: new Document() as DecodeContext['document'],
      lineCounter: { linePos: () => ({ line: 1, col: 1 }) } as unknown as DecodeContext['lineCounter'],
      problems: [],
      source: '',
      originOf: (node) => origins.get(node),
    };
    objects.push(...readObjects(root, context));
  }
  return objects;
}
