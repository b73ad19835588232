/**
 * A run's manifest and tables as they were at a Git ref, read through the Git extension's
 * `git:` URIs with `vscode.workspace.fs` (the same reader as the working tree's files).
 */
import type * as vscode from 'vscode';
import { readRunSource } from '../editor/runSource';
import type { RunInput } from '../model/run/loadRun';
import type { RunRepository } from './gitApi';
import { gitMessages } from './messages';
import { baselineLabel } from './refs';

export interface RunAtRef {
  /** The baseline's name: the ref and its commit, e.g. `HEAD (a1b2c3d)`. */
  label: string;
  /** The full commit hash the ref resolved to. */
  commit: string;
  input: RunInput;
}

/**
 * Reads the run of `manifest` at `ref`: the ref is resolved to a commit once, then the
 * manifest and every table it names are read at that commit (paths resolved as in the
 * working tree, each file mapped with the repository's readUri). The manifest's own baseline is not read.
 * The run is named by the ref (RunSummary.baseline), whatever the manifest called it then.
 */
export async function readRunAtRef(repository: RunRepository, manifest: vscode.Uri, ref: string): Promise<RunAtRef> {
  let commit: string;
  try {
    commit = await repository.commit(ref);
  } catch (error) {
    throw new Error(gitMessages.badRef(ref, firstLine(error)));
  }
  const label = baselineLabel(ref, commit);
  try {
    const source = await readRunSource(manifest, async () => {}, { toReadUri: (uri) => repository.readUri(uri, commit), withBaseline: false });
    const input: RunInput = {
      source: label,
      manifest: source.manifest ? { ...source.manifest, name: label } : null,
      manifestDiagnostics: source.manifestDiagnostics,
      files: source.files,
    };
    return { label, commit, input };
  } catch (error) {
    throw new Error(gitMessages.unreadableAtRef(label, firstLine(error)));
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}
