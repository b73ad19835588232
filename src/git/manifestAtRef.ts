/**
 * A run's manifest and tables as they were at a Git revision, read with the git binary (for
 * `glassbox diff RUN --ref GITREF`; no vscode here). The ref is checked before git sees it
 * and resolved with `rev-parse --verify --end-of-options`, so no ref can become a git
 * option; every path the manifest names is confined to the repository, and the files are
 * read with `cat-file` at the resolved commit: the working tree is never touched.
 */
import { dirname } from 'node:path';
import { InputError } from '../model/errors';
import { manifestTables, parseManifest } from '../model/manifest';
import type { RunFile, RunInput } from '../model/run/loadRun';
import { confineLexically, makeRoots, resolvePath } from '../workspace/confine';
import { GitCliRepository, topLevel } from './gitCli';
import { gitMessages } from './messages';
import { baselineLabel, parseRef } from './refs';

export interface ManifestAtRef {
  /** The run's name at the ref: the ref and its commit, e.g. `HEAD~1 (a1b2c3d)`. */
  label: string;
  /** The full commit hash the ref resolved to. */
  commit: string;
  input: RunInput;
}

/**
 * The run of the manifest at `manifestPath` as it was at `ref`: the manifest read at the
 * resolved commit, then each table it names (resolved against the manifest's folder, inside
 * the repository). The manifest's own baseline is not read. Throws an InputError naming what
 * went wrong: not a repository, an unknown or malformed ref, the manifest or a table absent
 * at that revision, a path leading outside the repository.
 * @example await readManifestAtRef('samples/russell2000/run.glassbox.json', 'HEAD~1') // { label: 'HEAD~1 (a1b2c3d)', commit: 'a1b2…', input: { files: [{ role: 'contributions', bytes }, …] } }
 */
export async function readManifestAtRef(manifestPath: string, ref: string, name: string = manifestPath, git = 'git'): Promise<ManifestAtRef> {
  const checked = parseRef(ref);
  if (checked === null) throw new InputError(gitMessages.cliBadRefSyntax(ref), name);
  let root: string;
  try {
    root = await topLevel(git, dirname(manifestPath));
  } catch (error) {
    throw new InputError(gitMessages.cliNotInRepository(name, firstLine(error)), name);
  }
  const repository = new GitCliRepository(git, root);
  let commit: string;
  try {
    commit = await repository.commit(checked);
  } catch {
    throw new InputError(gitMessages.cliUnknownRef(checked, root), name);
  }
  const label = baselineLabel(checked, commit);
  const inRepository = repository.pathOf(manifestPath);
  if (inRepository === null) throw new InputError(gitMessages.cliNotInRepository(name, `it lies outside ${root}`), name);
  let bytes: Uint8Array;
  try {
    bytes = await repository.read(manifestPath, commit);
  } catch {
    throw new InputError(gitMessages.manifestAbsentAtRef(name, inRepository, label), name);
  }
  const { manifest, diagnostics } = parseManifest(new TextDecoder().decode(bytes), `${name} at ${label}`);
  // Where the manifest lies in the repository (links resolved as git reports paths): tables resolve from there.
  const manifestDir = dirname(`${root}/${inRepository}`);
  const roots = makeRoots([root], [], gitMessages.repositoryAt(root), gitMessages.howToAllowAtRef());
  const files: RunFile[] = [];
  for (const table of manifestTables(manifest)) {
    const resolved = resolvePath(manifestDir, table.path);
    confineLexically({ manifest: `${name} at ${label}`, key: table.field, written: table.path, resolved }, roots);
    try {
      files.push({ role: table.role, name: table.path, bytes: await repository.read(resolved, commit) });
    } catch {
      throw new InputError(gitMessages.tableAbsentAtRef(name, table.field, table.path, label), name);
    }
  }
  return { label, commit, input: { source: label, manifest: { ...manifest, name: label }, manifestDiagnostics: diagnostics, files } };
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}
