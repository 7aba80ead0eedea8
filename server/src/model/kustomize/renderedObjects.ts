import { Document, Pair, Scalar, YAMLMap, YAMLSeq, type Node as YamlNode } from 'yaml';
import type { KubeObject } from '../../engine/objects';
import type { TextRange } from '../../engine/source';
import type { DecodeContext } from '../decode';
import { readObjects } from '../readObject';
import type { Resource } from './resource';
import { isKMap, isKSeq, type KNode, type Origin } from './tree';

type NodeOrigin = { readonly uri: string; readonly range: TextRange };

/**
 * Reads a rendered resource into the model's object, as the model reads a file: each field located in the file
 * that wrote it (the base's line, the patch's line, the kustomization's `namespace:` line). `uriOf` turns the
 * build's paths into the workspace's URIs. Problems the reading finds are left out: each file that wrote a
 * field is read on its own too, and reports them there.
 */
export function renderedObject(resource: Resource, uriOf: (file: string) => string): KubeObject | undefined {
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
  return readObjects(root, context)[0];
}

/**
 * What decides a rendered object's model: every value and where each was written. Equal fingerprints give equal
 * objects, so a build rendered again keeps the objects an edit did not change (and the engine's work on them). A
 * Secret's values are left out (the model reads only their keys, and a fingerprint is kept between renders).
 */
export function resourceFingerprint(resource: Resource): string {
  const parts: string[] = [resource.file];
  const secret = resource.node.entries.get('kind');
  const isSecret = secret?.type === 'scalar' && secret.value === 'Secret';
  const visit = (node: KNode, valuesHidden = false): void => {
    const origin = node.origin;
    parts.push(origin ? `@${origin.file}:${origin.range.start.line}:${origin.range.start.character}:${origin.range.end.line}:${origin.range.end.character}:${origin.key ? `${origin.key.start.line}:${origin.key.start.character}` : ''}` : '@');
    if (isKMap(node)) {
      parts.push('{');
      for (const [key, value] of node.entries) {
        parts.push(JSON.stringify(key));
        if (valuesHidden) parts.push(value.type);
        else visit(value, isSecret && node === resource.node && (key === 'data' || key === 'stringData'));
      }
      parts.push('}');
    } else if (isKSeq(node)) {
      parts.push('[');
      node.items.forEach((item) => visit(item));
      parts.push(']');
    } else {
      parts.push(valuesHidden ? '?' : JSON.stringify(node.value));
    }
  };
  visit(resource.node);
  return parts.join('');
}
