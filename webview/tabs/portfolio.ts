/**
 * Portfolio tab: where the book stands against its guardrails on the date, and whether it
 * follows the model. Concentration tiles; active weight against its limit by sector,
 * country or region; the largest positions against the single-name cap; weight against
 * score (a point opens the stock); turnover over time against its limit; every guardrail
 * on every date (a cell sets the date) and the date's guardrail table.
 */
import {
  activeWeightLimitsChart,
  guardrailTimeline,
  largestPositionsChart,
  transferCoefficientChart,
  turnoverChart,
  weightVsScoreChart,
} from '../../src/views';
import type { PortfolioData, RunSummary } from '../../src/model/types';
import type { TransferCoefficients } from '../../src/model/performance/transferCoefficient';
import type { RenderedChart, ViewState } from '../../src/protocol';
import type { ChartDefinition } from '../charts';
import { el } from '../dom';
import { effectiveDate, type StateChange } from '../state';
import { chooseDate, segmented, tile, unavailable } from './parts';
import { guardrailSection } from './guardrailTable';
import { checksOn, portfolioTiles } from './summaries';
import { chartSection, type TabContext, type TabView, type Ticket } from './tab';

export type Grouping = 'sector' | 'country' | 'region';

const GROUPINGS: { value: Grouping; label: string; key: 'bySector' | 'byCountry' | 'byRegion'; filter: 'sectors' | 'countries' | 'regions' }[] = [
  { value: 'sector', label: 'Sector', key: 'bySector', filter: 'sectors' },
  { value: 'country', label: 'Country', key: 'byCountry', filter: 'countries' },
  { value: 'region', label: 'Region', key: 'byRegion', filter: 'regions' },
];

export class PortfolioTab implements TabView {
  readonly id = 'portfolio' as const;
  readonly title = 'Portfolio';
  readonly watches = [] as const;
  readonly element = el('div', { className: 'tab-content portfolio' });
  private data: PortfolioData | null = null;
  private grouping: Grouping = 'sector';
  private drawing = 0;
  /** The transfer coefficient over the whole run: asked once per load of the run. */
  private transfer: TransferCoefficients | null = null;
  private transferRun: RunSummary | null = null;

  constructor(private readonly ctx: TabContext) {}

  async update(state: ViewState, change: StateChange, ticket: Ticket): Promise<RenderedChart[] | null> {
    if (change.data || !this.data) {
      const data = await this.ctx.host.request<'portfolio'>({ kind: 'portfolio', date: effectiveDate(state, this.ctx.run()), filters: state.filters });
      if (!ticket.current) return null;
      const run = this.ctx.run();
      if (this.transferRun !== run) {
        const transfer = await this.ctx.host.request<'transferCoefficient'>({ kind: 'transferCoefficient', date: effectiveDate(state, run), filters: state.filters });
        if (!ticket.current) return null;
        this.transfer = transfer ?? null;
        this.transferRun = run;
      }
      this.data = data;
    }
    return this.draw();
  }

  private async redraw(): Promise<void> {
    const drawing = ++this.drawing;
    const charts = await this.draw();
    if (charts && drawing === this.drawing) this.ctx.host.post({ type: 'rendered', tab: this.id, charts });
  }

  private async draw(): Promise<RenderedChart[] | null> {
    const data = this.data;
    if (!data) return null;
    const run = this.ctx.run();
    const store = this.ctx.store;
    this.ctx.charts.releaseWithin(this.element);

    const grouping = GROUPINGS.find((g) => g.value === this.grouping) ?? GROUPINGS[0];
    const heading = el('div', { className: 'tab-heading' }, [
      el('h2', { text: `Portfolio construction on ${data.date}` }),
      el('span', { className: 'muted', text: 'concentration, turnover and guardrails are the whole book’s' }),
    ]);
    const tiles = el('div', { className: 'kpis' }, portfolioTiles(data).map(tile));

    const limits = el('section', { className: 'card active-limits span-2' });
    const limitsChart = el('div', { className: 'chart', attrs: { 'data-chart-slot': 'active-limits' } });
    const groupToggle = segmented<Grouping>(
      'Group active weights by',
      'grouping-toggle',
      GROUPINGS.map((g) => ({ value: g.value, label: g.label, disabledReason: data[g.key].length ? undefined : `The run has no ${g.label.toLowerCase()}s.` })),
      grouping.value,
      (value) => {
        this.grouping = value;
        void this.redraw();
      },
    );
    limits.append(el('div', { className: 'card-header' }, [el('span', { className: 'field-label', text: 'Group by' }), groupToggle]), limitsChart);

    // These charts title themselves (with the limit and how often it was breached).
    const largest = chartSection('', 'largest-positions', '', 'Click a bar to open the stock.');
    const scatter = chartSection('', 'weight-vs-score', '', 'Click a point to open the stock.');
    const turnover = chartSection('', 'turnover', '', 'Click a date to show it.');
    const timeline = chartSection('', 'guardrail-timeline', 'guardrail-timeline span-2', 'Click a date to show it.');
    const transferCard = chartSection('', 'transfer-coefficient', 'transfer-coefficient span-2', 'How much of the model\'s view the weights carry (the whole book, unfiltered). Click a date to show it.');
    this.element.replaceChildren(
      heading,
      tiles,
      el('div', { className: 'chart-grid portfolio-grid' }, [limits, guardrailSection(`Guardrails on ${data.date}`, checksOn(data)), largest.section, scatter.section, turnover.section, timeline.section, transferCard.section]),
    );

    const groups = data[grouping.key];
    const groupTitle = grouping.label;
    const definitions: ChartDefinition[] = [
      {
        name: 'active-limits',
        container: limitsChart,
        build: (theme) => activeWeightLimitsChart(groups, theme, { groupTitle }),
        onClick: (datum) => typeof datum.group === 'string' && store.toggleFilter(grouping.filter, datum.group),
      },
      {
        name: 'largest-positions',
        container: largest.chart,
        build: (theme) => largestPositionsChart(data.largest, theme, { limit: data.stockLimit }),
        onClick: (datum) => typeof datum.stock === 'string' && store.update({ stock: datum.stock, tab: 'stocks' }),
      },
      {
        name: 'weight-vs-score',
        container: scatter.chart,
        build: (theme) => weightVsScoreChart(data.weightVsScore, theme, { sectors: this.ctx.run().sectors }),
        estimatedMarks: data.weightVsScore.length,
        onClick: (datum) => typeof datum.stock === 'string' && store.update({ stock: datum.stock, tab: 'stocks' }),
      },
    ];
    if (data.turnover.length) {
      definitions.push({
        name: 'turnover',
        container: turnover.chart,
        build: (theme) => turnoverChart(data.turnover, theme, { limit: data.turnoverLimit, selectedDate: data.date }),
        onClick: (datum) => chooseDate(store, run, datum.date),
      });
    } else {
      turnover.chart.append(unavailable(run.dates.length < 2 ? 'A single date: no turnover.' : 'No portfolio weights: no turnover.'));
    }
    if (data.guardrails.checks.length) {
      definitions.push({
        name: 'guardrail-timeline',
        container: timeline.chart,
        build: (theme) => guardrailTimeline(data.guardrails, theme, { selectedDate: data.date }),
        estimatedMarks: data.guardrails.checks.length,
        onClick: (datum) => chooseDate(store, run, datum.date),
      });
    } else {
      timeline.chart.append(unavailable('The manifest sets no guardrails.'));
    }
    const transfer = this.transfer;
    if (transfer && transfer.points.some((p) => p.tc !== null)) {
      definitions.push({
        name: 'transfer-coefficient',
        container: transferCard.chart,
        build: (theme) => transferCoefficientChart(transfer.points, theme, { selectedDate: data.date }),
        onClick: (datum) => chooseDate(store, run, datum.date),
      });
    } else {
      transferCard.chart.append(unavailable(transfer ? 'Too few scored stocks, or constant weights: no transfer coefficient.' : 'No benchmark weights: no active weights, so no transfer coefficient.'));
    }
    return this.ctx.charts.drawAll(definitions);
  }
}
