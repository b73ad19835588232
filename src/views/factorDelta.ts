/**
 * Why a stock's score changed between two snapshots, factor by factor: a waterfall from 0
 * through the base value's change, each factor's change and the residual to the score
 * change, so that base delta + factor deltas + residual = score delta reads off the bars.
 * A stock scored on one side only has no change to split: its waterfall is that side's
 * factor contributions, from 0 to their sum, and the title says so.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ChangeExplanation } from '../model/types';
import { chartSpec, isFiniteNumber, zeroRule } from './chartSpec';
import { CONTRIBUTION_AXIS_FORMAT, CONTRIBUTION_FORMAT, scoreTitle } from './format';
import { numberText } from './textFormat';
import type { ChartTheme } from './theme';

export interface FactorDeltaOptions {
  /** Title the chart with the stock (for exports). Default true; when false the basis line is the title. */
  showTitle?: boolean;
}

/** One bar; factor bars keep `factor` (what a click yields). */
export interface FactorDeltaDatum {
  kind: 'base' | 'factor' | 'residual' | 'total';
  /** Axis label (the factor's name for factor bars, constant text for the others). */
  label: string;
  factor?: string;
  order: number;
  /** The step's amount (for the total bar: the total). */
  value: number;
  start: number;
  end: number;
  tone: 'positive' | 'negative' | 'total';
  side: 'right' | 'left';
  labelAt: number;
}

/** The chart's stable name (`usermeta.name`). */
export const FACTOR_DELTA_CHART = 'factor-delta';

/** Largest |score change - (base + factors + residual)| drawn without an "unexplained" step. */
const TOLERANCE = 1e-9;
const TITLES: Record<Exclude<ChangeExplanation['basis'], 'none'>, { total: string; subtitle: string }> = {
  change: { total: 'score change', subtitle: 'Score change = base change + factor changes + residual' },
  'after-only': { total: 'sum after', subtitle: 'Scored after only: factor contributions after, not a change' },
  'before-only': { total: 'sum before', subtitle: 'Scored before only: factor contributions before, not a change' },
};

/**
 * Horizontal waterfall, top to bottom: base change (when the base value moved), the factors
 * largest |change| first, the residual (when not 0), and the score change as a bar from 0,
 * in the muted colour. Steps are coloured by sign. Its last bar ends exactly at
 * `scoreChange` (basis `change`); a gap larger than 1e-9 between the score change and
 * the sum of the steps is drawn as an "unexplained" step and warned about.
 * @example factorDeltaChart(compare.selected, theme)
 */
export function factorDeltaChart(explanation: ChangeExplanation, theme: ChartTheme, options: FactorDeltaOptions = {}): TopLevelSpec {
  if (!explanation || !Array.isArray(explanation.drivers)) throw new TypeError('factorDeltaChart: explanation must be a change explanation with a drivers array');
  const warnings: string[] = [];
  const basis = explanation.basis;
  const steps: Omit<FactorDeltaDatum, 'order' | 'start' | 'end' | 'tone' | 'side' | 'labelAt'>[] = [];
  if (basis === 'change' && isFiniteNumber(explanation.baseChange) && explanation.baseChange !== 0) steps.push({ kind: 'base', label: 'base value', value: explanation.baseChange });
  if (basis !== 'none') {
    const bad = explanation.drivers.filter((d) => !isFiniteNumber(d.value)).length;
    if (bad) warnings.push(`${bad} factor(s) without a finite value are left out.`);
    for (const d of explanation.drivers) if (isFiniteNumber(d.value)) steps.push({ kind: 'factor', label: d.factor, factor: d.factor, value: d.value + 0 });
  } else {
    warnings.push('The stock has no contributions on either side: there is no score change to split.');
  }
  if (basis === 'change' && isFiniteNumber(explanation.residualChange) && Math.abs(explanation.residualChange) > TOLERANCE) {
    steps.push({ kind: 'residual', label: 'residual', value: explanation.residualChange });
  }
  const sum = steps.reduce((a, s) => a + s.value, 0);
  let total = sum;
  if (basis === 'change') {
    if (isFiniteNumber(explanation.scoreChange)) {
      total = explanation.scoreChange;
      if (Math.abs(total - sum) > TOLERANCE) {
        warnings.push(`Base, factor and residual changes add up to ${numberText(sum, 4)}, not the score change ${numberText(total, 4)}: the gap is drawn as "unexplained".`);
        steps.push({ kind: 'residual', label: 'unexplained', value: total - sum });
      }
    } else {
      warnings.push('The score change is not known: the last bar is the sum of the steps.');
    }
  }
  let running = 0;
  const values: FactorDeltaDatum[] = steps.map((s, order) => {
    const start = running;
    // The last step lands exactly on the total, whatever the rounding of the running sum.
    const end = order === steps.length - 1 ? total : start + s.value;
    running = end;
    const rising = s.value >= 0;
    return { ...s, order, start, end, tone: rising ? 'positive' : 'negative', side: rising ? 'right' : 'left', labelAt: rising ? Math.max(start, end) : Math.min(start, end) };
  });
  if (basis !== 'none') {
    const totalLabel = TITLES[basis].total;
    values.push({ kind: 'total', label: totalLabel, order: values.length, value: total, start: 0, end: total, tone: 'total', side: total >= 0 ? 'right' : 'left', labelAt: total });
  }
  const y = { field: 'label', type: 'nominal', title: null, sort: { field: 'order', op: 'min', order: 'ascending' } };
  const x = { field: 'start', type: 'quantitative', title: scoreTitle(basis === 'change' ? 'Score change' : 'Contribution'), scale: { nice: true, zero: true, padding: 52 }, axis: { ...CONTRIBUTION_AXIS_FORMAT, tickCount: 6 } };
  const step = { field: 'label', type: 'nominal', title: 'Step' };
  const amount = { field: 'value', type: 'quantitative', title: scoreTitle('Amount'), ...CONTRIBUTION_FORMAT };
  const runningTotal = { field: 'end', type: 'quantitative', title: scoreTitle('Running total'), ...CONTRIBUTION_FORMAT };
  const layer: Record<string, unknown>[] = [
    zeroRule(theme, 'x'),
  ];
  if (values.length) {
    layer.push({
      data: { values },
      layer: [
        {
          mark: { type: 'bar', height: { band: 0.7 }, cornerRadius: 1 },
          encoding: {
            y,
            x,
            x2: { field: 'end' },
            color: { field: 'tone', type: 'nominal', scale: { domain: ['positive', 'negative', 'total'], range: [theme.positive, theme.negative, theme.mutedForeground] }, legend: null },
            opacity: { condition: { test: { field: 'kind', equal: 'residual' }, value: 0.5 }, value: 1 },
            tooltip: [step, amount, runningTotal],
          },
        },
        // Zero gets no sign ("0", not "+0"); everything else is signed.
        ...(['right', 'left'] as const).flatMap((side) =>
          [false, true]
            .filter((zero) => values.some((v) => v.side === side && (v.value === 0) === zero))
            .map((zero) => ({
              transform: [{ filter: { field: 'side', equal: side } }, { filter: zero ? { field: 'value', equal: 0 } : { not: { field: 'value', equal: 0 } } }],
              mark: { type: 'text', align: side === 'right' ? 'left' : 'right', baseline: 'middle', dx: side === 'right' ? 4 : -4, color: theme.mutedForeground },
              encoding: { y, x: { field: 'labelAt', type: 'quantitative' }, text: { field: 'value', type: 'quantitative', ...(zero ? { format: '~r' } : CONTRIBUTION_FORMAT) } },
            })),
        ),
      ],
    });
  }
  const subtitle = basis === 'none' ? 'No contributions on either side' : TITLES[basis].subtitle;
  const name = explanation.name && explanation.name !== explanation.stock ? `${explanation.stock} · ${explanation.name}` : String(explanation.stock);
  // Without the stock's title the basis still shows (one-sided waterfalls are not changes).
  const title = options.showTitle === false
    ? { title: { text: subtitle, fontWeight: 'normal', color: theme.mutedForeground, fontSize: theme.fontSize } }
    : { title: { text: name, subtitle } };
  const body = { ...title, width: 'container', height: 22 * Math.max(values.length, 1), layer };
  return chartSpec(FACTOR_DELTA_CHART, theme, body, warnings);
}
