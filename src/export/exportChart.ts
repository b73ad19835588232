/** Saving one chart the webview exported (`exportChart` message): ask where, then write. */
import * as vscode from 'vscode';
import type { RunDocument } from '../editor/runDocument';
import type { FromWebview } from '../protocol';
import { chartBytes } from './chartData';
import { chartFileName } from './fileNames';
import type { SaveTargets } from './saveTarget';

type ExportChartMessage = Extract<FromWebview, { type: 'exportChart' }>;

/** The run's name and the date shown, for the default file name. */
function runAndDate(document: RunDocument): { run: string; date: string | null } {
  const status = document.status;
  const fallback = document.uri.path.slice(document.uri.path.lastIndexOf('/') + 1).replace(/\.glassbox\.json$/i, '');
  if (status.kind !== 'ready') return { run: fallback, date: null };
  return { run: status.summary.name, date: document.viewState?.date ?? status.summary.dates[status.summary.dates.length - 1] ?? null };
}

export async function exportChart(document: RunDocument, message: ExportChartMessage, targets: SaveTargets): Promise<void> {
  try {
    const bytes = chartBytes(message.format, message.data);
    const { run, date } = runAndDate(document);
    const filters: Record<string, string[]> = message.format === 'svg' ? { 'SVG image': ['svg'] } : { 'PNG image': ['png'] };
    const target = await targets.ask(chartFileName(run, message.name, date, message.format), filters, `Export chart '${message.name}' as ${message.format.toUpperCase()}`);
    if (!target) return;
    await targets.write(target, bytes, `the chart '${message.name}'`);
  } catch (error) {
    void vscode.window.showErrorMessage(`Glass Box: could not export the chart '${message.name}': ${error instanceof Error ? error.message : String(error)}`);
  }
}
