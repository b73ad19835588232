/**
 * Features tab: what the model learned, feature by feature, on the date. Importance (mean
 * |contribution| or portfolio-weighted, per feature or per factor), the beeswarm of the
 * top features coloured by feature value, the dependence plot of the selected feature
 * coloured by a second feature (the suggested interaction unless the user picks one), and
 * importance by sector. Clicking a feature selects it; the selected feature's name carries
 * a "Go to definition" button, and Ctrl/Cmd/Alt+click on any feature mark opens its code.
 */
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import type { VscodeOption } from '@vscode-elements/elements/dist/vscode-option/vscode-option.js';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import { BEESWARM_SCALES, beeswarmChart, beeswarmLayout, dependenceChart, factorImportanceChart, featureImportanceChart, importanceBySectorChart, stabilityChart, type ImportanceMeasure } from '../../src/views';
import type { AttributionStability } from '../../src/model/stability/attributionStability';
import type { RunSummary } from '../../src/model/types';
import type { FeaturesData } from '../../src/model/types';
import type { InteractionScore } from '../../src/model/features/types';
import type { RenderedChart, ViewState } from '../../src/protocol';
import type { ChartDefinition } from '../charts';
import { el } from '../dom';
import { formatCount } from '../format';
import { effectiveDate, type StateChange } from '../state';
import { chooseDate, definitionButton, featureName, segmented, unavailable, wantsDefinition } from './parts';
import { interactionLabel } from './summaries';
import { chartSection, type TabContext, type TabView, type Ticket } from './tab';

/** Per feature or per factor: the level of the importance and by-sector charts. */
export type ImportanceLevel = 'feature' | 'factor';

/** The select's value for "the suggested interaction" (no explicit colour feature). */
const SUGGESTED = '';

export class FeaturesTab implements TabView {
  readonly id = 'features' as const;
  readonly title = 'Features';
  readonly watches = ['feature'] as const;
  readonly element = el('div', { className: 'tab-content features' });
  private data: FeaturesData | null = null;
  private measure: ImportanceMeasure = 'meanAbs';
  private level: ImportanceLevel = 'feature';
  /** The interaction ranking of each feature, as last suggested (the host sends it only when it picks the colour). */
  private readonly rankings = new Map<string, InteractionScore[]>();
  private readonly suggestions = new Map<string, string | null>();
  private state: ViewState | null = null;
  private drawing = 0;
  /** Attribution drift over the whole run: asked once per load of the run. */
  private stability: AttributionStability | null = null;
  private stabilityRun: RunSummary | null = null;

  constructor(private readonly ctx: TabContext) {}

  async update(state: ViewState, change: StateChange, ticket: Ticket): Promise<RenderedChart[] | null> {
    this.state = state;
    const date = effectiveDate(state, this.ctx.run());
    if (change.feature && !change.data && this.data?.date === date) {
      // Another feature or colour on the same date and filters: only the dependence plot changes.
      const dependence = await this.ctx.host.request<'dependence'>({ kind: 'dependence', date, filters: state.filters, feature: state.feature ?? null, colorBy: state.colorBy ?? null });
      if (!ticket.current) return null;
      this.data = { ...this.data, dependence };
      this.remember(dependence);
    } else if (change.data || change.feature || !this.data) {
      const data = await this.ctx.host.request<'features'>({
        kind: 'features',
        date,
        filters: state.filters,
        feature: state.feature ?? null,
        colorBy: state.colorBy ?? null,
      });
      if (!ticket.current) return null;
      const run = this.ctx.run();
      if (this.stabilityRun !== run) {
        const stability = await this.ctx.host.request<'stability'>({ kind: 'stability', date: effectiveDate(state, run), filters: state.filters });
        if (!ticket.current) return null;
        this.stability = stability ?? null;
        this.stabilityRun = run;
      }
      this.data = data;
      this.remember(data.dependence);
    }
    return this.draw();
  }

  /** Keeps the interaction ranking the host sent with a dependence plot (only when it picked the colour). */
  private remember(dependence: FeaturesData['dependence']): void {
    const interaction = dependence?.interaction;
    if (dependence && interaction) {
      this.rankings.set(dependence.feature, interaction.ranking);
      this.suggestions.set(dependence.feature, interaction.suggested);
    }
  }

  /** Redraw after a display choice of this tab (no new request) and report it. */
  private async redraw(): Promise<void> {
    const drawing = ++this.drawing;
    const charts = await this.draw();
    if (charts && drawing === this.drawing) this.ctx.host.post({ type: 'rendered', tab: this.id, charts });
  }

  /** Select `feature` for the dependence plot (its colour goes back to the suggestion), or open its code. */
  private pickFeature(feature: unknown, event?: MouseEvent): void {
    if (typeof feature !== 'string' || !feature) return;
    if (wantsDefinition(event)) {
      this.ctx.host.post({ type: 'openFeature', feature });
      return;
    }
    this.ctx.store.update({ feature, colorBy: null });
  }

  private async draw(): Promise<RenderedChart[] | null> {
    const data = this.data;
    const state = this.state;
    if (!data || !state) return null;
    const run = this.ctx.run();
    const host = this.ctx.host;
    const store = this.ctx.store;
    this.ctx.charts.releaseWithin(this.element);

    const measure = this.measure;
    const level = this.level;
    const hasWeighted = data.importance.features.some((f) => f.weightedMeanAbs !== null);
    const heading = el('div', { className: 'tab-heading' }, [
      el('h2', { text: `Features on ${data.date}` }),
      el('span', { className: 'muted', text: `${formatCount(data.importance.stocks)} stocks · ${formatCount(data.importance.features.length)} features` }),
      el('span', { className: 'spacer' }),
      segmented<ImportanceMeasure>(
        'Importance measure',
        'importance-measure',
        [
          { value: 'meanAbs', label: 'Mean |c|' },
          { value: 'weightedMeanAbs', label: 'Portfolio-weighted', disabledReason: hasWeighted ? undefined : 'No held stock under the filters.' },
        ],
        measure,
        (value) => {
          this.measure = value;
          void this.redraw();
        },
      ),
      segmented<ImportanceLevel>(
        'Importance level',
        'importance-level',
        [
          { value: 'feature', label: 'Per feature' },
          { value: 'factor', label: 'Per factor' },
        ],
        level,
        (value) => {
          this.level = value;
          void this.redraw();
        },
      ),
    ]);

    const dependence = data.dependence;
    const selection = el('div', { className: 'feature-selection' });
    if (dependence) {
      const factor = run.features.find((f) => f.name === dependence.feature)?.factor ?? dependence.factor;
      selection.append(
        el('span', { className: 'field-label', text: 'Feature' }),
        el('code', { className: 'feature selected-feature', text: dependence.feature }),
        el('span', { className: 'muted', text: factor }),
        definitionButton(host, dependence.feature, { labelled: true }),
        el('span', { className: 'field-label colour-label', text: 'Colour by' }),
        this.colourSelect(dependence.feature, dependence.colourFeature, state.colorBy ?? null),
      );
      // Once the user picked another colour, the suggestion stays in sight.
      const suggested = this.suggestions.get(dependence.feature);
      if (state.colorBy && suggested !== undefined) {
        selection.append(el('span', { className: 'suggested muted', text: suggested === null ? 'no interaction suggested' : `suggested: ${suggested}` }));
      }
      selection.append(el('span', { className: 'hint muted', text: 'Click a feature to plot it · Ctrl/Cmd+click opens its definition' }));
    }

    const importance = chartSection(level === 'feature' ? 'Importance by feature' : 'Importance by factor', level === 'feature' ? 'feature-importance' : 'factor-importance', 'importance');
    const beeswarm = chartSection(`Contributions of the top ${formatCount(data.beeswarm.features.length)} features`, 'feature-beeswarm', 'beeswarm');
    const dependenceCard = el('section', { className: 'card dependence' });
    const dependenceChartSlot = el('div', { className: 'chart', attrs: { 'data-chart-slot': 'feature-dependence' } });
    const dependenceTitle = el('h3', { className: 'card-title' }, [el('span', { text: 'Dependence' })]);
    if (dependence) {
      dependenceTitle.append(el('span', { text: '·' }), featureName(host, dependence.feature, 'feature-name dependence-feature'));
      if (dependence.colourFeature) {
        dependenceTitle.append(el('span', { text: 'coloured by' }), featureName(host, dependence.colourFeature, 'feature-name colour-feature'));
      }
    }
    dependenceCard.append(dependenceTitle, dependenceChartSlot);
    const bySector = chartSection(level === 'feature' ? 'Importance by sector · top features' : 'Importance by sector · factors', 'importance-by-sector', 'importance-by-sector span-2');
    const stabilityCard = chartSection(
      'Attribution stability over the run · all stocks, unfiltered',
      'attribution-stability',
      'attribution-stability span-2',
      'Per date: Spearman correlation of each feature\'s mean |contribution| with the previous date and the baseline; hover for the effective number of features and the largest rank moves; click a date to show it',
    );
    this.element.replaceChildren(
      heading,
      selection,
      el('div', { className: 'chart-grid features-grid' }, [importance.section, dependenceCard, beeswarm.section, bySector.section, stabilityCard.section]),
    );

    const definitions: ChartDefinition[] = [];
    if (level === 'feature') {
      definitions.push({
        name: 'feature-importance',
        container: importance.chart,
        build: (theme) => featureImportanceChart(data.importance.features, theme, { measure, factors: run.factors }),
        onClick: (datum, event) => this.pickFeature(datum.feature, event),
      });
    } else {
      definitions.push({
        name: 'factor-importance',
        container: importance.chart,
        build: (theme) => factorImportanceChart(data.importance.factors, theme, { measure, factors: run.factors }),
        onClick: (datum) => typeof datum.factor === 'string' && store.toggleFilter('factors', datum.factor),
      });
    }
    if (dependence) {
      definitions.push({
        name: 'feature-dependence',
        container: dependenceChartSlot,
        build: (theme) => dependenceChart(dependence, theme, { showTitle: false }),
        onClick: (datum) => typeof datum.stock === 'string' && store.update({ stock: datum.stock, tab: 'stocks' }),
      });
    } else {
      dependenceChartSlot.append(unavailable('This run has no features to plot.'));
    }
    if (data.beeswarm.points.length) {
      // Vega draws the axes and legend; a canvas draws the points through the same scales.
      const layout = beeswarmLayout(data.beeswarm.points);
      definitions.push({
        name: 'feature-beeswarm',
        container: beeswarm.chart,
        build: (theme) => beeswarmChart(layout, theme),
        points: {
          points: { x: layout.contribution, row: layout.row, offset: layout.offset, colour: layout.valueRank },
          datum: (i) => ({ ...layout.points[i] }),
          scales: BEESWARM_SCALES,
        },
        onClick: (datum, event) => this.pickFeature(datum.feature, event),
      });
    } else {
      beeswarm.chart.append(unavailable('No contributions on this date under the filters.'));
    }
    const cells = level === 'feature' ? data.bySector.byFeature : data.bySector.byFactor;
    definitions.push({
      name: 'importance-by-sector',
      container: bySector.chart,
      build: (theme) => importanceBySectorChart(cells, theme, { measure: 'share' }),
      estimatedMarks: cells.length * 2,
      onClick: (datum, event) => {
        if (typeof datum.feature === 'string' && wantsDefinition(event)) this.pickFeature(datum.feature, event);
        else if (typeof datum.sector === 'string') store.toggleFilter('sectors', datum.sector);
      },
    });
    const stability = this.stability;
    if (stability && stability.points.some((p) => p.previous !== null || p.baseline !== null)) {
      definitions.push({
        name: 'attribution-stability',
        container: stabilityCard.chart,
        build: (theme) => stabilityChart(stability.points, theme, { limit: stability.minRankCorrelation, baselineName: stability.baselineName, selectedDate: data.date }),
        onClick: (datum) => chooseDate(store, run, datum.date),
      });
    } else {
      stabilityCard.chart.append(unavailable('One date and no baseline: there is no other importance to compare with.'));
    }
    return this.ctx.charts.drawAll(definitions);
  }

  /**
   * The colour feature select: "suggested" first, then the interaction ranking of the
   * feature with each candidate's strength (or, before any ranking came, every other feature).
   */
  private colourSelect(feature: string, shown: string | null, chosen: string | null): HTMLElement {
    const select: VscodeSingleSelect = document.createElement('vscode-single-select');
    select.className = 'colour-select';
    select.setAttribute('aria-label', `Colour the dependence of ${feature} by`);
    const suggested = this.suggestions.get(feature);
    const ranking = this.rankings.get(feature);
    const candidates = ranking
      ? ranking.map((r) => ({ value: r.feature, label: interactionLabel(r) }))
      : this.ctx.run().features.filter((f) => f.name !== feature).map((f) => ({ value: f.name, label: f.name }));
    if (chosen !== null && !candidates.some((c) => c.value === chosen)) candidates.unshift({ value: chosen, label: chosen });
    const option = (value: string, label: string): VscodeOption => {
      const opt = document.createElement('vscode-option');
      opt.value = value;
      opt.textContent = label;
      opt.selected = value === (chosen ?? SUGGESTED);
      return opt;
    };
    const suggestedLabel = suggested ? `suggested: ${suggested}` : shown && chosen === null ? `suggested: ${shown}` : 'suggested';
    select.append(option(SUGGESTED, suggestedLabel), ...candidates.map((c) => option(c.value, c.label)));
    select.addEventListener('change', () => {
      const value = select.value;
      this.ctx.store.update({ colorBy: value === SUGGESTED ? null : value });
    });
    return select;
  }
}
