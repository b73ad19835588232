/**
 * The part of the built-in Git extension's API (`vscode.git`, API version 1) that Glass Box
 * uses, typed here because the extension ships no declarations to import, and how to reach it.
 * See vscode/extensions/git/src/api/git.d.ts for the full API.
 */
import * as vscode from 'vscode';
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

/**
 * The repository holding `file`: one the Git extension already knows, else opened from the
 * file's folder (repositories created after start-up, or with auto-detection off).
 */
export async function repositoryOf(api: GitApi, file: vscode.Uri): Promise<GitRepository> {
  if (file.scheme !== 'file') throw new GitUnavailableError(gitMessages.notOnDisk(file.toString(true)));
  const known = api.getRepository(file);
  if (known) return known;
  const folder = vscode.Uri.joinPath(file, '..');
  const opened = (await api.openRepository?.(folder)) ?? null;
  const repository = opened ?? api.getRepository(file);
  if (!repository) throw new GitUnavailableError(gitMessages.notInRepository(file.fsPath));
  return repository;
}
