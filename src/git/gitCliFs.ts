/**
 * A read-only file system (`glassbox-git:`) serving files at a commit through GitCliRepository,
 * so that the run's reader (vscode.workspace.fs) reads them as it reads `git:` URIs. It serves
 * only the (repository, commit) pairs Glass Box registered, under a random token: a URI made
 * elsewhere reads nothing.
 */
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { GitCliRepository } from './gitCli';

export const GIT_CLI_SCHEME = 'glassbox-git';

const registered = new Map<string, { repository: GitCliRepository; commit: string }>();

/** The URI that reads `file` as it was at `commit` of `repository`. */
export function gitCliUri(repository: GitCliRepository, file: vscode.Uri, commit: string): vscode.Uri {
  let token = [...registered].find(([, r]) => r.repository.root === repository.root && r.commit === commit)?.[0];
  if (!token) {
    token = randomUUID();
    registered.set(token, { repository, commit });
  }
  return file.with({ scheme: GIT_CLI_SCHEME, query: token });
}

class GitCliFileSystem implements vscode.FileSystemProvider {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;

  private entry(uri: vscode.Uri): { repository: GitCliRepository; commit: string } {
    const entry = registered.get(uri.query);
    if (!entry) throw vscode.FileSystemError.FileNotFound(uri);
    return entry;
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const { repository, commit } = this.entry(uri);
    const size = await repository.size(uri.fsPath, commit).catch(() => {
      throw vscode.FileSystemError.FileNotFound(uri);
    });
    return { type: vscode.FileType.File, ctime: 0, mtime: 0, size };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const { repository, commit } = this.entry(uri);
    try {
      return await repository.read(uri.fsPath, commit);
    } catch (error) {
      throw /does not exist|bad file|not a valid object|Not a valid object name|path '.*' does not exist/i.test(String(error))
        ? vscode.FileSystemError.FileNotFound(uri)
        : vscode.FileSystemError.Unavailable(error instanceof Error ? error.message : String(error));
    }
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => {});
  }
  readDirectory(): never {
    throw vscode.FileSystemError.NoPermissions('glassbox-git: lists no folders');
  }
  createDirectory(): never {
    throw vscode.FileSystemError.NoPermissions('glassbox-git: is read-only');
  }
  writeFile(): never {
    throw vscode.FileSystemError.NoPermissions('glassbox-git: is read-only');
  }
  delete(): never {
    throw vscode.FileSystemError.NoPermissions('glassbox-git: is read-only');
  }
  rename(): never {
    throw vscode.FileSystemError.NoPermissions('glassbox-git: is read-only');
  }
}

/** Registers the file system (once, from the extension's commands). */
export function registerGitCliFileSystem(): vscode.Disposable {
  return vscode.workspace.registerFileSystemProvider(GIT_CLI_SCHEME, new GitCliFileSystem(), { isReadonly: true, isCaseSensitive: true });
}
