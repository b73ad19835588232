/**
 * What the integration suite shares with scripts/test-vscode.mjs, and small waiting helpers.
 * Under another runner (e.g. @vscode/test-electron) the harness hooks are no-ops.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { format } from 'node:util';
import type { GlassBoxApi } from '../../src/api';

/** publisher.name from package.json. */
export const EXTENSION_ID = 'glassbox.glassbox';

/**
 * The repository the suite was built in (each test bundle is in dist/test/integration/):
 * where its fixtures and test-results/ are, also when the Glass Box under test is a copy
 * installed from the VSIX.
 */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** What scripts/test-vscode.mjs looks for to tell the suite's lines from the workbench's. */
const SUITE_LINE_PREFIX = 'GLASSBOX_SUITE ';

/**
 * Print a line of the suite's output (printf-style, like console.log). Under code-server's
 * harness it is formatted and prefixed so the harness prints it; plain `console.log` lines
 * are only shown by `node scripts/test-vscode.mjs --verbose`.
 */
export function suiteLog(...args: unknown[]): void {
  const line = format(...args);
  console.log(process.env.GLASSBOX_HARNESS ? SUITE_LINE_PREFIX + line : line);
}

/** Activate Glass Box and return its API. */
export async function glassBox(): Promise<GlassBoxApi> {
  const extension = vscode.extensions.getExtension<GlassBoxApi>(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  return extension.activate();
}

/** The workspace the harness made for this run (a copy of samples/russell2000). */
export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the integration tests need a workspace folder (the harness opens a copy of samples/russell2000)');
  return folder.uri;
}

/**
 * Ask the harness for a screenshot of the workbench (test-results/vscode/NAME.png) and wait
 * until it is taken, so the views are still on screen when it is.
 */
export async function screenshot(name: string): Promise<void> {
  const acks = process.env.GLASSBOX_SCREENSHOT_ACKS;
  if (!acks) return;
  suiteLog(`GLASSBOX_SCREENSHOT ${name}`);
  const done = path.join(acks, `${name}.done`);
  const deadline = Date.now() + 20_000;
  while (!fs.existsSync(done) && Date.now() < deadline) await sleep(100);
}

let firstViewSeen = false;

/**
 * Print the time from opening a run to its first chart drawn (the first view), and from
 * opening to the load's end, marking the session's first webview: on code-server that one
 * also registers the webviews' service worker. Printed, never asserted (it depends on the
 * machine); scripts/test-vscode.mjs --trace shows where a slow one waited.
 */
export function reportFirstView(what: string, loadedMs: number, drawnMs: number): void {
  const first = firstViewSeen ? '' : ', the first of this session';
  firstViewSeen = true;
  suiteLog(`    open to first view: ${drawnMs} ms (${what}: loaded at ${loadedMs} ms, first chart drawn at ${drawnMs} ms${first})`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The first event fired by `event` that passes `accept`, or a rejection naming `what` after
 * `timeoutMs`. Subscribe before triggering what fires it.
 */
export function nextEvent<T>(event: vscode.Event<T>, accept: (value: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`));
    }, timeoutMs);
    const subscription = event((value) => {
      if (!accept(value)) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(value);
    });
  });
}

/** Close every editor, so each test starts from an empty workbench. */
export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
