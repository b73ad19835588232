// Reads a written run back from disk (Parquet through parquet-wasm, CSV by hand) and checks
// it the way Glass Box will: schema, row order, base + sum of contributions = score,
// weights per date, guardrails (with exactly the one planted breach), and the realism of
// the signal and the book: the score's rank IC, the factors' ICs, and the active return's
// tracking error, information ratio, hit rate and drawdown (TARGETS). Returns printable
// lines and a list of failures.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Type } from '@uwdata/flechette';
import { readParquetFile, readCsv } from './io.mjs';
import { activeStats, mean, rankIc, sd } from './stats.mjs';

/** What a quant would find plausible for a monthly small-cap model (the sample's brief). */
export const TARGETS = {
  icMean: [0.03, 0.05],
  icSd: [0.08, 0.12],
  informationRatio: [0.5, 1.0],
  trackingError: [0.03, 0.04],
  hitRate: [0.55, 0.6],
  /** The worst active drawdown: deeper than this, and at least `drawdownMonths` from peak to trough. */
  maxDrawdown: -0.03,
  drawdownMonths: 3,
};

const iso = (ms) => new Date(ms).toISOString().slice(0, 10);

/** Read a wide contributions file; checks its schema, order and integrity. */
function checkContributions(path, features, expectedRows, fail, { values = true } = {}) {
  const table = readParquetFile(path);
  const names = table.schema.fields.map((f) => f.name);
  const expectedNames = ['date', 'stock', 'base_value', 'score', ...features, ...(values ? features.map((f) => `${f}_value`) : [])];
  if (names.join() !== expectedNames.join()) fail(`${path}: columns ${names.join()} != ${expectedNames.join()}`);
  const typeOf = Object.fromEntries(table.schema.fields.map((f) => [f.name, f.type]));
  if (typeOf.date.typeId !== Type.Date || typeOf.date.unit !== 0) fail(`${path}: date is not date32`);
  if (typeOf.stock.typeId !== Type.Utf8) fail(`${path}: stock is not utf8`);
  for (const c of ['base_value', 'score']) if (typeOf[c].typeId !== Type.Float || typeOf[c].precision !== 2) fail(`${path}: ${c} is not float64`);
  for (const c of names.slice(4)) if (typeOf[c].typeId !== Type.Float || typeOf[c].precision !== 1) fail(`${path}: ${c} is not float32`);
  if (table.numRows !== expectedRows) fail(`${path}: ${table.numRows} rows, expected ${expectedRows}`);

  const date = Array.from(table.getChild('date').toArray(), iso);
  const stock = table.getChild('stock').toArray();
  const base = table.getChild('base_value').toArray();
  const score = table.getChild('score').toArray();
  const contrib = features.map((f) => table.getChild(f).toArray());
  let maxError = 0, within = 0, total = 0;
  for (let r = 0; r < table.numRows; r++) {
    if (r > 0 && (date[r] < date[r - 1] || (date[r] === date[r - 1] && stock[r] <= stock[r - 1]))) fail(`${path}: row ${r + 1} out of (date, stock) order`);
    let s = base[r];
    for (const c of contrib) {
      s += c[r];
      total++;
      if (Math.abs(c[r]) <= 0.01) within++;
    }
    maxError = Math.max(maxError, Math.abs(s - score[r]));
  }
  if (!(maxError <= 1e-12)) fail(`${path}: base + sum of contributions differs from score by ${maxError}`);
  const scoreMean = score.reduce((a, v) => a + v, 0) / score.length;
  const scoreSd = Math.sqrt(score.reduce((a, v) => a + (v - scoreMean) ** 2, 0) / score.length);
  const dates = [...new Set(date)];
  return { table, date, stock, score, contrib, dates, maxError, withinShare: within / total, scoreMean, scoreSd, baseRange: [Math.min(...base), Math.max(...base)] };
}

/** Read a weights CSV (percent) and check sums and guardrails against the securities file. */
function checkWeights(path, sectorOf, limits, cashSector, fail) {
  const { header, rows } = readCsv(path);
  if (header.join() !== 'date,stock,weight,benchmark_weight') fail(`${path}: header ${header.join()}`);
  const byDate = new Map();
  for (const [date, stock, w, b] of rows) {
    if (!byDate.has(date)) byDate.set(date, new Map());
    const wn = Number(w) / 100, bn = Number(b) / 100;
    if (!(wn > 0 || bn > 0)) fail(`${path}: ${date} ${stock} has neither weight nor benchmark weight`);
    if (!sectorOf.has(stock)) fail(`${path}: ${stock} is not in the securities file`);
    byDate.get(date).set(stock, { w: wn, b: bn });
  }
  const perDate = [];
  let prev = null;
  for (const [date, m] of byDate) {
    let sw = 0, sb = 0, holdings = 0, maxW = 0, cash = 0;
    const active = new Map();
    for (const [stock, { w, b }] of m) {
      sw += w; sb += b;
      const sector = sectorOf.get(stock);
      if (sector === cashSector) cash += w;
      else { if (w > 0) holdings++; maxW = Math.max(maxW, w); }
      active.set(sector, (active.get(sector) ?? 0) + w - b);
    }
    let turnover = null;
    if (prev) {
      let s = 0;
      for (const stock of new Set([...m.keys(), ...prev.keys()])) s += Math.abs((m.get(stock)?.w ?? 0) - (prev.get(stock)?.w ?? 0));
      turnover = s / 2;
    }
    const [maxSector, maxActive] = [...active].filter(([s]) => s !== cashSector).sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]))[0];
    const breaches = [...active].filter(([s, a]) => s !== cashSector && Math.abs(a) > limits.maxSectorActive + 1e-9);
    perDate.push({ date, sw, sb, holdings, maxW, cash, turnover, maxSector, maxActive, breaches });
    if (Math.abs(sw - 1) > 1e-6 || Math.abs(sb - 1) > 1e-6) fail(`${path}: ${date} weights sum to ${sw}, benchmark to ${sb}`);
    if (maxW > limits.maxWeight + 1e-9) fail(`${path}: ${date} largest weight ${maxW} over the cap`);
    if (turnover !== null && turnover > limits.maxTurnover + 1e-9) fail(`${path}: ${date} turnover ${turnover} over the limit`);
    prev = m;
  }
  return { rows: rows.length, perDate, byDate };
}

const range = (values) => `${Math.min(...values)}-${Math.max(...values)}`;
const pct = (x, d = 2) => `${(x * 100).toFixed(d)}%`;

export function verifyRun({ dir, features, baselineFeatures, factorMap, limits, expected }) {
  const failures = [];
  const fail = (msg) => failures.push(msg);
  const lines = [];

  // Securities.
  const sec = readCsv(join(dir, 'ref/securities.csv'));
  if (sec.header.join() !== 'stock,name,sector,country,region,market_cap') fail(`securities.csv header ${sec.header.join()}`);
  const sectorOf = new Map(sec.rows.map((r) => [r[0], r[2]]));
  if (sectorOf.size !== sec.rows.length) fail('securities.csv: duplicate stock ids');
  const capTotal = sec.rows.reduce((a, r) => a + (r[5] === '' ? 0 : Number(r[5])), 0);
  const withComma = sec.rows.filter((r) => r[1].includes(',')).length;
  lines.push(`securities: ${sec.rows.length} rows, total market cap $${(capTotal / 1e12).toFixed(2)}T, ${sec.rows.filter((r) => r[2] === 'Unknown').length} 'Unknown' sectors, ${withComma} names with commas`);

  // Manifest vs contributions.
  const manifest = JSON.parse(readFileSync(join(dir, 'run.glassbox.json'), 'utf8'));
  if (Object.values(manifest.factors).flat().join() !== features.join()) fail('manifest factors do not list the contribution columns');

  // Contributions.
  const c = checkContributions(join(dir, 'out/contributions.parquet'), features, expected.contributions, fail);
  if (c.dates.length !== expected.dates) fail(`contributions: ${c.dates.length} dates`);
  lines.push(`contributions: ${c.table.numRows} rows x ${c.table.numCols} columns, ${c.dates.length} dates; max |base + sum - score| = ${c.maxError.toExponential(2)}`);
  lines.push(`  base value ${c.baseRange.map((v) => v.toFixed(4)).join('..')}, score mean ${c.scoreMean.toFixed(4)} sd ${c.scoreSd.toFixed(4)}, ${pct(c.withinShare, 1)} of contributions within +-0.01`);

  // Weights and guardrails.
  const w = checkWeights(join(dir, 'out/weights.csv'), sectorOf, limits, expected.cashSector, fail);
  const pd = w.perDate;
  const breaches = pd.flatMap((d) => d.breaches.map(([s, a]) => ({ date: d.date, sector: s, active: a })));
  if (breaches.length !== 1 || breaches[0].date !== expected.breach.date || breaches[0].sector !== expected.breach.sector || Math.abs(breaches[0].active - expected.breach.active) > 1e-6) {
    fail(`guardrails: expected exactly the planted breach ${JSON.stringify(expected.breach)}, found ${JSON.stringify(breaches)}`);
  }
  const turnovers = pd.filter((d) => d.turnover !== null).map((d) => d.turnover);
  const clean = pd.filter((d) => d.breaches.length === 0);
  lines.push(`weights: ${w.rows} rows; holdings per date ${range(pd.map((d) => d.holdings))} (first ${pd[0].holdings}, last ${pd.at(-1).holdings}); cash ${range(pd.map((d) => d.cash.toFixed(4)))}`);
  lines.push(`  max single weight ${pct(Math.max(...pd.map((d) => d.maxW)))}; max |sector active| on clean dates ${pct(Math.max(...clean.map((d) => Math.abs(d.maxActive))))}`);
  lines.push(`  turnover mean ${pct(turnovers.reduce((a, v) => a + v, 0) / turnovers.length)}, max ${pct(Math.max(...turnovers))}, at the limit (>24%) on ${turnovers.filter((v) => v > 0.24).length} of ${turnovers.length} dates`);
  lines.push(`  planted breach: ${breaches.map((b) => `${b.date} ${b.sector} active ${pct(b.active)}`).join('; ')}`);
  lines.push(`  max |sum - 1|: weights ${Math.max(...pd.map((d) => Math.abs(d.sw - 1))).toExponential(1)}, benchmark ${Math.max(...pd.map((d) => Math.abs(d.sb - 1))).toExponential(1)}`);

  // Forward returns, and what the signal and the book earn from them.
  const ret = readParquetFile(join(dir, 'out/fwd_returns.parquet'));
  if (ret.numRows !== expected.returns) fail(`fwd_returns: ${ret.numRows} rows`);
  const retKey = new Map();
  const rd = ret.getChild('date').toArray(), rs = ret.getChild('stock').toArray(), rr = ret.getChild('fwd_return_1m').toArray();
  for (let r = 0; r < ret.numRows; r++) retKey.set(`${iso(rd[r])}|${rs[r]}`, rr[r]);
  const run = performanceOf(c, w.byDate, retKey, features, factorMap);
  lines.push(`fwd_returns: ${ret.numRows} rows (${run.ics.length} dates; none after the last date)`);
  lines.push(`  ${horizonCoverage(ret, retKey, rd, rs, fail)}`);
  lines.push(...describe('v7', run));
  const t = TARGETS;
  const outside = (name, value, [lo, hi]) => { if (!(value >= lo && value <= hi)) fail(`${name} ${value.toFixed(4)} outside the target ${lo}..${hi}`); };
  outside('rank IC mean', mean(run.ics), t.icMean);
  outside('rank IC sd', sd(run.ics), t.icSd);
  outside('information ratio', run.active.informationRatio, t.informationRatio);
  outside('tracking error', run.active.trackingError, t.trackingError);
  outside('active hit rate', run.active.hitRate, t.hitRate);
  if (!(run.active.maxDrawdown < t.maxDrawdown && run.active.drawdownTrough >= t.drawdownMonths)) fail(`worst active drawdown ${run.active.maxDrawdown} over ${run.active.drawdownTrough} months: too shallow or too short`);
  const factorIcs = Object.values(run.factorIcs).map(mean);
  if (!factorIcs.some((v) => Math.abs(v) < 0.01) || !factorIcs.some((v) => v < 0)) fail('factor ICs: none near zero or none negative');

  // Baseline: the same dates, its own contributions and portfolio, no planted breach.
  const b = checkContributions(join(dir, 'baseline/out/contributions.parquet'), baselineFeatures, expected.baselineContributions, fail, { values: false });
  const bw = checkWeights(join(dir, 'baseline/out/weights.csv'), sectorOf, limits, expected.cashSector, fail);
  if (b.dates.join() !== c.dates.join()) fail(`baseline: dates ${b.dates[0]}..${b.dates.at(-1)} (${b.dates.length}) are not the run's`);
  const bBreaches = bw.perDate.flatMap((d) => d.breaches);
  if (bBreaches.length) fail(`baseline: sector breaches ${JSON.stringify(bBreaches)}`);
  lines.push(`baseline v6: ${b.table.numRows} rows x ${b.table.numCols} columns, ${b.dates.length} dates ${b.dates[0]}..${b.dates.at(-1)}; max |base + sum - score| = ${b.maxError.toExponential(2)}; holdings ${range(bw.perDate.map((d) => d.holdings))}`);
  const baseline = performanceOf(b, bw.byDate, retKey, baselineFeatures, Object.fromEntries(Object.entries(factorMap).filter(([, fs]) => fs.every((f) => baselineFeatures.includes(f)))));
  lines.push(...describe('v6', baseline));

  // Research code: every feature defined exactly once.
  const defs = new Map();
  const featureDir = join(dir, 'research/features');
  const files = existsSync(featureDir) ? readdirSync(featureDir).filter((f) => f.endsWith('.py')) : [];
  for (const file of files) {
    for (const m of readFileSync(join(featureDir, file), 'utf8').matchAll(/^def (\w+)\(/gm)) defs.set(m[1], (defs.get(m[1]) ?? 0) + 1);
  }
  const badDefs = features.filter((f) => defs.get(f) !== 1);
  if (badDefs.length) fail(`research/features: not defined exactly once: ${badDefs.join(', ')}`);
  lines.push(`research code: all ${features.length} features defined exactly once in research/features/*.py`);

  return { lines, failures };
}

/**
 * Per date: the rank IC of the score and of each factor's summed contributions over every
 * stock with a return, and the portfolio's and benchmark's returns (weight-averaged over
 * the names with a return, as Glass Box computes them); then the active statistics.
 */
function performanceOf(c, weightsByDate, retKey, features, factorMap) {
  const ics = [], rp = [], rb = [];
  const factorIcs = Object.fromEntries(Object.keys(factorMap).map((f) => [f, []]));
  const columns = Object.fromEntries(Object.entries(factorMap).map(([f, fs]) => [f, fs.map((x) => c.contrib[features.indexOf(x)])]));
  let r = 0;
  for (const date of c.dates) {
    const rows = [], ys = [];
    for (; r < c.date.length && c.date[r] === date; r++) {
      const y = retKey.get(`${date}|${c.stock[r]}`);
      if (y !== undefined) { rows.push(r); ys.push(y); }
    }
    if (!rows.length) continue;
    ics.push(rankIc(rows.map((k) => c.score[k]), ys));
    for (const [factor, cols] of Object.entries(columns)) factorIcs[factor].push(rankIc(rows.map((k) => cols.reduce((a, col) => a + col[k], 0)), ys));
    let p = 0, pw = 0, bm = 0, bw = 0;
    for (const [stock, { w, b }] of weightsByDate.get(date)) {
      const y = retKey.get(`${date}|${stock}`);
      if (y === undefined) continue;
      p += w * y; pw += w; bm += b * y; bw += b;
    }
    rp.push(p / pw);
    rb.push(bm / bw);
  }
  return { ics, factorIcs, active: activeStats(rp, rb) };
}

function describe(label, { ics, factorIcs, active: a }) {
  const pct = (x) => `${(x * 100).toFixed(2)}%`;
  return [
    `  ${label} score: rank IC mean ${mean(ics).toFixed(3)}, sd ${sd(ics).toFixed(3)}, positive ${ics.filter((v) => v > 0).length}/${ics.length}`,
    `  ${label} factors' rank IC: ${Object.entries(factorIcs).map(([f, v]) => `${f} ${mean(v).toFixed(3)}`).join(', ')}`,
    `  ${label} portfolio ${pct(a.portfolioAnnualised)} a year, benchmark ${pct(a.benchmarkAnnualised)}; active: ${pct(a.annualised)} a year, TE ${pct(a.trackingError)}, IR ${a.informationRatio.toFixed(2)}, hit rate ${pct(a.hitRate)}, Sortino ${a.sortino.toFixed(2)}, worst drawdown ${pct(a.maxDrawdown)} (${a.drawdownTrough} months to the trough, ${a.drawdownRecovery === null ? 'not recovered' : `${a.drawdownRecovery} to recover`})`,
  ];
}

/**
 * Checks each longer horizon's column against the monthly returns read back: the product
 * of (1 + r) over the stock's next h monthly returns, minus 1, where all h exist, null
 * otherwise. Returns a line with each horizon's count of non-null rows.
 */
function horizonCoverage(ret, monthly, rd, rs, fail) {
  const months = [...new Set([...rd].map(iso))].sort();
  const next = new Map(months.map((d, k) => [d, months[k + 1]]));
  const out = [];
  for (const h of [3, 6, 12]) {
    const col = ret.getChild(`fwd_return_${h}m`).toArray();
    let filled = 0, wrong = 0;
    for (let r = 0; r < ret.numRows; r++) {
      let growth = 1;
      for (let k = 0, d = iso(rd[r]); k < h; k++, d = next.get(d)) {
        const m = d === undefined ? undefined : monthly.get(`${d}|${rs[r]}`);
        if (m === undefined || m === null) { growth = null; break; }
        growth *= 1 + m;
      }
      const expected = growth === null ? null : growth - 1;
      if (col[r] !== expected) wrong++;
      if (col[r] !== null) filled++;
    }
    if (wrong) fail(`fwd_return_${h}m: ${wrong} rows differ from the compounded monthly returns`);
    out.push(`${h}m ${filled}`);
  }
  return `compounded horizons, rows with a return: ${out.join(', ')}`;
}
