import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { KustomizeFileSystem } from '../model/kustomize/fileSystem';
import { renderKustomization } from '../model/kustomize/build';
import type { KustomizeLocation } from '../model/kustomize/errors';
import { renderedYaml } from '../model/kustomize/renderedYaml';
import { UsageError, type ParsedArguments } from './arguments';

export const RENDER_HELP = `Usage: kubetrace render PATH

Prints, as multi-document YAML, the objects 'kustomize build PATH' prints, rendered in Kubetrace without running
any program: plugins, KRM functions, Helm charts and remote resources are left out with a notice on stderr.
PATH is a folder with a kustomization.yaml. Exit status 2 with a located message where kustomize would fail.
`;

/** The disk, as the renderer reads it: absolute slash-separated paths. */
export const diskFileSystem: KustomizeFileSystem = {
  readText(path) {
    try {
      return statSync(path).isFile() ? readFileSync(path, 'utf8') : undefined;
    } catch {
      return undefined;
    }
  },
  readBytes(path) {
    try {
      return statSync(path).isFile() ? readFileSync(path) : undefined;
    } catch {
      return undefined;
    }
  },
  isDirectory(path) {
    try {
      return statSync(path).isDirectory();
    } catch {
      return false;
    }
  },
};

export function runRender(parsed: ParsedArguments, write: (text: string) => void, warn: (text: string) => void): number {
  if (parsed.positionals.length !== 1) throw new UsageError('name one kustomization folder');
  const directory = resolve(parsed.positionals[0]!).replace(/\\/g, '/');
  if (!existsSync(directory)) throw new UsageError(`${parsed.positionals[0]} does not exist`);
  const result = renderKustomization(directory, diskFileSystem);
  for (const notice of result.notices) warn(`${where(notice.location)}notice: ${notice.message}\n`);
  if (result.error) {
    warn(`kubetrace render: ${where(result.error.location)}${result.error.message}\n`);
    return 2;
  }
  write(renderedYaml(result.resources));
  return 0;
}

function where(location: KustomizeLocation | undefined): string {
  if (!location) return '';
  const range = location.range ? `:${location.range.start.line + 1}:${location.range.start.character + 1}` : '';
  return `${location.file}${range}: `;
}
