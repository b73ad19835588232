/**
 * The runs of the workspace as the code links see them: every `*.glassbox.json` manifest
 * (found with findFiles, watched, parsed with parseManifest) and every run open in a view,
 * with each loaded run's features and, on demand, a feature's stats from its worker.
 * Nothing heavy happens here: a run is only ever loaded by opening its view.
 */
import * as vscode from 'vscode';
import { Disposable } from '../editor/disposable';
import { type Manifest, parseManifest } from '../model/manifest';
import { NO_FILTERS } from '../model/types';
import { FeatureCatalog, manifestFeatures, type RunFeatures } from './featureCatalog';
import type { FeatureStats } from '../model/features/featureStats';
import { viewDate } from './featureHover';
import { type CodeLinksHost, type CodeRun, isManifestUri } from './host';

const MANIFEST_GLOB = '**/*.glassbox.json';
const MANIFEST_EXCLUDE = '**/{node_modules,.git}/**';
/** More manifests than this in one workspace are not read (each is a small JSON file). */
const MAX_MANIFESTS = 500;

/** A manifest read from disk: null manifest when it could not be parsed (its view says why). */
interface ManifestEntry {
  uri: vscode.Uri;
  manifest: Manifest | null;
}

/** A feature's stats, or why there are none. */
export interface StatsAnswer {
  stats: FeatureStats | null;
  error?: string;
  /** Whose date the stats are of: the date the run's view shows, or the run's latest (the view shows it, or it has not said). */
  dateSource?: 'view' | 'latest';
}


function basename(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

export class WorkspaceRuns extends Disposable {
  private readonly manifests = new Map<string, ManifestEntry>();
  private scan: Promise<void> | null = null;
  private catalogCache: FeatureCatalog | null = null;
  private readonly stats = new Map<string, Promise<StatsAnswer>>();
  private readonly changeEmitter = this.register(new vscode.EventEmitter<void>());
  /** Fires when a manifest or a run changed: hovers and CodeLenses should be asked again. */
  readonly onDidChange = this.changeEmitter.event;
  private readonly decoder = new TextDecoder();

  constructor(private readonly host: CodeLinksHost) {
    super();
    const watcher = this.register(vscode.workspace.createFileSystemWatcher(MANIFEST_GLOB));
    const reread = (uri: vscode.Uri) => void this.readManifest(uri).then(() => this.changed());
    this.register(watcher.onDidCreate(reread));
    this.register(watcher.onDidChange(reread));
    this.register(
      watcher.onDidDelete((uri) => {
        this.manifests.delete(uri.toString());
        this.changed();
      }),
    );
    this.register(this.host.onDidLoad((info) => this.changed(info.uri)));
    // Hovers and CodeLenses speak of the date on screen: ask again when it changes.
    if (this.host.onDidChangeViewDate) this.register(this.host.onDidChangeViewDate(() => this.changed()));
    this.register(vscode.workspace.onDidChangeWorkspaceFolders(() => {
      this.scan = null;
      this.changed();
    }));
  }

  /** The open run of `uri` when it is loaded. */
  loadedRun(uri: string): (CodeRun & { status: { kind: 'ready' } }) | undefined {
    return this.host.runs().find((run): run is CodeRun & { status: { kind: 'ready' } } => run.uri.toString() === uri && run.status.kind === 'ready');
  }

  /** The parsed manifest at `uri`, read now if it was not found by the scan (e.g. outside the workspace). */
  async manifest(uri: vscode.Uri): Promise<Manifest | null> {
    await this.scanned();
    const known = this.manifests.get(uri.toString());
    if (known) return known.manifest;
    return (await this.readManifest(uri)).manifest;
  }

  /** Every run's features: the loaded runs' own, else the manifests' factor maps. */
  async catalog(): Promise<FeatureCatalog> {
    await this.scanned();
    if (this.catalogCache) return this.catalogCache;
    const runs = new Map<string, RunFeatures>();
    for (const { uri, manifest } of this.manifests.values()) {
      if (!manifest) continue;
      runs.set(uri.toString(), { manifest: uri.toString(), label: manifest.name ?? basename(uri), codeGlobs: manifest.code?.features ?? [], features: manifestFeatures(manifest), loaded: false });
    }
    for (const run of this.host.runs()) {
      if (run.status.kind !== 'ready') continue;
      const id = run.uri.toString();
      const known = runs.get(id);
      const summary = run.status.summary;
      runs.set(id, { manifest: id, label: known?.label ?? summary.name, codeGlobs: known?.codeGlobs ?? [], features: summary.features, loaded: true });
    }
    this.catalogCache = new FeatureCatalog([...runs.values()]);
    return this.catalogCache;
  }

  /**
   * A feature's stats on the date the run's views show (the latest until a view picks
   * another), asked of the run's worker once per load and date; null stats when the run is
   * not loaded (nothing is loaded for this).
   */
  featureStats(runUri: string, feature: string): Promise<StatsAnswer> {
    const run = this.loadedRun(runUri);
    if (!run) return Promise.resolve({ stats: null });
    const { date, source } = viewDate(run.status.summary.dates, run.viewState?.date);
    const key = `${runUri}\u0000${date}\u0000${feature}`;
    let answer = this.stats.get(key);
    if (!answer) {
      answer = run.query({ kind: 'featureStats', date, filters: NO_FILTERS, feature }).then(
        (stats) => ({ stats: stats as FeatureStats, dateSource: source }),
        (error: unknown) => {
          const message = error instanceof Error ? error.message : String(error);
          this.host.log.warn(`feature stats of ${feature} in ${runUri}: ${message}`);
          this.stats.delete(key);
          return { stats: null, error: message };
        },
      );
      this.stats.set(key, answer);
    }
    return answer;
  }

  private changed(runUri?: string): void {
    this.catalogCache = null;
    if (runUri) {
      for (const key of [...this.stats.keys()]) if (key.startsWith(`${runUri}\u0000`)) this.stats.delete(key);
    }
    this.changeEmitter.fire();
  }

  private scanned(): Promise<void> {
    this.scan ??= (async () => {
      const found = await vscode.workspace.findFiles(MANIFEST_GLOB, MANIFEST_EXCLUDE, MAX_MANIFESTS);
      await Promise.all(found.map((uri) => this.readManifest(uri)));
    })().catch((error: unknown) => {
      this.host.log.warn(`could not list the workspace's run manifests: ${error instanceof Error ? error.message : String(error)}`);
    });
    return this.scan;
  }

  private async readManifest(uri: vscode.Uri): Promise<ManifestEntry> {
    let entry: ManifestEntry;
    try {
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      const text = open ? open.getText() : this.decoder.decode(await vscode.workspace.fs.readFile(uri));
      entry = { uri, manifest: parseManifest(text, basename(uri)).manifest };
    } catch {
      // A manifest that does not parse names no features; its view and the JSON schema say why.
      entry = { uri, manifest: null };
    }
    if (isManifestUri(uri)) this.manifests.set(uri.toString(), entry);
    this.catalogCache = null;
    return entry;
  }
}
