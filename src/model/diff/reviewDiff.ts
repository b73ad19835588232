/**
 * A review diff of two runs (a pull request's run against its baseline, or any other run):
 * headline figures side by side with their deltas, guardrail status changes, factor
 * exposure before, after and delta, the names that entered and left with their drivers,
 * and the change of each signal's IC and of attribution stability. Every delta is
 * after - before; every before and after is the run's own figure.
 */
import { changedBeyond } from './onlyChanges';
import type { AttributionEngine } from '../engine/engine';
import type { ChangeExplanation } from '../compare/explainChange';
import { NO_FILTERS } from '../types';

/** One figure of both runs. */
export interface DiffRow {
  name: string;
  before: number | null;
  after: number | null;
  /** after - before; null when either side is missing. */
  delta: number | null;
}

/** One factor's exposure (sum of portfolio weight x contribution) in both runs. */
export interface FactorDiff {
  factor: string;
  before: number | null;
  after: number | null;
  delta: number | null;
}

export interface GuardrailDiff {
  guardrail: string;
  /** The guardrail's verdict over each run: true pass, false fail, null not checked or not set. */
  before: boolean | null;
  after: boolean | null;
  changed: boolean;
}

export interface ReviewDiff {
  before: { name: string; date: string };
  after: { name: string; date: string };
  headline: DiffRow[];
  guardrails: GuardrailDiff[];
  /** Portfolio exposure by factor, largest |delta| first. */
  factors: FactorDiff[];
  /** The names held after and not before, and the reverse, with the factors behind them. */
  entered: ChangeExplanation[];
  left: ChangeExplanation[];
  /** The mean rank IC and its Newey-West t-statistic of each signal (e.g. `score icMean`, `score tstat`); empty without returns. */
  signals: DiffRow[];
  /** The mean rank correlation of feature importance with the previous date, in each run. */
  stability: DiffRow[];
}

export interface DiffOptions {
  /** Rows with |delta| at or below this are left out (and guardrails that did not change); null keeps everything. */
  onlyChanges?: number | null;
}

const row = (name: string, before: number | null, after: number | null): DiffRow => ({ name, before, after, delta: before === null || after === null ? null : after - before });

/**
 * The diff of `after` (whose engine holds `before`'s panel as its baseline, for the
 * comparison by stock) against `before`, on the latest date both runs have.
 * @example reviewDiff(v7, v6).factors[0] // { factor: 'momentum', before: 0.0021, after: 0.0034, delta: 0.0013 }
 */
export function reviewDiff(after: AttributionEngine, before: AttributionEngine, options: DiffOptions = {}): ReviewDiff {
  const threshold = options.onlyChanges ?? null;
  if (threshold !== null && !(Number.isFinite(threshold) && threshold >= 0)) throw new RangeError(`only-changes threshold must be a non-negative number, got ${threshold}`);
  const a = after.summary();
  const b = before.summary();
  const shared = a.dates.filter((d) => b.dates.includes(d));
  const date = shared[shared.length - 1] ?? null;
  if (date === null) throw new RangeError(`${a.name} and ${b.name} share no date`);
  const comparison = after.compare(date, NO_FILTERS, 'baseline', null);
  const oa = after.overview(date, NO_FILTERS);
  const ob = before.overview(date, NO_FILTERS);

  const headline = [
    row('holdings', ob.holdings, oa.holdings),
    row('universe', ob.universe, oa.universe),
    row('active share', ob.activeShare, oa.activeShare),
    row('top 10 weight', ob.top10Weight, oa.top10Weight),
    row('turnover (one-way)', ob.turnover, oa.turnover),
    row('weight with contributions', ob.weightCoverage, oa.weightCoverage),
    row('features', b.features.length, a.features.length),
  ];
  const verdicts = (engine: AttributionEngine) => new Map(engine.guardrails().summary.map((g) => [g.guardrail as string, g.pass]));
  const gb = verdicts(before);
  const ga = verdicts(after);
  const guardrails = [...new Set([...ga.keys(), ...gb.keys()])].map((guardrail) => {
    const x = gb.get(guardrail) ?? null;
    const y = ga.get(guardrail) ?? null;
    return { guardrail, before: x, after: y, changed: x !== y };
  });
  // Each side's exposure is its own overview's: the comparison's before and after are the same numbers.
  const exposure = (o: typeof oa) => new Map(o.factorExposure.map((f) => [f.factor, f.portfolio]));
  const eb = exposure(ob);
  const ea = exposure(oa);
  const factors = [...new Set([...ea.keys(), ...eb.keys()])]
    .map((factor) => {
      const r = row(factor, eb.get(factor) ?? null, ea.get(factor) ?? null);
      return { factor, before: r.before, after: r.after, delta: r.delta };
    })
    .sort((x, y) => Math.abs(y.delta ?? 0) - Math.abs(x.delta ?? 0));
  const sa = after.signals();
  const sb = before.signals();
  const signals: DiffRow[] = [];
  if (sa || sb) {
    const names = [...new Set([...(sa?.stats ?? []), ...(sb?.stats ?? [])].map((s) => s.signal))];
    for (const name of names) {
      const x = sb?.stats.find((s) => s.signal === name);
      const y = sa?.stats.find((s) => s.signal === name);
      signals.push(row(`${name} icMean`, x?.icMean ?? null, y?.icMean ?? null), row(`${name} tstat`, x?.tstat ?? null, y?.tstat ?? null));
    }
  }
  const stability = [row('importance rank correlation with the previous date (mean)', before.stability().previous.mean, after.stability().previous.mean)];

  const keep = (r: { delta: number | null }) => changedBeyond(r.delta, threshold);
  return {
    before: { name: b.name, date },
    after: { name: a.name, date },
    headline: headline.filter(keep),
    guardrails: guardrails.filter((g) => threshold === null || g.changed),
    factors: factors.filter(keep),
    entered: comparison.entered,
    left: comparison.left,
    signals: signals.filter(keep),
    stability: stability.filter(keep),
  };
}
