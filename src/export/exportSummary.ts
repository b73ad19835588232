/**
 * "Glass Box: Export Review Summary…": the focused run's summary as Markdown (for a
 * pull-request comment), self-contained HTML, or Markdown on the clipboard. Computed in the
 * run's worker; written only where the user chooses (or to the `target` a caller passes).
 */
import * as vscode from 'vscode';
import type { RunEditorProvider } from '../editor/runEditorProvider';
import { summaryFileName } from './fileNames';
import type { SummaryFormat } from './reviewSummary';
import { targetUri, type SaveTargets } from './saveTarget';

export type SummaryDestination = SummaryFormat | 'clipboard';

export interface ExportSummaryOptions {
  format?: SummaryDestination;
  /** Where to write (skips the save dialog). */
  target?: vscode.Uri;
  /** The run's manifest or table; default the focused Glass Box view's. */
  run?: vscode.Uri;
}

/** The command's arguments: `(options)` from code, `(uri)` from a menu, nothing from the palette. */
export function exportOptions(arg: unknown): ExportSummaryOptions {
  if (arg instanceof vscode.Uri) return { run: arg };
  if (!arg || typeof arg !== 'object') return {};
  const { format, target, run } = arg as Record<string, unknown>;
  return {
    format: format === 'markdown' || format === 'html' || format === 'clipboard' ? format : undefined,
    target: targetUri(target),
    run: targetUri(run),
  };
}

type FormatItem = vscode.QuickPickItem & { format: SummaryDestination };

const FORMATS: FormatItem[] = [
  { label: '$(markdown) Markdown', description: 'for a pull-request comment', format: 'markdown' },
  { label: '$(file-code) HTML', description: 'one self-contained page, every chart inline, works offline', format: 'html' },
  { label: '$(clippy) Copy Markdown to Clipboard', format: 'clipboard' },
];

/** Resolves with where the summary went (a URI, 'clipboard'), or undefined if cancelled or failed (the user was told). */
export async function exportSummary(provider: RunEditorProvider, options: ExportSummaryOptions, targets: SaveTargets, generator: string): Promise<vscode.Uri | 'clipboard' | undefined> {
  const document = options.run ? provider.documentOf(options.run) : provider.activeDocument();
  const status = document?.status;
  if (!document || status?.kind !== 'ready') {
    void vscode.window.showInformationMessage('Glass Box: open a model run and wait for it to load, then export its review summary.');
    return undefined;
  }
  const destination = options.format ?? (await vscode.window.showQuickPick(FORMATS, { title: 'Glass Box: Export Review Summary', placeHolder: `Export the review summary of ${status.summary.name}` }))?.format;
  if (!destination) return undefined;
  const format: SummaryFormat = destination === 'html' ? 'html' : 'markdown';
  try {
    const text = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Glass Box: writing the review summary (${format === 'html' ? 'HTML, drawing the charts' : 'Markdown'})…` },
      () => document.reviewSummary(format, generator),
    );
    if (destination === 'clipboard') {
      await vscode.env.clipboard.writeText(text);
      void vscode.window.showInformationMessage(`Glass Box: the review summary of ${status.summary.name} is on the clipboard, ready to paste into a pull-request comment.`);
      return 'clipboard';
    }
    const date = status.summary.dates[status.summary.dates.length - 1] ?? null;
    const filters: Record<string, string[]> = format === 'html' ? { HTML: ['html', 'htm'] } : { Markdown: ['md'] };
    const target = options.target ?? (await targets.ask(summaryFileName(status.summary.name, date, format), filters, 'Export Review Summary'));
    if (!target) return undefined;
    await targets.write(target, new TextEncoder().encode(text), 'the review summary');
    return target;
  } catch (error) {
    void vscode.window.showErrorMessage(`Glass Box: could not export the review summary: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}
