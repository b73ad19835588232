/**
 * Git refs for "Compare with Git Ref…", pure (no vscode): which refs to offer and in what
 * order, how a ref typed by the user is checked, and how the baseline is named.
 */

/** RefType of the Git extension's API (git.d.ts): a local branch, a remote branch, a tag. */
export const GitRefType = { Head: 0, RemoteHead: 1, Tag: 2 } as const;

/** A ref as the Git extension's API reports it (git.d.ts `Ref`). */
export interface GitRef {
  readonly type: number;
  readonly name?: string;
  readonly commit?: string;
  readonly remote?: string;
}

/** One ref offered in the QuickPick. */
export interface RefChoice {
  /** What is passed to git (`HEAD`, `main`, `v1.2`, `origin/main`). */
  ref: string;
  kind: 'head' | 'branch' | 'tag' | 'remote';
  /** The abbreviated commit, when known. */
  commit: string | null;
  /** Secondary text: the branch HEAD is on, or the commit. */
  detail: string;
}

/** The abbreviated commit hash git shows (7 characters). */
export function shortHash(hash: string): string {
  return hash.slice(0, 7);
}

/**
 * The baseline's name in the Compare tab: the ref and the commit it resolved to, or just
 * the commit when the ref was a hash.
 * @example baselineLabel('HEAD', 'a1b2c3d4e5…') === 'HEAD (a1b2c3d)'
 */
export function baselineLabel(ref: string, hash: string): string {
  const short = shortHash(hash);
  if (/^[0-9a-f]{4,40}$/i.test(ref) && hash.toLowerCase().startsWith(ref.toLowerCase())) return short;
  return `${ref} (${short})`;
}

/**
 * A ref the user typed, trimmed, or null when git would not take it as one (or could read it
 * as an option): revision syntax such as `HEAD~1`, `main^`, `v1.2`, `origin/main`, `@{-1}`.
 */
export function parseRef(text: string): string | null {
  const ref = text.trim();
  if (!ref || ref.length > 250 || ref.startsWith('-')) return null;
  if (!/^[\w./~^@{}+-]+$/.test(ref)) return null;
  if (ref.includes('..') || ref.endsWith('.lock') || ref.endsWith('/') || ref.endsWith('.')) return null;
  return ref;
}

/**
 * The refs to offer, in order: HEAD, then local branches, tags and remote branches, each
 * alphabetically; unnamed refs and remotes' own HEAD are left out.
 */
export function refChoices(head: GitRef | undefined, refs: readonly GitRef[]): RefChoice[] {
  const commit = (r: GitRef) => (r.commit ? shortHash(r.commit) : null);
  const choices: RefChoice[] = [];
  const headCommit = head ? commit(head) : null;
  const onBranch = head?.name ? `on ${head.name}` : 'detached';
  choices.push({ ref: 'HEAD', kind: 'head', commit: headCommit, detail: headCommit ? `${onBranch} · ${headCommit}` : onBranch });
  const group = (type: number, kind: RefChoice['kind']) =>
    refs
      .filter((r) => r.type === type && r.name && !(type === GitRefType.RemoteHead && /\/HEAD$/.test(r.name)))
      .sort((a, b) => (a.name! < b.name! ? -1 : a.name! > b.name! ? 1 : 0))
      .map((r): RefChoice => ({ ref: r.name!, kind, commit: commit(r), detail: commit(r) ?? '' }));
  choices.push(...group(GitRefType.Head, 'branch'), ...group(GitRefType.Tag, 'tag'), ...group(GitRefType.RemoteHead, 'remote'));
  return choices;
}
