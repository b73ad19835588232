/**
 * Reading a repository with the git binary, for a run whose repository the Git extension
 * will not open: one in a parent folder of the workspace (the Git extension opens those
 * only after the user agrees, or with `git.openRepositoryInParentFolders: always`), as when
 * a workspace folder is a subfolder of a repository. Only read-only plumbing is run
 * (rev-parse, for-each-ref, cat-file), never a command that runs hooks or touches the
 * working tree. No vscode here, so it is tested in Node against a real repository.
 */
import { spawn } from 'node:child_process';
import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { GitRefType, type GitRef } from './refs';

/** Largest file read at a commit (the run's tables): beyond it the read stops with an error. */
const MAX_BYTES = 2 ** 31 - 1;

/** Settings that keep git from running anything a repository's config names while it reads. */
const SAFE_CONFIG = ['-c', 'core.fsmonitor=false'];

/**
 * The nearest folder at or above `path` holding `.git` (a folder, or a file for worktrees
 * and submodules); null when there is none up to the file system's root.
 * @example repositoryRootAbove('/work/glassbox/samples/russell2000') // '/work/glassbox'
 */
export function repositoryRootAbove(path: string): string | null {
  let dir = path;
  for (;;) {
    if (existsSync(join(dir, '.git'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** Runs `git ARGS` in `cwd`; resolves with stdout, rejects with git's first line of stderr. */
export function runGit(git: string, cwd: string, args: readonly string[], maxBytes = 64 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(git, [...SAFE_CONFIG, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        child.kill();
        reject(new Error(`more than ${maxBytes} bytes`));
        return;
      }
      out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) => reject(new Error(`could not run ${git}: ${error.message}`)));
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new Error(Buffer.concat(err).toString('utf8').trim().split('\n')[0] || `git exited with ${code}`));
    });
  });
}

/** A repository read through the git binary. */
export class GitCliRepository {
  constructor(
    /** The git executable (the Git extension's, else `git` on the PATH). */
    readonly git: string,
    /** The working tree's top folder. */
    readonly root: string,
  ) {}

  /** The full hash `ref` names, or an error in git's words. */
  async commit(ref: string): Promise<string> {
    return (await runGit(this.git, this.root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]).catch(() => {
      throw new Error(`unknown revision '${ref}'`);
    }))
      .toString('utf8')
      .trim();
  }

  /** HEAD: the branch it is on (if any) and its commit; undefined in a repository without commits. */
  async head(): Promise<GitRef | undefined> {
    const commit = await this.commit('HEAD').catch(() => undefined);
    if (!commit) return undefined;
    const branch = (await runGit(this.git, this.root, ['symbolic-ref', '--quiet', '--short', 'HEAD']).catch(() => Buffer.alloc(0))).toString('utf8').trim();
    return { type: GitRefType.Head, name: branch || undefined, commit };
  }

  /** Local branches, tags and remote branches, as the Git extension reports them. */
  async refs(): Promise<GitRef[]> {
    const text = (await runGit(this.git, this.root, ['for-each-ref', '--format=%(refname)%09%(objectname)%09%(*objectname)', 'refs/heads', 'refs/tags', 'refs/remotes'])).toString('utf8');
    const refs: GitRef[] = [];
    for (const line of text.split('\n')) {
      const [name, object, peeled] = line.split('\t');
      if (!name) continue;
      const commit = peeled || object;
      if (name.startsWith('refs/heads/')) refs.push({ type: GitRefType.Head, name: name.slice(11), commit });
      else if (name.startsWith('refs/tags/')) refs.push({ type: GitRefType.Tag, name: name.slice(10), commit });
      else if (name.startsWith('refs/remotes/')) {
        const short = name.slice(13);
        refs.push({ type: GitRefType.RemoteHead, name: short, commit, remote: short.split('/')[0] });
      }
    }
    return refs;
  }

  /** The path of `file` inside the repository, with `/` separators; null when it lies outside. */
  pathOf(file: string): string | null {
    const rel = relative(realpathSync(this.root), realPath(file));
    if (!rel || rel.startsWith('..') || rel.includes(`..${sep}`)) return null;
    return rel.split(sep).join('/');
  }

  /** `file`'s bytes at `commit`; throws when the commit has no such file. */
  async read(file: string, commit: string): Promise<Uint8Array> {
    return new Uint8Array(await runGit(this.git, this.root, ['cat-file', 'blob', this.spec(file, commit)], MAX_BYTES));
  }

  /** `file`'s size at `commit`; throws when the commit has no such file. */
  async size(file: string, commit: string): Promise<number> {
    return Number((await runGit(this.git, this.root, ['cat-file', '-s', this.spec(file, commit)])).toString('utf8').trim());
  }

  private spec(file: string, commit: string): string {
    const path = this.pathOf(file);
    if (path === null) throw new Error(`${file} is not inside the repository at ${this.root}`);
    if (!/^[0-9a-f]{40,64}$/.test(commit)) throw new Error(`'${commit}' is not a full commit hash`);
    return `${commit}:${path}`;
  }
}

/** `path` with the symbolic links of its deepest existing folder resolved (git reports real paths). */
function realPath(path: string): string {
  if (existsSync(path)) return realpathSync(path);
  const parent = dirname(path);
  return parent === path ? path : join(realPath(parent), basename(path));
}

/** The repository's top folder as git reports it (symbolic links resolved), from any folder inside it. */
export async function topLevel(git: string, folder: string): Promise<string> {
  const dir = existsSync(folder) && statSync(folder).isDirectory() ? folder : dirname(folder);
  return (await runGit(git, dir, ['rev-parse', '--show-toplevel'])).toString('utf8').trim();
}
