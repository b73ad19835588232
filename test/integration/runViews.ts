/**
 * Opening runs in the Glass Box editor from the integration suite and waiting for what the
 * API reports: loads (`onDidLoad`) and drawn tabs (`onDidRender`).
 */
import * as vscode from 'vscode';
import type { GlassBoxApi, PanelInfo, RenderEvent } from '../../src/api';
import type { Tab } from '../../src/protocol';

/** The custom editor of `*.glassbox.json` manifests (package.json contributes.customEditors). */
export const RUN_VIEW_TYPE = 'glassbox.run';

/** Loading the sample run (2,000 stocks x 60 dates x 48 features) on a slow CI machine. */
export const LOAD_TIMEOUT_MS = 120_000;
export const RENDER_TIMEOUT_MS = 60_000;

const sameUri = (a: string, b: string) => vscode.Uri.parse(a).toString() === vscode.Uri.parse(b).toString();

/**
 * Records every load and render event of one document from the moment it is created, so a
 * test can trigger something and then wait for its effect without racing the event.
 *
 * @example
 *   const watcher = new RunWatcher(api, uri);
 *   await vscode.commands.executeCommand('vscode.openWith', uri, RUN_VIEW_TYPE);
 *   const info = await watcher.load();
 *   const since = watcher.renders.length;
 *   await api.show(uri.toString(), { tab: 'factors' });
 *   const drawn = await watcher.render('factors', since);
 */
export class RunWatcher implements vscode.Disposable {
  readonly loads: PanelInfo[] = [];
  readonly renders: RenderEvent[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    api: GlassBoxApi,
    readonly uri: vscode.Uri,
  ) {
    const key = uri.toString();
    this.subscriptions = [
      api.onDidLoad((info) => {
        if (sameUri(info.uri, key)) this.record(this.loads, info);
      }),
      api.onDidRender((event) => {
        if (sameUri(event.uri, key)) this.record(this.renders, event);
      }),
    ];
  }

  /** The first load that ended (well or not) at or after index `since` of `loads`. */
  load(since = 0, timeoutMs = LOAD_TIMEOUT_MS): Promise<PanelInfo> {
    return this.waitFor(this.loads, since, () => true, `${this.name} to load`, timeoutMs, () => 'no load event');
  }

  /**
   * The first render of `tab` at or after index `since` of `renders` that passes `accept`.
   * On timeout the error shows what was drawn instead.
   */
  render(tab: Tab, since = 0, accept: (event: RenderEvent) => boolean = () => true, timeoutMs = RENDER_TIMEOUT_MS): Promise<RenderEvent> {
    return this.waitFor(
      this.renders,
      since,
      (event) => event.tab === tab && accept(event),
      `${this.name} to draw its ${tab} tab`,
      timeoutMs,
      () => `renders seen: ${JSON.stringify(this.renders.slice(since).map(({ tab: t, charts }) => ({ tab: t, charts })))}`,
    );
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  private get name(): string {
    return this.uri.path.slice(this.uri.path.lastIndexOf('/') + 1);
  }

  private record<T>(list: T[], value: T): void {
    list.push(value);
    for (const wake of [...this.waiters]) wake();
  }

  private waitFor<T>(list: T[], since: number, accept: (value: T) => boolean, what: string, timeoutMs: number, seen: () => string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const check = () => {
        const found = list.slice(since).find(accept);
        if (!found) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(found);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what} (${seen()})`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }
}

/** Open `uri` in the Glass Box run editor, as "Open With… > Glass Box" does. */
export async function openInGlassBox(uri: vscode.Uri): Promise<void> {
  await vscode.commands.executeCommand('vscode.openWith', uri, RUN_VIEW_TYPE);
}

/** Every chart drawn and none of them empty; the message lists what was drawn. */
/** Open `uri` in Glass Box and return how its load ended. */
export async function openAndLoad(api: GlassBoxApi, uri: vscode.Uri) {
  const watcher = new RunWatcher(api, uri);
  try {
    await openInGlassBox(uri);
    return await watcher.load();
  } finally {
    watcher.dispose();
  }
}

export function chartsWithMarks(event: RenderEvent): boolean {
  return event.charts.length > 0 && event.charts.every((chart) => chart.marks > 0);
}

export function describeCharts(event: RenderEvent): string {
  return event.charts.map((chart) => `${chart.name}: ${chart.marks}`).join(', ') || 'no charts';
}

/**
 * A stock held on `date` (default: the run's latest date), read from the manifest's weights
 * file (CSV): the largest position that is also in the benchmark (so not the cash line).
 */
export async function heldStock(manifest: vscode.Uri, date?: string): Promise<string> {
  const text = async (uri: vscode.Uri) => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  const { weights } = JSON.parse(await text(manifest)) as { weights?: string };
  if (!weights || !/\.csv$/i.test(weights)) throw new Error(`${manifest.path}: expected a CSV weights file, found ${weights}`);
  const lines = (await text(vscode.Uri.joinPath(manifest, '..', weights))).trim().split(/\r?\n/);
  const header = lines[0].split(',').map((name) => name.trim().toLowerCase());
  const column = (name: string) => {
    const index = header.indexOf(name);
    if (index < 0) throw new Error(`${weights}: no '${name}' column (columns: ${header.join(', ')})`);
    return index;
  };
  const [dateColumn, stock, weight, benchmark] = ['date', 'stock', 'weight', 'benchmark_weight'].map(column);
  const rows = lines.slice(1).map((line) => line.split(','));
  const on = date ?? rows.reduce((max, row) => (row[dateColumn] > max ? row[dateColumn] : max), '');
  let best: { stock: string; weight: number } | undefined;
  for (const row of rows) {
    if (row[dateColumn] !== on || !(parseFloat(row[benchmark]) > 0)) continue;
    const w = parseFloat(row[weight]);
    if (w > 0 && (!best || w > best.weight)) best = { stock: row[stock], weight: w };
  }
  if (!best) throw new Error(`${weights}: no position on ${on}`);
  return best.stock;
}
