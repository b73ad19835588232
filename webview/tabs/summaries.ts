/**
 * What the Features, Portfolio, Compare and Performance tabs write, as pure functions of
 * the engine's data (no DOM), so that the browser-tier tests can check the page against
 * the same text: KPI tiles, guardrail rows, comparison headings and driver lists.
 */
import type { ChangeExplanation, CompareData, GuardrailCheck, PortfolioData } from '../../src/model/types';
import type { GuardrailValue } from '../../src/model/guardrails/check';
import type { InteractionScore } from '../../src/model/features/types';
import type { DateFrequency } from '../../src/model/performance/frequency';
import type { ReturnStats } from '../../src/model/performance/returnStats';
import { formatCount, formatNumber, formatPercent, formatSignedPercent, formatBp } from '../format';

/** How many factor drivers a name in the entered / left lists shows. */
export const DRIVERS_SHOWN = 2;

export interface Tile {
  label: string;
  value: string;
  note?: string;
  status?: 'ok' | 'warn' | 'error';
}

/** "roe (0.42)": a candidate colour feature with its interaction strength. */
export function interactionLabel(score: Pick<InteractionScore, 'feature' | 'strength'>): string {
  return `${score.feature} (${formatNumber(score.strength, 2)})`;
}

/** How each guardrail reads in the table. */
export const GUARDRAIL_LABELS: Record<GuardrailCheck['guardrail'], string> = {
  sector: 'Sector active weight',
  country: 'Country active weight',
  region: 'Region active weight',
  stock: 'Single-name weight',
  turnover: 'Turnover',
  trackingError: 'Tracking error',
};

export const GUARDRAIL_STATUS_TEXT: Record<GuardrailCheck['status'], string> = {
  pass: 'Pass',
  breach: 'Breach',
  'no-benchmark': 'Not checked: no benchmark weights',
  'no-weights': 'Not checked: no portfolio weights',
  'no-previous-date': 'Not checked: first date',
  'no-returns': 'Not checked: no returns',
};

/** The concentration tiles of a date. */
export function portfolioTiles(data: PortfolioData): Tile[] {
  const c = data.concentration;
  const cap = data.stockLimit;
  const overCap = cap !== null && c.largestWeight > cap + 1e-6;
  return [
    { label: 'Holdings', value: formatCount(c.holdings) },
    { label: 'Top-10 weight', value: formatPercent(c.top10Weight, 1) },
    { label: 'Active share', value: formatPercent(c.activeShare, 1), note: c.activeShare === null ? 'no benchmark weights' : undefined },
    { label: 'Effective names', value: formatNumber(c.effectiveNames, 1), note: '1 / Σ weight²' },
    {
      label: 'Largest weight',
      value: formatPercent(c.largestWeight),
      note: cap === null ? 'no single-name cap set' : `cap ${formatPercent(cap)}`,
      status: cap === null ? undefined : overCap ? 'error' : 'ok',
    },
  ];
}

/** "Consumer Staples +5.60%": a guardrail's value as text (active weights signed; the whole book's value without a name). */
export function guardrailValueText(check: GuardrailCheck, value: GuardrailValue): string {
  const text = check.guardrail === 'sector' || check.guardrail === 'country' || check.guardrail === 'region' ? formatSignedPercent(value.value) : formatPercent(value.value);
  return value.name === 'portfolio' ? text : `${value.name} ${text}`;
}

/** "Consumer Staples +5.60%": a guardrail's worst value as text. */
export function worstText(check: GuardrailCheck): string {
  return check.worst ? guardrailValueText(check, check.worst) : '–';
}

/** How many breaches a guardrail row lists before "+N more". */
export const BREACHES_SHOWN = 5;

/** "Consumer Staples +5.60%; Energy −5.10%", at most BREACHES_SHOWN then "+N more"; "–" without breaches. */
export function breachesText(check: GuardrailCheck, shown = BREACHES_SHOWN): string {
  if (!check.breaches.length) return '–';
  const listed = check.breaches.slice(0, shown).map((b) => guardrailValueText(check, b));
  const more = check.breaches.length - listed.length;
  return more > 0 ? `${listed.join('; ')}; +${formatCount(more)} more` : listed.join('; ');
}

/** "Pass", "Breach (2)", "Not checked: no benchmark weights". */
export function guardrailStatusText(check: GuardrailCheck): string {
  return check.status === 'breach' ? `${GUARDRAIL_STATUS_TEXT.breach} (${formatCount(check.breaches.length)})` : GUARDRAIL_STATUS_TEXT[check.status];
}

/**
 * The Overview's guardrail tile: "Pass", or how many guardrails breach on the date
 * ("1 breach"), with how many were checked.
 */
export function guardrailsTile(checks: readonly GuardrailCheck[]): Tile {
  if (!checks.length) return { label: 'Guardrails', value: 'n/a', note: 'no guardrails set in the manifest' };
  const made = checks.filter((c) => c.pass !== null);
  const breached = made.filter((c) => c.pass === false).length;
  const unchecked = checks.length - made.length;
  const note = `${formatCount(made.length)} of ${formatCount(checks.length)} checked${unchecked ? `, ${formatCount(unchecked)} not checked` : ''}`;
  if (!made.length) return { label: 'Guardrails', value: 'not checked', note, status: 'warn' };
  if (!breached) return { label: 'Guardrails', value: 'Pass', note, status: 'ok' };
  return { label: 'Guardrails', value: `${formatCount(breached)} ${breached === 1 ? 'breach' : 'breaches'}`, note, status: 'error' };
}

/** The checks shown for a date: the date's own, and the run's tracking error (one check for the run). */
export function checksOn(data: PortfolioData): GuardrailCheck[] {
  return data.guardrails.checks.filter((c) => c.date === data.date || c.guardrail === 'trackingError');
}

/** What the tab says when the run has no forward returns. */
export const NO_RETURNS = 'This run has no forward returns, so there is no performance to show.';
export const NO_RETURNS_FIX = 'Add "returns": "<a date, stock, forward return table>" to the run’s manifest and reload.';

/** "monthly, annualised ×12", or why nothing is annualised. */
export function frequencyText(frequency: DateFrequency): string {
  if (frequency.frequency === null || frequency.periodsPerYear === null) return 'frequency unknown: nothing is annualised';
  return `${frequency.frequency}, annualised ×${frequency.periodsPerYear}`;
}

/** Which return series a row of statistics is. */
export type ReturnSide = 'portfolio' | 'benchmark' | 'active';

/** The tiles of one side: return, risk, ratios, drawdown, hit rate. */
export function statTiles(stats: ReturnStats, side: ReturnSide): Tile[] {
  const active = side === 'active';
  return [
    { label: active ? 'Active return (ann.)' : 'Return (ann.)', value: formatSignedPercent(stats.annualisedReturn), note: `cumulative ${formatSignedPercent(stats.cumulative)}` },
    { label: active ? 'Tracking error' : 'Volatility', value: formatPercent(stats.volatility) },
    { label: active ? 'Information ratio' : 'Sharpe', value: formatNumber(stats.sharpe, 2), note: riskFreeNote(stats, active) },
    { label: 'Sortino', value: formatNumber(stats.sortino, 2), note: riskFreeNote(stats, active) },
    { label: 'Calmar', value: formatNumber(stats.calmar, 2) },
    { label: 'Max drawdown', value: formatPercent(stats.maxDrawdown) },
    { label: 'Hit rate', value: formatPercent(stats.hitRate, 0), note: `${formatCount(stats.periods)} periods` },
  ];
}

/** What Sharpe and Sortino are measured over: the risk-free rate, or the benchmark for active returns. */
function riskFreeNote(stats: ReturnStats, active: boolean): string {
  return active ? 'over the benchmark' : `over rf ${formatPercent(stats.riskFreeRate)}/yr`;
}

export const SIDE_TITLES: Record<ReturnSide, string> = { portfolio: 'Portfolio', benchmark: 'Benchmark', active: 'Active' };

/** "2025-11-28 → 2025-12-31", or "v6 → v7 on 2025-12-31". */
export function compareHeading(data: CompareData): string {
  return data.against === 'baseline'
    ? `${data.before.label} → ${data.after.label} on ${data.after.date}`
    : `${data.before.date} → ${data.after.date}`;
}

/** "+35" / "−12" / "–": a rank change (positive = climbed). */
export function rankChangeText(change: number | null): string {
  if (change === null || !Number.isFinite(change)) return '–';
  if (change === 0) return '0';
  return change > 0 ? `+${formatCount(change)}` : `−${formatCount(-change)}`;
}

/** "value +0.0123 · momentum −0.0045": the largest factor drivers of a change. */
export function driversText(explanation: ChangeExplanation, count = DRIVERS_SHOWN): string {
  if (!explanation.drivers.length) return 'no contributions';
  return explanation.drivers
    .slice(0, count)
    .map((d) => `${d.factor} ${formatBp(d.value)}`)
    .join(' · ');
}

