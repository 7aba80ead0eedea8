import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import git from 'isomorphic-git';
/** What a revision cannot give: not a repository, an unknown revision, a path it does not have. */
export class GitRevisionError extends Error {}

/** A path as committed at a revision, its files written to a temporary folder for the loader to read. */
export interface RevisionCheckout {
  /** The path as it was, inside the temporary folder (same base name, so the cluster models are named alike). */
  readonly folder: string;
  /** The commit read, abbreviated, for the report. */
  readonly commit: string;
  /** Where the path is in the repository (`deploy/apps`), `''` for its root: how the revision's files are named. */
  readonly pathInRepository: string;
  remove(): void;
}

/** Git's file modes for what is not a regular file: links and submodules are not read. */
const SYMLINK = '120000';
const SUBMODULE = '160000';

/**
 * Reads `target` (a file or folder inside a git repository) as committed at `revision`: a branch, a tag, `HEAD`,
 * `HEAD~N`, or a commit id (abbreviated or whole). The repository's objects (loose and packed) are read in-process by
 * isomorphic-git; no git program runs. The files are written to a temporary folder, removed by `remove()`.
 */
export async function checkoutRevision(target: string, revision: string): Promise<RevisionCheckout> {
  const absolute = path.resolve(target);
  const repository = await repositoryOf(target);
  const commit = await commitOf(repository, revision);
  const { tree } = (await git.readCommit({ fs, dir: repository, oid: commit })).commit;
  const inside = path.relative(repository, absolute).split(path.sep).filter(Boolean).join('/');
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kubetrace-git-'));
  const folder = path.join(root, path.basename(absolute) || 'repository');
  try {
    const written = await writeTree(repository, tree, inside, folder);
    if (!written) throw new GitRevisionError(`${inside || '.'} does not exist at ${revision}`);
  } catch (error) {
    fs.rmSync(root, { recursive: true, force: true });
    throw error;
  }
  return { folder, commit: commit.slice(0, 12), pathInRepository: inside, remove: () => fs.rmSync(root, { recursive: true, force: true }) };
}

/** The commit a revision of the repository holding `target` names, abbreviated: what a reader caches by. */
export async function commitOfRevision(target: string, revision: string): Promise<string> {
  return (await commitOf(await repositoryOf(target), revision)).slice(0, 12);
}

/** A file of the repository holding `folder`, by its path in the repository, as committed at a revision. */
export async function repositoryFileAt(folder: string, revision: string, pathInRepository: string): Promise<string | undefined> {
  return fileAtRevision(path.join(await repositoryOf(folder), ...pathInRepository.split('/')), revision);
}

/** One file's text as committed at a revision; undefined where the revision does not have it. */
export async function fileAtRevision(file: string, revision: string): Promise<string | undefined> {
  const repository = await repositoryOf(file);
  const { tree } = (await git.readCommit({ fs, dir: repository, oid: await commitOf(repository, revision) })).commit;
  const inside = path.relative(repository, path.resolve(file)).split(path.sep).join('/');
  try {
    const { blob } = await git.readBlob({ fs, dir: repository, oid: tree, filepath: inside });
    return Buffer.from(blob).toString('utf8');
  } catch {
    return undefined;
  }
}

async function repositoryOf(target: string): Promise<string> {
  try {
    return await git.findRoot({ fs, filepath: path.resolve(target) });
  } catch {
    throw new GitRevisionError(`${target} is not in a git repository: --git needs one`);
  }
}

/** The commit a revision names: a ref, `REF~N` (first parents), or an object id, annotated tags peeled. */
async function commitOf(dir: string, revision: string): Promise<string> {
  const [, base, back] = /^(.*?)(?:~(\d+))?$/.exec(revision)!;
  let oid: string | undefined;
  try {
    oid = await git.resolveRef({ fs, dir, ref: base! });
  } catch {
    if (/^[0-9a-f]{4,40}$/i.test(base!)) oid = await git.expandOid({ fs, dir, oid: base!.toLowerCase() }).catch(() => undefined);
  }
  if (!oid) throw new GitRevisionError(`unknown revision ${revision}: name a branch, a tag, HEAD or a commit of ${dir}`);
  for (let peel = 0; peel < 10; peel++) {
    const object = await git.readObject({ fs, dir, oid, format: 'parsed' });
    if (object.type === 'commit') break;
    if (object.type !== 'tag') throw new GitRevisionError(`${revision} names a ${object.type}, not a commit`);
    oid = (object.object as { object: string }).object;
  }
  let commit: string = oid;
  for (let step = 0; step < Number(back ?? 0); step++) {
    const parent: string | undefined = (await git.readCommit({ fs, dir, oid: commit })).commit.parent[0];
    if (!parent) throw new GitRevisionError(`${revision}: the history has fewer than ${back} commits`);
    commit = parent;
  }
  return commit;
}

/** Writes the entry at `inside` (a folder or a file of the tree) to `destination`; false when there is none. */
async function writeTree(dir: string, tree: string, inside: string, destination: string): Promise<boolean> {
  const parts = inside === '' ? [] : inside.split('/');
  let oid = tree;
  let type: 'tree' | 'blob' = 'tree';
  for (const part of parts) {
    if (type !== 'tree') return false;
    const entry = (await git.readTree({ fs, dir, oid })).tree.find((candidate) => candidate.path === part);
    if (!entry || entry.mode === SYMLINK || entry.mode === SUBMODULE) return false;
    oid = entry.oid;
    type = entry.type === 'blob' ? 'blob' : 'tree';
  }
  if (type === 'blob') {
    fs.mkdirSync(path.dirname(destination), { recursive: true });
    fs.writeFileSync(destination, (await git.readBlob({ fs, dir, oid })).blob);
    return true;
  }
  await writeFolder(dir, oid, destination);
  return true;
}

async function writeFolder(dir: string, tree: string, destination: string): Promise<void> {
  fs.mkdirSync(destination, { recursive: true });
  for (const entry of (await git.readTree({ fs, dir, oid: tree })).tree) {
    if (entry.mode === SYMLINK || entry.mode === SUBMODULE || entry.path === '.git') continue;
    const target = path.join(destination, entry.path);
    if (entry.type === 'tree') await writeFolder(dir, entry.oid, target);
    else if (entry.type === 'blob') fs.writeFileSync(target, (await git.readBlob({ fs, dir, oid: entry.oid })).blob);
  }
}
