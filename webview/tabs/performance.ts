/**
 * Performance tab (a run with forward returns): risk and return of the portfolio, the
 * benchmark and the active book, annualised at the run's inferred frequency; cumulative
 * return and active drawdown; the model's IC over time and by signal; quantile returns;
 * Brinson-Fachler attribution by sector on the date (or summed over the run) and over time.
 * A run without returns says so and how to add them.
 */
import type { VscodeOption } from '@vscode-elements/elements/dist/vscode-option/vscode-option.js';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import { brinsonChart, brinsonHistoryChart, cumulativeReturnChart, drawdownChart, icChart, icDecayChart, icSummaryChart, quantileChart } from '../../src/views';
import type { PerformanceData } from '../../src/model/performance/performance';
import type { RunSummary } from '../../src/model/types';
import type { ReturnStats } from '../../src/model/performance/returnStats';
import type { RenderedChart, ViewState } from '../../src/protocol';
import type { ChartDefinition } from '../charts';
import { el } from '../dom';
import { formatPercent } from '../format';
import { effectiveDate, type StateChange } from '../state';
import { chooseDate, segmented, tile, unavailable } from './parts';
import { frequencyText, NO_RETURNS, NO_RETURNS_FIX, SIDE_TITLES, statTiles, type ReturnSide } from './summaries';
import { chartSection, type TabContext, type TabView, type Ticket } from './tab';
import { signalStatsSection } from './signalStatsCard';
import type { SignalStatsData } from '../../src/model/signals/signalStats';

/** Where to set the risk-free rate. */
const RISK_FREE_HINT = 'Set "riskFreeRate" in the manifest (an annual fraction, 0.04 is 4%) or the glassbox.riskFreeRate setting. Active returns are measured over the benchmark.';

/** "Sharpe and Sortino over a risk-free rate of 4.00% a year (manifest)". */
export function riskFreeText(riskFree: PerformanceData['riskFree']): string {
  const from = riskFree.source === 'manifest' ? 'the manifest’s riskFreeRate' : riskFree.source === 'setting' ? 'the glassbox.riskFreeRate setting' : 'none given';
  return `Sharpe and Sortino over a risk-free rate of ${formatPercent(riskFree.rate)} a year (${from})`;
}

/** Brinson for the date, or summed over the run. */
export type BrinsonView = 'date' | 'total';

export class PerformanceTab implements TabView {
  readonly id = 'performance' as const;
  readonly title = 'Performance';
  readonly watches = [] as const;
  readonly element = el('div', { className: 'tab-content performance' });
  private data: PerformanceData | null = null;
  private signals: SignalStatsData | null = null;
  /** The run the data is of (a reload brings a new summary, and new data). */
  private dataRun: RunSummary | null = null;
  private date = '';
  private signal = 'score';
  private brinsonView: BrinsonView = 'date';
  private drawing = 0;

  constructor(private readonly ctx: TabContext) {}

  async update(state: ViewState, _change: StateChange, ticket: Ticket): Promise<RenderedChart[] | null> {
    const run = this.ctx.run();
    this.date = effectiveDate(state, run);
    if (!run.hasReturns) {
      this.data = null;
      this.ctx.charts.releaseWithin(this.element);
      this.element.replaceChildren(el('div', { className: 'tab-heading' }, [el('h2', { text: 'Performance' })]), unavailable(NO_RETURNS, NO_RETURNS_FIX));
      return [];
    }
    // The answer covers the whole run: asked once per load of the run, not per date or filter.
    if (!this.data || this.dataRun !== run) {
      const data = await this.ctx.host.request<'performance'>({ kind: 'performance', date: this.date, filters: state.filters });
      if (!ticket.current) return null;
      if (data === null) {
        this.ctx.charts.releaseWithin(this.element);
        this.element.replaceChildren(el('div', { className: 'tab-heading' }, [el('h2', { text: 'Performance' })]), unavailable(NO_RETURNS, NO_RETURNS_FIX));
        return [];
      }
      // Asked with the performance data, once per load: the Newey-West statistics of the same ICs.
      const signals = await this.ctx.host.request<'signals'>({ kind: 'signals', date: this.date, filters: state.filters });
      if (!ticket.current) return null;
      this.data = data;
      this.signals = signals ?? null;
      this.dataRun = run;
    }
    return this.draw();
  }

  private async redraw(): Promise<void> {
    const drawing = ++this.drawing;
    const charts = await this.draw();
    if (charts && drawing === this.drawing) this.ctx.host.post({ type: 'rendered', tab: this.id, charts });
  }

  private statsSection(data: PerformanceData): HTMLElement {
    const rows: [ReturnSide, ReturnStats | null][] = [
      ['portfolio', data.portfolio],
      ['benchmark', data.benchmark],
      ['active', data.active],
    ];
    return el(
      'div',
      { className: 'perf-stats' },
      rows
        .filter((r): r is [ReturnSide, ReturnStats] => r[1] !== null)
        .map(([side, stats]) =>
          el('div', { className: `perf-row perf-${side}`, attrs: { role: 'group', 'aria-label': SIDE_TITLES[side] } }, [
            el('h3', { className: 'perf-side', text: SIDE_TITLES[side] }),
            el('div', { className: 'kpis' }, statTiles(stats, side).map(tile)),
          ]),
        ),
    );
  }

  private signalSelect(data: PerformanceData): HTMLElement {
    const select: VscodeSingleSelect = document.createElement('vscode-single-select');
    select.className = 'signal-select';
    select.setAttribute('aria-label', 'Signal');
    const signals = ['score', ...data.ic.factors];
    if (!signals.includes(this.signal)) this.signal = 'score';
    for (const signal of signals) {
      const option: VscodeOption = document.createElement('vscode-option');
      option.value = signal;
      option.textContent = signal;
      option.selected = signal === this.signal;
      select.append(option);
    }
    select.addEventListener('change', () => {
      if (select.value === this.signal) return;
      this.signal = select.value;
      void this.redraw();
    });
    return select;
  }

  private async draw(): Promise<RenderedChart[] | null> {
    const data = this.data;
    if (!data) return null;
    const run = this.ctx.run();
    const store = this.ctx.store;
    this.ctx.charts.releaseWithin(this.element);
    const first = data.points[0]?.date;
    const last = data.points[data.points.length - 1]?.date;
    const heading = el('div', { className: 'tab-heading' }, [
      el('h2', { text: first ? `Performance ${first} → ${last}` : 'Performance' }),
      el('span', { className: 'frequency muted', text: frequencyText(data.frequency) }),
      el('span', { className: 'risk-free muted', text: riskFreeText(data.riskFree), title: RISK_FREE_HINT }),
      el('span', { className: 'muted', text: 'the whole book over every date: filters do not apply; the date picks the Brinson date' }),
    ]);

    // These charts carry their own title (kept in their SVG and PNG exports): the cards add none.
    const cumulative = chartSection('', 'cumulative-return');
    const drawdown = chartSection('', 'active-drawdown');
    const icCard = el('section', { className: 'card ic' });
    const icChartSlot = el('div', { className: 'chart', attrs: { 'data-chart-slot': 'rank-ic' } });
    icCard.append(
      el('div', { className: 'card-header' }, [el('span', { className: 'spacer' }), el('span', { className: 'field-label', text: 'Signal' }), this.signalSelect(data)]),
      icChartSlot,
    );
    const icSummary = chartSection('', 'ic-summary');
    // Returns at several horizons: the selected signal's IC by horizon and its half-life.
    const decay = this.signals?.icDecay ?? null;
    const icDecay = decay ? chartSection('', 'ic-decay') : null;
    const quantiles = chartSection('', 'quantile-returns');
    const brinsonPoint = data.brinson?.points.find((p) => p.date === this.date) ?? null;
    const brinsonView: BrinsonView = brinsonPoint ? this.brinsonView : 'total';
    const brinsonCard = el('section', { className: 'card brinson' });
    const brinsonSlot = el('div', { className: 'chart', attrs: { 'data-chart-slot': 'brinson-attribution' } });
    brinsonCard.append(
      el('div', { className: 'card-header' }, [
        el('span', { className: 'spacer' }),
        segmented<BrinsonView>(
          'Brinson period',
          'brinson-toggle',
          [
            { value: 'date', label: 'Date', disabledReason: brinsonPoint ? undefined : `No returns for ${this.date} (the last date has no forward return).` },
            { value: 'total', label: 'Totals' },
          ],
          brinsonView,
          (value) => {
            this.brinsonView = value;
            void this.redraw();
          },
        ),
      ]),
      brinsonSlot,
    );
    const brinsonHistory = chartSection('', 'brinson-history', 'span-2');
    this.element.replaceChildren(
      heading,
      this.statsSection(data),
      el('div', { className: 'chart-grid performance-grid' }, [cumulative.section, drawdown.section, icCard, icSummary.section, ...(icDecay ? [icDecay.section] : []), quantiles.section, brinsonCard, brinsonHistory.section, signalStatsSection(this.signals)]),
    );

    const toDate = (datum: Record<string, unknown>) => chooseDate(store, run, datum.date);
    const signal = this.signal;
    const definitions: ChartDefinition[] = [
      { name: 'cumulative-return', container: cumulative.chart, build: (theme) => cumulativeReturnChart(data.points, theme), onClick: toDate },
    ];
    if (data.active) {
      definitions.push({ name: 'active-drawdown', container: drawdown.chart, build: (theme) => drawdownChart(data.points, theme), onClick: toDate });
    } else {
      drawdown.chart.append(unavailable('No benchmark weights: no active return, so no active drawdown.'));
    }
    definitions.push(
      { name: 'rank-ic', container: icChartSlot, build: (theme) => icChart(data.ic, theme, { signal }), onClick: toDate },
      {
        name: 'ic-summary',
        container: icSummary.chart,
        build: (theme) => icSummaryChart(data.ic, theme),
        onClick: (datum) => {
          if (typeof datum.signal !== 'string' || datum.signal === this.signal) return;
          this.signal = datum.signal;
          void this.redraw();
        },
      },
      { name: 'quantile-returns', container: quantiles.chart, build: (theme) => quantileChart(data.quantiles, theme) },
    );
    if (decay && icDecay) {
      const decaySignal = signal === 'score' || decay.factors.some((f) => f.signal === signal) ? signal : 'score';
      definitions.push({ name: 'ic-decay', container: icDecay.chart, build: (theme) => icDecayChart(decay, theme, { signal: decaySignal }) });
    }
    const brinson = data.brinson;
    if (brinson) {
      const date = brinsonView === 'date' && brinsonPoint ? brinsonPoint.date : undefined;
      definitions.push(
        {
          name: 'brinson-attribution',
          container: brinsonSlot,
          build: (theme) => brinsonChart(brinson, theme, date === undefined ? {} : { date }),
          onClick: (datum) => typeof datum.sector === 'string' && store.toggleFilter('sectors', datum.sector),
        },
        {
          name: 'brinson-history',
          container: brinsonHistory.chart,
          build: (theme) => brinsonHistoryChart(brinson, theme, brinsonPoint ? { selectedDate: brinsonPoint.date } : {}),
          estimatedMarks: brinson.points.length * 4,
          onClick: toDate,
        },
      );
    } else {
      brinsonSlot.append(unavailable('No benchmark weights: Brinson attribution needs a benchmark.'));
      brinsonHistory.chart.append(unavailable('No benchmark weights: Brinson attribution needs a benchmark.'));
    }
    return this.ctx.charts.drawAll(definitions);
  }
}
