/**
 * Factors tab: attribution by factor on the date, its history over the run's dates, and
 * factor x sector and factor x country heat maps, as portfolio- or active-weighted.
 */
import '@vscode-elements/elements/dist/vscode-radio/index.js';
import '@vscode-elements/elements/dist/vscode-radio-group/index.js';
import type { VscodeRadio } from '@vscode-elements/elements/dist/vscode-radio/vscode-radio.js';
import { factorExposureChart, factorHeatmap, factorHistoryChart } from '../../src/views';
import type { FactorsData } from '../../src/model/types';
import type { RenderedChart, ViewState } from '../../src/protocol';
import type { ChartDefinition } from '../charts';
import { el } from '../dom';
import { effectiveDate, measureOf, type StateChange } from '../state';
import { chartSection, type TabContext, type TabView, type Ticket } from './tab';

export type FactorMeasure = 'portfolio' | 'active';

export class FactorsTab implements TabView {
  readonly id = 'factors' as const;
  readonly title = 'Factors';
  readonly watches = ['measure'] as const;
  readonly element = el('div', { className: 'tab-content factors' });
  /** Portfolio- or active-weighted (ViewState.measure); portfolio when the run has no benchmark. */
  private measure: FactorMeasure = 'portfolio';
  private data: FactorsData | null = null;

  constructor(private readonly ctx: TabContext) {}

  async update(state: ViewState, change: StateChange, ticket: Ticket): Promise<RenderedChart[] | null> {
    const run = this.ctx.run();
    if (change.data || !this.data) {
      const data = await this.ctx.host.request<'factors'>({ kind: 'factors', date: effectiveDate(state, run), filters: state.filters });
      if (!ticket.current) return null;
      this.data = data;
    }
    // A measure change alone redraws from the data already here.
    this.measure = this.data.byFactor.some((f) => f.active !== null) ? measureOf(state) : 'portfolio';
    return this.draw();
  }

  private measureToggle(hasActive: boolean): HTMLElement {
    const group = document.createElement('vscode-radio-group');
    group.className = 'measure-toggle';
    group.setAttribute('aria-label', 'Attribution measure');
    for (const [value, label] of [
      ['portfolio', 'Portfolio'],
      ['active', 'Active'],
    ] as const) {
      const radio: VscodeRadio = document.createElement('vscode-radio');
      radio.name = 'factor-measure';
      radio.value = value;
      radio.dataset.measure = value;
      radio.label = label;
      radio.checked = this.measure === value;
      radio.disabled = value === 'active' && !hasActive;
      if (radio.disabled) radio.title = 'No benchmark weights: active attribution is not available.';
      radio.addEventListener('change', () => {
        if (!radio.checked || this.measure === value) return;
        this.ctx.store.update({ measure: value });
      });
      group.append(radio);
    }
    return group;
  }

  private async draw(): Promise<RenderedChart[] | null> {
    const data = this.data;
    if (!data) return null;
    const store = this.ctx.store;
    const measure = this.measure;
    const hasActive = data.byFactor.some((f) => f.active !== null);
    this.ctx.charts.releaseWithin(this.element);

    const heading = el('div', { className: 'tab-heading' }, [
      el('h2', { text: `Factor attribution on ${data.date}` }),
      el('span', { className: 'muted', text: measure === 'active' ? 'weighted by active weight' : 'weighted by portfolio weight' }),
      el('span', { className: 'spacer' }),
      this.measureToggle(hasActive),
    ]);
    const exposure = chartSection('Exposure by factor', 'factor-exposure', 'factor-exposure');
    const history = chartSection('Exposure over time', 'factor-history', 'factor-history');
    const bySector = chartSection('Factor × sector', 'factor-sector-heatmap', 'factor-sector-heatmap');
    const byCountry = chartSection('Factor × country', 'factor-country-heatmap', 'factor-country-heatmap');
    this.element.replaceChildren(
      heading,
      el('div', { className: 'chart-grid factor-grid' }, [exposure.section, history.section, bySector.section, byCountry.section]),
    );

    const selectedDate = data.date;
    const run = this.ctx.run();
    const definitions: ChartDefinition[] = [
      {
        name: 'factor-exposure',
        container: exposure.chart,
        build: (theme) => factorExposureChart(data.byFactor, theme, { measure }),
        onClick: (datum) => typeof datum.factor === 'string' && store.toggleFilter('factors', datum.factor),
      },
      {
        name: 'factor-history',
        container: history.chart,
        build: (theme) => factorHistoryChart(data.history, theme, { measure, selectedDate, factors: this.ctx.run().factors }),
        estimatedMarks: data.history.length,
        onClick: (datum) => {
          const date = datum.date;
          if (typeof date === 'string' && run.dates.includes(date)) {
            store.update({ date: date === run.dates[run.dates.length - 1] ? null : date });
          }
        },
      },
      {
        name: 'factor-sector-heatmap',
        container: bySector.chart,
        build: (theme) => factorHeatmap(data.bySector, theme, { groupTitle: 'Sector', measure }),
        estimatedMarks: data.bySector.length,
        onClick: (datum) => typeof datum.group === 'string' && store.toggleFilter('sectors', datum.group),
      },
      {
        name: 'factor-country-heatmap',
        container: byCountry.chart,
        build: (theme) => factorHeatmap(data.byCountry, theme, { groupTitle: 'Country', measure }),
        estimatedMarks: data.byCountry.length,
        onClick: (datum) => typeof datum.group === 'string' && store.toggleFilter('countries', datum.group),
      },
    ];
    return this.ctx.charts.drawAll(definitions);
  }
}
