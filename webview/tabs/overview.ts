/**
 * Overview tab: the headline numbers of the date (holdings, universe, active share, top-10
 * weight, turnover, coverage, integrity, guardrails), factor exposure and sector weights,
 * the date's guardrail table and the run's diagnostics.
 */
import { factorExposureChart, sectorWeightsChart } from '../../src/views';
import type { Diagnostic, IntegrityCheck, OverviewData, Severity } from '../../src/model/types';
import { countFindings, describeFindings, runFindings, type FindingCounts } from '../../src/model/findings';
import type { RenderedChart, ViewState } from '../../src/protocol';
import type { ChartDefinition } from '../charts';
import { el, icon } from '../dom';
import { formatBp, formatCount, formatError, formatPercent } from '../format';
import { effectiveDate } from '../state';
import { tile } from './parts';
import { guardrailSection } from './guardrailTable';
import { guardrailsTile, type Tile } from './summaries';
import { chartSection, filtersActive, scopeNote, withScope, type TabContext, type TabView, type Ticket } from './tab';

const SEVERITY_ICONS: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'info' };

/** The KPI tiles of one date. */
/**
 * The KPI tiles of a date. They follow the filters (`filtered`: a filter is on), except
 * the guardrails, which are the whole book's; the turnover tile says which turnover it is,
 * so that it is not read against the turnover guardrail's whole-book figure.
 */
export function overviewTiles(data: OverviewData, filtered = false): Tile[] {
  const tiles: Tile[] = [
    { label: 'Holdings', value: formatCount(data.holdings), note: `${formatPercent(data.portfolioWeight, 1)} of portfolio weight` },
    { label: 'Universe', value: formatCount(data.universe), note: 'stocks with contributions' },
    { label: 'Benchmark names', value: formatCount(data.benchmarkNames), note: data.benchmarkNames === null ? 'no benchmark weights' : undefined },
    { label: 'Active share', value: formatPercent(data.activeShare, 1) },
    { label: 'Top-10 weight', value: formatPercent(data.top10Weight, 1) },
    {
      label: 'Turnover',
      value: formatPercent(data.turnover, 1),
      note: data.previousDate
        ? filtered
          ? `one-way vs ${data.previousDate}: the filtered sleeve's trades, as a share of the whole book`
          : `one-way vs ${data.previousDate}, whole book`
        : 'first date: no previous',
    },
    {
      label: 'Weight coverage',
      value: formatPercent(data.weightCoverage, 1),
      note: data.holdingsWithoutContributions
        ? `${formatCount(data.holdingsWithoutContributions)} holding(s) without contributions`
        : 'every holding has contributions',
      status: data.holdingsWithoutContributions ? 'warn' : 'ok',
    },
  ];
  const guardrails = guardrailsTile(data.guardrails);
  if (filtered) guardrails.note = `${guardrails.note ? `${guardrails.note} · ` : ''}whole book`;
  tiles.push(integrityTile(data.integrity), guardrails);
  return tiles;
}

function integrityTile(integrity: IntegrityCheck | null): Tile {
  if (!integrity) return { label: 'Integrity', value: 'n/a', note: 'no score column to check against' };
  const ok = integrity.failures === 0;
  return {
    label: 'Integrity',
    value: ok ? 'Pass' : `${formatCount(integrity.failures)} fail`,
    note: `${formatCount(integrity.checked)} checked, max |error| ${formatError(integrity.maxAbsError)}`,
    status: ok ? 'ok' : 'error',
  };
}

function integritySection(integrity: IntegrityCheck | null): HTMLElement {
  const section = el('section', { className: 'card integrity' }, [el('h3', { className: 'card-title', text: 'Integrity: base + Σ contributions = score' })]);
  if (!integrity) {
    section.append(el('p', { className: 'muted', text: 'The run has no score column, so scores are base value + sum of contributions by construction.' }));
    return section;
  }
  const summary =
    integrity.failures === 0
      ? `All ${formatCount(integrity.checked)} stocks within tolerance ${formatError(integrity.tolerance)} (largest |error| ${formatError(integrity.maxAbsError)}).`
      : `${formatCount(integrity.failures)} of ${formatCount(integrity.checked)} stocks exceed tolerance ${formatError(integrity.tolerance)}; largest |error| ${formatError(integrity.maxAbsError)}.`;
  section.append(
    el('p', { className: integrity.failures ? 'status-error' : 'status-ok' }, [
      icon(integrity.failures ? 'error' : 'pass'),
      el('span', { text: ` ${summary}` }),
    ]),
  );
  if (integrity.worst.length && integrity.failures > 0) {
    const head = el('tr', {}, ['Stock', 'Base', 'Σ contributions', 'Score', 'Error'].map((h) => el('th', { text: h, attrs: { scope: 'col' } })));
    const rows = integrity.worst.map((o) =>
      el('tr', {}, [
        el('td', { text: o.stock }),
        el('td', { className: 'num', text: formatBp(o.baseValue, 2) }),
        el('td', { className: 'num', text: formatBp(o.sumContributions, 2) }),
        el('td', { className: 'num', text: formatBp(o.score, 2) }),
        el('td', { className: 'num', text: formatError(o.error) }),
      ]),
    );
    section.append(
      el('table', { className: 'compact-table worst-offenders', attrs: { 'aria-label': 'Worst integrity offenders' } }, [
        el('thead', {}, [head]),
        el('tbody', {}, rows),
      ]),
    );
  }
  return section;
}

function diagnosticLocation(d: Diagnostic): string {
  const parts: string[] = [];
  if (d.file) parts.push(d.file);
  if (d.row !== undefined) parts.push(`row ${d.row}`);
  if (d.column) parts.push(`column ${d.column}`);
  if (d.count !== undefined) parts.push(`${formatCount(d.count)} affected`);
  if (d.example) parts.push(`e.g. ${d.example}`);
  return parts.join(' · ');
}

/** The run's diagnostics, errors first, each with its severity icon. */
export function diagnosticsSection(diagnostics: Diagnostic[], findings?: FindingCounts): HTMLElement {
  const order: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
  const sorted = [...diagnostics].sort((a, b) => order[a.severity] - order[b.severity]);
  const counts = countFindings(runFindings([], 0, diagnostics));
  const section = el('section', { className: 'card diagnostics' }, [
    el('h3', { className: 'card-title', text: `Diagnostics (${describeFindings(counts)})` }),
    // The tab's badge also counts guardrail breaches and integrity failures: say so where the numbers meet.
    findings && findings.problems !== counts.problems ? el('p', { className: 'muted', text: `The run: ${describeFindings(findings)}.` }) : null,
  ]);
  if (!sorted.length) {
    section.append(el('p', { className: 'muted' }, [icon('pass'), el('span', { text: ' No problems found while reading the run.' })]));
    return section;
  }
  section.append(
    el(
      'ul',
      { className: 'diagnostic-list' },
      sorted.map((d) => {
        const location = diagnosticLocation(d);
        return el('li', { className: `diagnostic severity-${d.severity}`, attrs: { 'data-code': d.code } }, [
          icon(SEVERITY_ICONS[d.severity], `severity-icon severity-${d.severity}`),
          el('div', { className: 'diagnostic-body' }, [
            el('span', { className: 'visually-hidden', text: `${d.severity}: ` }),
            el('span', { className: 'diagnostic-message', text: d.message }),
            location ? el('div', { className: 'diagnostic-location', text: location }) : null,
          ]),
        ]);
      }),
    ),
  );
  return section;
}

export class OverviewTab implements TabView {
  readonly id = 'overview' as const;
  readonly title = 'Overview';
  readonly watches = [] as const;
  readonly element = el('div', { className: 'tab-content overview' });

  constructor(private readonly ctx: TabContext) {}

  async update(state: ViewState, _change: unknown, ticket: Ticket): Promise<RenderedChart[] | null> {
    const run = this.ctx.run();
    const data = await this.ctx.host.request<'overview'>({ kind: 'overview', date: effectiveDate(state, run), filters: state.filters });
    if (!ticket.current) return null;
    this.ctx.charts.releaseWithin(this.element);

    const heading = el('div', { className: 'tab-heading' }, [
      el('h2', { text: `Portfolio on ${data.date}` }),
      el('span', { className: 'muted', text: data.previousDate ? `previous date ${data.previousDate}` : 'first date of the run' }),
      filtersActive(state.filters) ? el('span', { className: 'muted', text: 'tiles and charts: the filtered sleeve; guardrails: the whole book' }) : null,
    ]);
    const tiles = el('div', { className: 'kpis' }, overviewTiles(data, filtersActive(state.filters)).map(tile));

    const portfolio = chartSection('Factor exposure · portfolio', 'factor-exposure-portfolio');
    const active = chartSection('Factor exposure · active', 'factor-exposure-active');
    // The chart plots active weights when the run has a benchmark, else the weights.
    const activeWeights = data.sectorWeights.some((s) => s.active !== null);
    const sectors = chartSection(activeWeights ? 'Sector active weights' : 'Sector weights', 'sector-weights');
    const filtered = (section: HTMLElement) => withScope(section, scopeNote('filtered', state.filters));
    const charts = el('div', { className: 'chart-grid' }, [filtered(portfolio.section), filtered(active.section), filtered(sectors.section)]);
    const details = el('div', { className: 'chart-grid' }, [
      withScope(guardrailSection(`Guardrails on ${data.date}`, data.guardrails, 'span-2'), scopeNote('book', state.filters)),
      integritySection(data.integrity),
      diagnosticsSection(run.diagnostics, run.findings),
    ]);
    this.element.replaceChildren(heading, tiles, charts, details);

    const store = this.ctx.store;
    const definitions: ChartDefinition[] = [
      {
        name: 'factor-exposure-portfolio',
        container: portfolio.chart,
        build: (theme) => factorExposureChart(data.factorExposure, theme, { measure: 'portfolio' }),
        onClick: (datum) => typeof datum.factor === 'string' && store.toggleFilter('factors', datum.factor),
      },
    ];
    if (data.factorExposure.some((f) => f.active !== null)) {
      definitions.push({
        name: 'factor-exposure-active',
        container: active.chart,
        build: (theme) => factorExposureChart(data.factorExposure, theme, { measure: 'active' }),
        onClick: (datum) => typeof datum.factor === 'string' && store.toggleFilter('factors', datum.factor),
      });
    } else {
      active.chart.append(el('p', { className: 'muted', text: 'No benchmark weights: active exposure is not available.' }));
    }
    definitions.push({
      name: 'sector-weights',
      container: sectors.chart,
      build: (theme) => sectorWeightsChart(data.sectorWeights, theme, { groupTitle: 'Sector' }),
      onClick: (datum) => typeof datum.group === 'string' && store.toggleFilter('sectors', datum.group),
    });
    return this.ctx.charts.drawAll(definitions);
  }
}
