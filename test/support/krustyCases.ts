import assert from 'node:assert/strict';
import { renderKustomization, type RenderResult } from '../../server/src/model/kustomize/build';
import { renderedYaml } from '../../server/src/model/kustomize/renderedYaml';
import { memoryFiles } from './kustomizeFiles';
import { objectsOf } from './kustomizeObjects';

/** One build of an upstream kustomize test (api/krusty), ported: the files it wrote, the folder built, what it expects. */
export interface KrustyCase {
  /** The upstream test, as the file porting it names it. */
  readonly name: string;
  /** The files written, by path below the test's root (`/app`); a leading `/` or `./` is dropped. */
  readonly files: Record<string, string | Uint8Array>;
  /** The folder built, below the root (`.`, `overlay`, `/app/overlay`); the root itself when absent. */
  readonly root?: string;
  /** The objects kustomize prints; absent when the build must fail. */
  readonly expected?: string;
  /** A fragment of the failure's message, when the build must fail ('' or absent for any message). */
  readonly error?: string;
  /** Why the case is not run (reported as skipped): the renderer follows a kustomize whose sources disagree with it. */
  readonly skip?: string;
}

/** What kustomize's test harness's WriteK puts before a kustomization. */
export const KUSTOMIZATION_HEADER = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n';

/** A path as the upstream test writes it (`/base`, `./base`, `.`), below the test's root. */
function belowRoot(path: string): string {
  return path.replace(/^\/+/, '').replace(/^\.(\/|$)/, '');
}

/** The files as WriteK wrote them: a kustomization that names no kind gets the harness's header. */
export function writtenByWriteK(files: KrustyCase['files']): KrustyCase['files'] {
  const result: Record<string, string | Uint8Array> = {};
  for (const [path, content] of Object.entries(files)) {
    const isKustomization = /(^|\/)kustomization\.yaml$/.test(path);
    result[path] = isKustomization && typeof content === 'string' && !/^kind:/m.test(content) ? KUSTOMIZATION_HEADER + content : content;
  }
  return result;
}

/** Builds the case's folder from its files, in memory. */
export function renderKrustyCase(krusty: KrustyCase): RenderResult {
  const files = Object.fromEntries(Object.entries(krusty.files).map(([path, content]) => [belowRoot(path), content]));
  const root = belowRoot(krusty.root ?? '');
  return renderKustomization(root ? `/app/${root}` : '/app', memoryFiles(files));
}

/** The case holds: the build fails where upstream's does (with its message), else prints the objects upstream expects, as a multiset. */
export function assertKrustyCase(krusty: KrustyCase): void {
  const result = renderKrustyCase(krusty);
  if (krusty.expected === undefined) {
    assert.ok(result.error, 'kustomize fails on this input; the render must fail too');
    assert.ok(result.error.message.includes(krusty.error ?? ''), `the message says ${krusty.error}: ${result.error.message}`);
    return;
  }
  assert.equal(result.error?.message, undefined);
  assert.deepEqual(objectsOf(renderedYaml(result.resources)), objectsOf(krusty.expected));
}
