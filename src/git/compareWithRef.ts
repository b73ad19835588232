/**
 * "Glass Box: Compare with Git Ref…": the open run against itself as committed at a Git ref
 * (HEAD by default), read through the built-in Git extension, shown on the Compare tab.
 * Choosing "the manifest's baseline" (or passing `ref: null`) goes back to the baseline the
 * manifest names.
 */
import * as vscode from 'vscode';
import type { BaselineOverride, RunDocument } from '../editor/runDocument';
import type { RunEditorProvider } from '../editor/runEditorProvider';
import { isManifest } from '../editor/runSource';
import type { RunInput } from '../model/run/loadRun';
import { gitApi, GitUnavailableError, repositoryOf, type RunRepository } from './gitApi';
import { gitMessages } from './messages';
import { parseRef, refChoices, type RefChoice } from './refs';
import { readRunAtRef } from './runAtRef';

export interface CompareWithRefOptions {
  /** The ref to compare with (`HEAD`, `HEAD~1`, a branch, tag or commit); null: back to the manifest's baseline; absent: ask. */
  ref?: string | null;
  /** The run's manifest; default the focused Glass Box view's. */
  run?: vscode.Uri;
}

/** The command's arguments: `(options)` from code, `(uri)` from a menu, nothing from the palette. */
export function compareOptions(arg: unknown): CompareWithRefOptions {
  if (arg instanceof vscode.Uri) return { run: arg };
  if (typeof arg === 'string') return { ref: arg };
  if (arg && typeof arg === 'object') {
    const { ref, run } = arg as { ref?: unknown; run?: unknown };
    return {
      ref: typeof ref === 'string' || ref === null ? ref : undefined,
      run: run instanceof vscode.Uri ? run : typeof run === 'string' ? vscode.Uri.parse(run) : undefined,
    };
  }
  return {};
}

/**
 * Runs the comparison; resolves with the baseline's name (e.g. `HEAD (a1b2c3d)`), or
 * undefined when the user cancelled or it could not be done (the user was told why).
 */
export async function compareWithRef(provider: RunEditorProvider, options: CompareWithRefOptions, log: vscode.LogOutputChannel): Promise<string | undefined> {
  const document = options.run ? provider.documentOf(options.run) : provider.activeDocument();
  try {
    if (!document) throw new GitUnavailableError(gitMessages.noRun());
    if (!isManifest(document.uri)) throw new GitUnavailableError(gitMessages.notManifest(document.uri.path.slice(document.uri.path.lastIndexOf('/') + 1)));
    const api = await gitApi();
    const repository = await repositoryOf(api, document.uri);
    const asked = options.ref !== undefined ? options.ref : await pickRef(repository, document.baselineOverride);
    if (asked === undefined) return undefined;
    if (asked === null) {
      await document.setBaselineOverride(null);
      provider.show(document.uri.toString(), { tab: 'compare', compareAgainst: 'baseline' });
      return undefined;
    }
    const ref = parseRef(asked);
    if (!ref) throw new GitUnavailableError(gitMessages.badRef(asked, 'not a revision git accepts'));
    if (repository.via === 'git') log.info(`compare with git ref: the Git extension has not opened ${repository.root.fsPath} (a parent folder of the workspace): reading it with git`);
    return await compareDocument(provider, document, repository, ref);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (!(error instanceof GitUnavailableError)) log.error(`compare with git ref: ${message}`);
    void vscode.window.showErrorMessage(message);
    return undefined;
  }
}

async function compareDocument(provider: RunEditorProvider, document: RunDocument, repository: RunRepository, ref: string): Promise<string> {
  const first = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Glass Box: reading the run at ${ref}…` },
    () => readRunAtRef(repository, document.uri, ref),
  );
  // The first load uses what was just read; a reload (files changed on disk) reads the ref again.
  let unread: RunInput | null = first.input;
  const override: BaselineOverride = {
    label: first.label,
    ref,
    read: async () => {
      const input = unread;
      unread = null;
      return input ?? (await readRunAtRef(repository, document.uri, ref)).input;
    },
  };
  await document.setBaselineOverride(override);
  const status = document.status;
  if (status.kind === 'ready' && status.summary.baseline === null) {
    const why = status.summary.diagnostics.find((d) => d.code === 'baseline-unreadable');
    void vscode.window.showWarningMessage(`Glass Box: ${why?.message ?? `the run at ${first.label} could not be compared.`}`);
  }
  provider.show(document.uri.toString(), { tab: 'compare', compareAgainst: 'baseline' });
  return first.label;
}

const ICONS: Record<RefChoice['kind'], string> = { head: '$(git-commit)', branch: '$(git-branch)', tag: '$(tag)', remote: '$(cloud)' };

type RefItem = vscode.QuickPickItem & { ref: string | null };

/** Asks for a ref: HEAD first, then branches and tags; any revision may be typed. Undefined: cancelled. */
async function pickRef(repository: RunRepository, current: BaselineOverride | null): Promise<string | null | undefined> {
  const [head, refs] = await Promise.all([repository.head(), repository.refs()]);
  const items: RefItem[] = refChoices(head, refs).map((c) => ({ label: `${ICONS[c.kind]} ${c.ref}`, description: c.detail, ref: c.ref }));
  if (current) items.unshift({ label: "$(discard) The manifest's baseline", description: `stop comparing with ${current.label}`, ref: null });
  const pick = vscode.window.createQuickPick<RefItem>();
  pick.title = 'Glass Box: Compare with Git Ref';
  pick.placeholder = 'Compare the run with its files at a commit, branch or tag (type any revision, e.g. HEAD~1)';
  pick.items = items;
  pick.activeItems = items.filter((i) => i.ref === 'HEAD');
  pick.onDidChangeValue((value) => {
    const typed = parseRef(value);
    pick.items = typed && !items.some((i) => i.ref === typed) ? [{ label: `$(edit) ${typed}`, description: 'the revision typed', ref: typed, alwaysShow: true }, ...items] : items;
  });
  return new Promise((resolve) => {
    let chosen: string | null | undefined;
    pick.onDidAccept(() => {
      chosen = pick.selectedItems[0]?.ref;
      pick.hide();
    });
    pick.onDidHide(() => {
      pick.dispose();
      resolve(chosen);
    });
    pick.show();
  });
}
