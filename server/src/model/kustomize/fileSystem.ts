/**
 * The files a build reads, given by the caller: the CLI reads the disk, the editor its open buffers over the disk.
 * Paths are slash-separated and absolute (`/work/app/kustomization.yaml`). The renderer never runs a program.
 */
export interface KustomizeFileSystem {
  /** A file's text; undefined when there is no such file (or it is a folder). */
  readText(path: string): string | undefined;
  /**
   * A file's bytes, for the files a generator puts into a ConfigMap or Secret (which may be binary). Without it the
   * text is taken as UTF-8.
   */
  readBytes?(path: string): Uint8Array | undefined;
  isDirectory(path: string): boolean;
}

/** The names kustomize looks for in a folder, in its order. */
export const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;
