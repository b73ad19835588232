/**
 * The part of the built-in Git extension's API (`vscode.git`, API version 1) that Glass Box
 * uses, typed here because the extension ships no declarations to import, and how to reach it.
 * See vscode/extensions/git/src/api/git.d.ts for the full API.
 */
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { GitCliRepository, repositoryRootAbove, topLevel } from './gitCli';
import { gitCliUri } from './gitCliFs';
import { gitMessages } from './messages';
import type { GitRef } from './refs';

export interface GitCommit {
  readonly hash: string;
  readonly message: string;
}

export interface GitRepository {
  readonly rootUri: vscode.Uri;
  readonly state: { readonly HEAD: GitRef | undefined; readonly refs: GitRef[] };
  getCommit(ref: string): Promise<GitCommit>;
  getRefs?(query: { pattern?: string; count?: number; sort?: 'alphabetically' | 'committerdate' }): Promise<GitRef[]>;
}

export interface GitApi {
  /** The git executable the extension found. */
  readonly git?: { readonly path: string };
  readonly state: 'uninitialized' | 'initialized';
  readonly onDidChangeState: vscode.Event<'uninitialized' | 'initialized'>;
  readonly repositories: GitRepository[];
  toGitUri(uri: vscode.Uri, ref: string): vscode.Uri;
  getRepository(uri: vscode.Uri): GitRepository | null;
  openRepository?(root: vscode.Uri): Promise<GitRepository | null>;
}

interface GitExtensionExports {
  readonly enabled: boolean;
  getAPI(version: 1): GitApi;
}

/** A reason the Git comparison cannot run, said to the user as it is. */
export class GitUnavailableError extends Error {}

/** The Git extension's API, once its model is initialized; throws GitUnavailableError saying why not. */
export async function gitApi(): Promise<GitApi> {
  const extension = vscode.extensions.getExtension<GitExtensionExports>('vscode.git');
  if (!extension) throw new GitUnavailableError(gitMessages.noGitExtension());
  let exports: GitExtensionExports;
  try {
    exports = extension.isActive ? extension.exports : await extension.activate();
  } catch (error) {
    throw new GitUnavailableError(gitMessages.gitExtensionFailed(error instanceof Error ? error.message : String(error)));
  }
  if (!exports?.enabled) throw new GitUnavailableError(gitMessages.gitDisabled());
  const api = exports.getAPI(1);
  if (api.state !== 'initialized') {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => (subscription.dispose(), resolve()), 10_000);
      const subscription = api.onDidChangeState((state) => {
        if (state !== 'initialized') return;
        clearTimeout(timer);
        subscription.dispose();
        resolve();
      });
    });
  }
  return api;
}

/** The repository holding a run, however it was reached: what Compare with Git Ref needs of it. */
export interface RunRepository {
  readonly root: vscode.Uri;
  /** extension: a repository the Git extension has open; git: read with the git binary (the Git extension would not open it). */
  readonly via: 'extension' | 'git';
  head(): Promise<GitRef | undefined>;
  refs(): Promise<GitRef[]>;
  /** The full hash `ref` names; throws in git's words when it names none. */
  commit(ref: string): Promise<string>;
  /** The URI that reads `file` as it was at `commit` through vscode.workspace.fs. */
  readUri(file: vscode.Uri, commit: string): vscode.Uri;
}

function fromExtension(api: GitApi, repository: GitRepository): RunRepository {
  return {
    root: repository.rootUri,
    via: 'extension',
    head: async () => repository.state.HEAD,
    refs: async () => {
      try {
        if (repository.getRefs) return await repository.getRefs({ sort: 'alphabetically' });
      } catch {
        // Older Git extensions keep the refs in state only.
      }
      return repository.state.refs;
    },
    commit: async (ref) => (await repository.getCommit(ref)).hash,
    readUri: (file, commit) => api.toGitUri(file, commit),
  };
}

function fromGitBinary(repository: GitCliRepository): RunRepository {
  return {
    root: vscode.Uri.file(repository.root),
    via: 'git',
    head: () => repository.head(),
    refs: () => repository.refs(),
    commit: (ref) => repository.commit(ref),
    readUri: (file, commit) => gitCliUri(repository, file, commit),
  };
}

/**
 * The repository holding `file`: one the Git extension already knows; else the nearest
 * folder above the file holding `.git`, opened through the Git extension; else, when the
 * Git extension will not open it (a repository in a parent folder of the workspace, which
 * it opens only when the user agrees, e.g. a workspace folder that is a subfolder of a
 * repository), read with the git binary, in a trusted workspace only.
 */
export async function repositoryOf(api: GitApi, file: vscode.Uri): Promise<RunRepository> {
  if (file.scheme !== 'file') throw new GitUnavailableError(gitMessages.notOnDisk(file.toString(true)));
  const known = api.getRepository(file);
  if (known) return fromExtension(api, known);
  const root = repositoryRootAbove(dirname(file.fsPath));
  if (root === null) throw new GitUnavailableError(gitMessages.notInRepository(file.fsPath));
  const opened = (await api.openRepository?.(vscode.Uri.file(root))) ?? api.getRepository(file);
  if (opened) return fromExtension(api, opened);
  if (!vscode.workspace.isTrusted) throw new GitUnavailableError(gitMessages.parentUntrusted(root));
  const git = api.git?.path ?? 'git';
  try {
    return fromGitBinary(new GitCliRepository(git, await topLevel(git, dirname(file.fsPath))));
  } catch (error) {
    throw new GitUnavailableError(gitMessages.gitBinaryFailed(root, error instanceof Error ? error.message : String(error)));
  }
}
