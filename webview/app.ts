/**
 * The app: the page's frame (status line, load error, toolbar, tabs), the protocol's
 * handlers (`loading`, `init`, `loadFailed`, `applyState`) and the rule that keeps the
 * visible tab up to date: any change of date or filters makes every tab's data stale, the
 * visible tab reloads at once, the others when shown. Each finished draw is reported to
 * the host as `rendered`.
 */
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import type { VscodeBadge } from '@vscode-elements/elements/dist/vscode-badge/vscode-badge.js';
import type { VscodeProgressBar } from '@vscode-elements/elements/dist/vscode-progress-bar/vscode-progress-bar.js';
import type { VscodeTabs } from '@vscode-elements/elements/dist/vscode-tabs/vscode-tabs.js';
import type { RunSummary } from '../src/model/types';
import { TABS, type Tab, type ToWebview, type UserError, type ViewState } from '../src/protocol';
import { Charts } from './charts';
import { el, icon } from './dom';
import { RequestError, type Host } from './host';
import { ALL_CHANGED, NO_CHANGE, StateStore, anyChange, mergeChanges, reconcileState, type StateChange } from './state';
import { CompareTab } from './tabs/compare';
import { FactorsTab } from './tabs/factors';
import { FeaturesTab } from './tabs/features';
import { OverviewTab } from './tabs/overview';
import { PerformanceTab } from './tabs/performance';
import { PortfolioTab } from './tabs/portfolio';
import { StocksTab } from './tabs/stocks';
import { inlineError, type TabContext, type TabView } from './tabs/tab';
import { describeFindings } from '../src/model/findings';
import { readChartTheme, watchTheme } from './theme';
import { Toolbar } from './toolbar';

interface TabSlot {
  view: TabView;
  panel: HTMLElement;
  error: HTMLElement;
  /** Changes the tab has not caught up with yet. */
  pending?: StateChange;
  /** Bumped by each update; an update whose number is no longer current is dropped. */
  generation: number;
  /** The change of the update still running, merged into the next one if it is overtaken. */
  running?: StateChange;
}

export class App {
  private run: RunSummary | null = null;
  private readonly store: StateStore;
  private readonly charts: Charts;
  private readonly toolbar: Toolbar;
  private readonly slots = new Map<Tab, TabSlot>();
  private readonly badges = new Map<Tab, VscodeBadge>();
  private readonly headers = new Map<Tab, HTMLElement>();
  private readonly root: HTMLElement;
  private readonly progress: VscodeProgressBar;
  private readonly statusText: HTMLElement;
  private readonly loadError: HTMLElement;
  private readonly main: HTMLElement;
  private readonly tabs: VscodeTabs;
  /** A host `applyState` that arrived before `init`; applied with it. */
  private earlyApply: Partial<ViewState> | null = null;
  private loadingMessage: string | null = null;
  /** True when VS Code kept a state for this webview (it was hidden and restored). */
  private readonly restored: boolean;
  private busy = 0;

  constructor(
    private readonly host: Host,
    root: HTMLElement,
    savedState: unknown,
  ) {
    this.root = root;
    this.restored = savedState !== null && savedState !== undefined;
    const initial = reconcileState(savedState, null);
    this.store = new StateStore(initial, (state) => {
      host.saveState(state);
      host.post({ type: 'stateChanged', state });
    });
    this.charts = new Charts(readChartTheme(), (message) => host.post({ type: 'webviewError', message }), (message) => host.post(message));
    this.toolbar = new Toolbar(this.store);

    this.progress = document.createElement('vscode-progress-bar');
    this.progress.indeterminate = true;
    this.progress.ariaLabel = 'Loading';
    this.progress.className = 'progress';
    this.statusText = el('div', { className: 'status-text', attrs: { role: 'status', 'aria-live': 'polite' } });
    this.loadError = el('div', { className: 'load-error', attrs: { hidden: '' } });

    const context: TabContext = {
      host,
      store: this.store,
      charts: this.charts,
      run: () => this.requireRun(),
      setBadge: (tab, text) => this.setBadge(tab, text),
    };
    const views: TabView[] = [
      new OverviewTab(context),
      new FactorsTab(context),
      new StocksTab(context),
      new FeaturesTab(context),
      new PortfolioTab(context),
      new CompareTab(context),
      new PerformanceTab(context),
    ];
    this.tabs = document.createElement('vscode-tabs');
    this.tabs.className = 'tabs';
    for (const view of views) {
      const header = document.createElement('vscode-tab-header');
      header.slot = 'header';
      header.textContent = view.title;
      header.dataset.tab = view.id;
      this.headers.set(view.id, header);
      const badge = document.createElement('vscode-badge');
      badge.variant = 'tab-header-counter';
      badge.hidden = true;
      header.append(badge);
      this.badges.set(view.id, badge);
      const error = el('div', { className: 'tab-error', attrs: { hidden: '' } });
      const panel = el('div', { className: 'tab-panel-body', attrs: { 'data-tab': view.id } }, [error, view.element]);
      const tabPanel = document.createElement('vscode-tab-panel');
      tabPanel.append(panel);
      this.tabs.append(header, tabPanel);
      this.slots.set(view.id, { view, panel, error, generation: 0 });
    }
    this.tabs.addEventListener('vsc-tabs-select', (event) => {
      const tab = TABS[event.detail.selectedIndex];
      if (tab && this.run) this.store.update({ tab });
    });

    this.main = el('main', { className: 'main', attrs: { hidden: '' } }, [this.toolbar.element, this.tabs]);
    root.replaceChildren(el('div', { className: 'status' }, [this.progress, this.statusText]), this.loadError, this.main);
    this.updateBusy();

    this.store.subscribe((state, change) => this.onStateChange(state, change));
    watchTheme((theme) => {
      this.charts.setTheme(theme);
      if (this.run) void this.refreshVisible();
    });
  }

  /** Register the protocol handlers on `host`. */
  connect(): void {
    this.host.on('loading', (message) => this.onLoading(message.message));
    this.host.on('init', (message) => this.onInit(message));
    this.host.on('loadFailed', (message) => this.onLoadFailed(message.error));
    this.host.on('applyState', (message) => this.onApplyState(message.state));
  }

  private requireRun(): RunSummary {
    if (!this.run) throw new Error('No run is loaded.');
    return this.run;
  }

  private onLoading(message: string): void {
    this.loadingMessage = message;
    this.updateBusy();
  }

  private onInit(message: Extract<ToWebview, { type: 'init' }>): void {
    const firstInit = this.run === null;
    this.run = message.run;
    this.loadingMessage = null;
    this.loadError.hidden = true;
    this.loadError.replaceChildren();
    // The user's own choices win: this page's state after a reload of the run, else what
    // VS Code kept for this webview while it was hidden, else what the host kept; parts
    // that are no longer valid (a date or sector the run lost) are dropped.
    const candidate = !firstInit || this.restored ? this.store.state : message.state;
    const merged = this.earlyApply ? { ...(candidate as object), ...this.earlyApply } : candidate;
    this.earlyApply = null;
    const defaultTab = TABS.includes(message.settings.defaultTab) ? message.settings.defaultTab : 'overview';
    const state = reconcileState(merged, message.run, defaultTab);
    document.title = message.run.name;
    // The badge counts what the Problems panel lists and `glassbox check` reports: one severity model (model/findings.ts).
    const findings = message.run.findings;
    this.setBadge('overview', findings.problems ? String(findings.problems) : null);
    const badge = this.badges.get('overview');
    if (badge) badge.title = describeFindings(findings);
    // A tab the run cannot fill stays reachable (it says why and how to fix it) but reads as unavailable.
    const performance = this.headers.get('performance');
    if (performance) {
      performance.classList.toggle('tab-unavailable', !message.run.hasReturns);
      performance.title = message.run.hasReturns ? '' : 'No forward returns in this run: add "returns" to the manifest to see performance.';
    }
    this.toolbar.setRun(message.run, state);
    for (const slot of this.slots.values()) slot.pending = ALL_CHANGED;
    this.main.hidden = false;
    const changed = JSON.stringify(state) !== JSON.stringify(message.state);
    this.store.reset(state, { persist: changed });
    if (!changed) this.host.saveState(state);
    this.updateBusy();
  }

  private onLoadFailed(error: UserError): void {
    this.loadingMessage = null;
    const where = [error.file, error.row !== undefined ? `row ${error.row}` : '', error.column ? `column ${error.column}` : '']
      .filter(Boolean)
      .join(', ');
    const retry = document.createElement('vscode-button');
    retry.icon = 'refresh';
    retry.textContent = 'Try again';
    retry.className = 'retry';
    retry.addEventListener('click', () => this.host.post({ type: 'refresh' }));
    this.loadError.replaceChildren(
      el('div', { className: 'load-error-box', attrs: { role: 'alert' } }, [
        icon('error', 'severity-error'),
        el('div', { className: 'load-error-body' }, [
          el('strong', { text: this.run ? 'The run could not be reloaded' : 'The run could not be loaded' }),
          el('div', { className: 'load-error-message', text: error.message }),
          where ? el('div', { className: 'load-error-where', text: where }) : null,
          this.run ? el('div', { className: 'muted', text: 'Showing the run as it was last loaded.' }) : null,
          retry,
        ]),
      ]),
    );
    this.loadError.hidden = false;
    this.updateBusy();
  }

  private onApplyState(patch: Partial<ViewState>): void {
    if (!this.run) {
      this.earlyApply = { ...(this.earlyApply ?? {}), ...patch };
      return;
    }
    this.store.update(reconcileState({ ...this.store.state, ...patch }, this.run));
  }

  private onStateChange(state: ViewState, change: StateChange): void {
    this.toolbar.sync(state);
    const index = TABS.indexOf(state.tab);
    if (this.tabs.selectedIndex !== index) this.tabs.selectedIndex = index;
    if (!this.run) return;
    for (const [tab, slot] of this.slots) {
      const relevant: StateChange = { ...NO_CHANGE, data: change.data, tab: change.tab && tab === state.tab };
      for (const aspect of slot.view.watches) relevant[aspect] = change[aspect];
      if (anyChange(relevant)) slot.pending = mergeChanges(slot.pending, relevant);
    }
    void this.showTab(state.tab);
  }

  /** Bring the visible tab up to date and report what it drew. */
  private async showTab(tab: Tab): Promise<void> {
    const slot = this.slots.get(tab)!;
    const change = slot.pending;
    slot.pending = undefined;
    if (!change) return;
    const needsData = anyChange({ ...change, tab: false });
    if (!needsData) {
      await this.refreshTab(slot);
      return;
    }
    const full = mergeChanges(slot.running, change);
    const generation = ++slot.generation;
    const ticket = { get current() { return slot.generation === generation; } };
    slot.running = full;
    this.busy++;
    this.updateBusy();
    try {
      const drawn = await slot.view.update(this.store.state, full, ticket);
      if (!ticket.current) return;
      slot.error.hidden = true;
      slot.error.replaceChildren();
      slot.view.element.hidden = false;
      if (this.store.state.tab !== tab) {
        // The user moved to another tab while this one drew: its charts were sized in a
        // hidden panel, so they are drawn again (and reported) when the tab is shown.
        this.charts.invalidate(slot.panel);
        slot.pending = mergeChanges(slot.pending, { ...NO_CHANGE, tab: true });
        return;
      }
      await this.charts.refresh(slot.panel);
      if (drawn !== null || full.tab) this.postRendered(tab, slot);
    } catch (error) {
      if (!ticket.current) return;
      const retry = document.createElement('vscode-button');
      retry.icon = 'refresh';
      retry.secondary = true;
      retry.textContent = 'Try again';
      retry.className = 'retry';
      retry.addEventListener('click', () => void this.showTab(tab));
      slot.error.replaceChildren(inlineError(error), retry);
      slot.error.hidden = false;
      slot.view.element.hidden = true;
      // The data this tab shows is not what the state asks for: reload when next shown.
      slot.pending = mergeChanges(slot.pending, { ...NO_CHANGE, data: true });
      if (!(error instanceof RequestError)) {
        this.host.post({ type: 'webviewError', message: `${tab}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}` });
      }
    } finally {
      if (slot.generation === generation) slot.running = undefined;
      this.busy--;
      this.updateBusy();
    }
  }

  /** Redraw the visible tab's charts in the current theme and report them. */
  private async refreshVisible(): Promise<void> {
    const slot = this.slots.get(this.store.state.tab)!;
    if (slot.pending || slot.running) return; // its update draws with the new theme anyway
    await this.refreshTab(slot);
  }

  private async refreshTab(slot: TabSlot): Promise<void> {
    await this.charts.refresh(slot.panel);
    this.postRendered(slot.view.id, slot);
  }

  private postRendered(tab: Tab, slot: TabSlot): void {
    this.host.post({ type: 'rendered', tab, charts: this.charts.renderedWithin(slot.panel) });
  }

  /** Show `text` in a tab's header badge (e.g. the number of stocks), or hide it with null. */
  private setBadge(tab: Tab, text: string | null): void {
    const badge = this.badges.get(tab);
    if (!badge) return;
    badge.textContent = text ?? '';
    badge.hidden = text === null;
  }

  private updateBusy(): void {
    const loading = this.loadingMessage !== null;
    const visible = loading || this.busy > 0;
    this.progress.hidden = !visible;
    this.root.classList.toggle('is-busy', visible);
    this.root.setAttribute('aria-busy', String(visible));
    this.statusText.textContent = this.loadingMessage ?? '';
    this.statusText.hidden = !loading;
  }
}
