/**
 * The ClickHouse dialect of the engine's named queries (the DuckDB ones are in src/sql/).
 * Each returns `{ sql, params }` with `$n` placeholders bound by literals.ts; table and
 * column names are quoted by `identifier()`. A relation is a table of the manifest's
 * database (`db`.`table`), often a Distributed table over the shards.
 *
 * Kept to SQL that ClickHouse 18.16 accepts and current ClickHouse still does:
 * - one JOIN per SELECT, so joins nest in subqueries;
 * - GLOBAL joins, so the right side is computed once and sent to every shard (a plain JOIN
 *   on a Distributed table would run the right side on each shard against its local part);
 * - no window functions (21.x): keys are numbered by sorting them into one array and
 *   ARRAY JOIN with arrayEnumerate, where a newer server would use row_number();
 * - no query parameters (19.x): values are literals;
 * - `ANY INNER`/`ANY LEFT` joins, where 20.x would accept `INNER JOIN ... SETTINGS join_use_nulls`.
 * A table in a warehouse has no row order: where the DuckDB queries keep "the first row of
 * the file", these sort by value instead (keys by date then stock, features by name).
 */
import type { LongColumnsOf } from '../sql/contributionQueries';
import { baseType } from './clickhouseConnection';
import { type ClickHouseValue, identifier } from './literals';

export interface Query {
  sql: string;
  params: ClickHouseValue[];
}

/** A column as DESCRIBE TABLE reports it. */
export interface ClickHouseColumn {
  name: string;
  /** ClickHouse's type, e.g. Float64, Nullable(String), Date, DateTime('UTC'), Int64. */
  type: string;
}

/** A table of the run's database. */
export function tableRelation(database: string, table: string): string {
  return `${identifier(database)}.${identifier(table)}`;
}

/** The server's version, and whether it answers at all. */
export function versionQuery(): Query {
  return { sql: 'SELECT version() AS version', params: [] };
}

/** Whether the table exists (1 or 0), without reading it. */
export function tableExistsQuery(database: string, table: string): Query {
  return { sql: 'SELECT toFloat64(count()) AS n FROM system.tables WHERE database = $1 AND name = $2', params: [database, table] };
}

/** The table's columns and types, in the table's order. */
export function describeQuery(database: string, table: string): Query {
  return { sql: `DESCRIBE TABLE ${tableRelation(database, table)}`, params: [] };
}

/** The table's row count, for refusing a table too large to pull whole. */
export function rowCountQuery(relation: string): Query {
  return { sql: `SELECT toFloat64(count()) AS row_count FROM ${relation}`, params: [] };
}

export type ColumnKind = 'number' | 'wide-integer' | 'date' | 'timestamp' | 'text' | 'nested';

export function columnKind(type: string): ColumnKind {
  const t = baseType(type);
  if (/^(U?Int(8|16|32)|Float(32|64)|Decimal.*)$/.test(t)) return 'number';
  if (/^U?Int64$/.test(t)) return 'wide-integer';
  if (t === 'Date') return 'date';
  if (/^DateTime/.test(t)) return 'timestamp';
  if (/^(String|FixedString\(\d+\)|Enum(8|16)\(.*\)|UUID)$/.test(t)) return 'text';
  return 'nested';
}

/**
 * Per wide-integer and timestamp column, a 1/0 fact its normalisation depends on: every
 * integer exact as a double (|v| <= 2^53 - 1), every timestamp a midnight (then a date).
 */
export function columnFactsQuery(relation: string, columns: readonly ClickHouseColumn[]): Query | null {
  const parts: string[] = [];
  columns.forEach((c, i) => {
    const col = identifier(c.name);
    const kind = columnKind(c.type);
    if (kind === 'wide-integer') {
      const out = /^UInt64$/.test(baseType(c.type)) ? `${col} > 9007199254740991` : `${col} > 9007199254740991 OR ${col} < -9007199254740991`;
      parts.push(`toFloat64(countIf(${out}) = 0) AS ${identifier(`f${i}`)}`);
    }
    if (kind === 'timestamp') parts.push(`toFloat64(countIf(toHour(${col}) != 0 OR toMinute(${col}) != 0 OR toSecond(${col}) != 0) = 0) AS ${identifier(`f${i}`)}`);
  });
  return parts.length ? { sql: `SELECT ${parts.join(', ')} FROM ${relation}`, params: [] } : null;
}

/**
 * One column as the schema layer expects it from any reader: numbers as Float64, 64-bit
 * integers as Float64 only when `exact`, dates as YYYY-MM-DD, instants as ISO UTC text
 * (a midnight-only column as a date), anything else as its text.
 */
export function normalisedColumn(column: ClickHouseColumn, fact: boolean | undefined): string {
  const col = identifier(column.name);
  switch (columnKind(column.type)) {
    case 'number':
      return `toFloat64(${col})`;
    case 'wide-integer':
      return fact === false ? `toString(${col})` : `toFloat64(${col})`;
    case 'date':
      return `toString(${col})`;
    case 'timestamp':
      return fact ? `toString(toDate(${col}, 'UTC'))` : `concat(replaceOne(toString(${col}, 'UTC'), ' ', 'T'), 'Z')`;
    case 'text':
    case 'nested':
      return `toString(${col})`;
  }
}

/** The whole table with each column normalised, as c0, c1, ... in the table's order. */
export function readTableQuery(relation: string, columns: readonly ClickHouseColumn[], facts: readonly (boolean | undefined)[]): Query {
  const select = columns.map((c, i) => `${normalisedColumn(c, facts[i])} AS ${identifier(`c${i}`)}`);
  return { sql: `SELECT ${select.join(', ')} FROM ${relation}`, params: [] };
}

/** The long table's columns in ClickHouse. */
export type LongColumns = LongColumnsOf<ClickHouseColumn>;

const keyColumns = (c: LongColumns) => [c.date ? identifier(c.date.name) : null, identifier(c.stock.name)].filter((k): k is string => k !== null);

/** The contribution as a Float64, NULL as NaN (a cell that is there but not finite). */
const contributionOf = (c: LongColumns) => `ifNull(toFloat64(${identifier(c.contribution.name)}), nan)`;

/**
 * Distinct features, by name (a warehouse table has no "first appearance"); with
 * `withFiniteCounts`, each one's count of finite contributions (`finite`), for a reader that
 * never holds the cells to find a feature the model wrote nothing to.
 */
export function featuresQuery(relation: string, columns: LongColumns, withFiniteCounts = false): Query {
  const finite = withFiniteCounts ? `, toFloat64(countIf(isFinite(${contributionOf(columns)}))) AS finite` : '';
  return { sql: `SELECT toString(${identifier(columns.feature.name)}) AS feature${finite} FROM ${relation} GROUP BY feature ORDER BY feature`, params: [] };
}

/**
 * The distinct (date, stock) keys numbered 0.. in sorted order (`ki`), as a subquery: all
 * keys sorted into one array, then ARRAY JOIN with their positions (no window functions
 * on 18.16). The same subquery numbers the keys in keysQuery and cellsQuery, so both agree.
 */
function numberedKeys(relation: string, columns: LongColumns): string {
  const keys = keyColumns(columns);
  const tuple = keys.length === 1 ? `tuple(${keys[0]})` : `(${keys.join(', ')})`;
  const names = keys.map((_, i) => `key.${i + 1} AS ${identifier(`k${i}`)}`).join(', ');
  return `(SELECT ${names}, toFloat64(n - 1) AS ki FROM (SELECT arraySort(groupUniqArray(${tuple})) AS keys FROM ${relation}) ARRAY JOIN keys AS key, arrayEnumerate(keys) AS n)`;
}

/**
 * The keys in ki order, the date as YYYY-MM-DD and the stock as text, and per key each
 * per-stock column (any row's value: it repeats on every feature row) as m0, m1, ...
 */
export function keysQuery(relation: string, columns: LongColumns, dateFact: boolean | undefined): Query {
  const keys = keyColumns(columns);
  const kNames = keys.map((_, i) => identifier(`k${i}`));
  const perStock = columns.perStock.map((p, i) => `, any(${normalisedColumn(p.column, undefined)}) AS ${identifier(`m${i}`)}`).join('');
  const perStockNames = columns.perStock.map((_, i) => `, ${identifier(`m${i}`)}`).join('');
  const date = columns.date ? `${normalisedColumn({ name: 'k0', type: columns.date.type }, dateFact)} AS date, ` : '';
  const stock = `toString(${kNames[kNames.length - 1]}) AS stock`;
  return {
    sql: `SELECT ${date}${stock}${perStockNames} FROM ${numberedKeys(relation, columns)}
          GLOBAL ANY LEFT JOIN (SELECT ${keys.map((k, i) => `${k} AS ${kNames[i]}`).join(', ')}${perStock} FROM ${relation} GROUP BY ${kNames.join(', ')}) USING (${kNames.join(', ')})
          ORDER BY ki`,
    params: [],
  };
}

/**
 * One row per (date, stock, feature) cell: ki x features + the feature's position in
 * `features` (featuresQuery's order), the contribution and, when the table has one, the raw
 * value. Only numbers travel. A repeated cell is refused before this runs (repeatedCellsQuery).
 */
export function cellsQuery(relation: string, columns: LongColumns, features: readonly string[]): Query {
  const keys = keyColumns(columns);
  const kNames = keys.map((_, i) => identifier(`k${i}`));
  const value = columns.value ? `, toFloat64(${identifier(columns.value.name)}) AS value` : '';
  const valueOut = columns.value ? ', value' : '';
  return {
    sql: `SELECT ki * ${features.length} + toFloat64(indexOf($1, toString(${identifier(columns.feature.name)})) - 1) AS cell, contribution${valueOut}
          FROM (SELECT ${keys.map((k, i) => `${k} AS ${kNames[i]}`).join(', ')}, ${identifier(columns.feature.name)}, toFloat64(${identifier(columns.contribution.name)}) AS contribution${value} FROM ${relation})
          GLOBAL ANY INNER JOIN ${numberedKeys(relation, columns)} USING (${kNames.join(', ')})`,
    params: [features],
  };
}

/** How many rows repeat a (date, stock, feature) cell, and one repeated cell as an example. */
export function repeatedCellsQuery(relation: string, columns: LongColumns): Query {
  const cell = [...keyColumns(columns), identifier(columns.feature.name)];
  return {
    sql: `SELECT toFloat64(sum(n - 1)) AS repeated, toString(any(example)) AS example FROM (
            SELECT count() AS n, toString(tuple(${cell.join(', ')})) AS example FROM ${relation} GROUP BY ${cell.join(', ')} HAVING n > 1)`,
    params: [],
  };
}

/** The tables and column names the aggregate queries read, and how features map to factors. */
export interface CubeInputs {
  /** Long contributions: date, stock, feature, contribution. */
  contributions: { relation: string; date: string; stock: string; feature: string; contribution: string };
  /** Weights: date, stock, weight and, when there is one, the benchmark weight. */
  weights: { relation: string; date: string; stock: string; weight: string; benchmark?: string };
  /** Securities: stock and its sector, country, region (absent columns are 'Unknown'). */
  securities?: { relation: string; stock: string; sector?: string; country?: string; region?: string };
  /** Each feature's factor, as the engine assigned them (assignFactors); others are `unassigned`. */
  factorOf: { features: string[]; factors: string[]; unassigned: string };
  /** Multiplies every weight (0.01 for percentages), as the engine's weight reader decided. */
  weightScale: number;
}

const UNKNOWN = 'Unknown';

/**
 * The rows under the aggregates: per (date, stock, factor) the summed contribution, its
 * weight and benchmark, and the stock's sector, country and region; `where` filters the
 * contributions (one date for a slice). Three nested SELECTs, one GLOBAL join each.
 */
function factorRows(inputs: CubeInputs, where: string): string {
  const c = inputs.contributions;
  const w = inputs.weights;
  const s = inputs.securities;
  const scale = '$3';
  const benchmark = w.benchmark ? `toFloat64(${identifier(w.benchmark)}) * ${scale}` : 'toFloat64(0)';
  const byStock = `(SELECT ${identifier(c.date)} AS date, toString(${identifier(c.stock)}) AS stock,
      transform(toString(${identifier(c.feature)}), $1, $2, $4) AS factor, sum(toFloat64(${identifier(c.contribution)})) AS contribution
      FROM ${c.relation} ${where} GROUP BY date, stock, factor)`;
  const weighted = `(SELECT date, stock, factor, contribution, w, b FROM ${byStock}
      GLOBAL ANY INNER JOIN (SELECT ${identifier(w.date)} AS date, toString(${identifier(w.stock)}) AS stock, toFloat64(${identifier(w.weight)}) * ${scale} AS w, ${benchmark} AS b FROM ${w.relation}) USING (date, stock))`;
  const group = (name: string | undefined) => (s && name ? `if(${identifier(name)} = '', '${UNKNOWN}', toString(${identifier(name)}))` : `'${UNKNOWN}'`);
  if (!s) return `(SELECT date, stock, factor, contribution, w, b, '${UNKNOWN}' AS sector, '${UNKNOWN}' AS country, '${UNKNOWN}' AS region FROM ${weighted})`;
  return `(SELECT date, stock, factor, contribution, w, b, if(sector = '', '${UNKNOWN}', sector) AS sector, if(country = '', '${UNKNOWN}', country) AS country, if(region = '', '${UNKNOWN}', region) AS region FROM ${weighted}
      GLOBAL ANY LEFT JOIN (SELECT toString(${identifier(s.stock)}) AS stock, ${group(s.sector)} AS sector, ${group(s.country)} AS country, ${group(s.region)} AS region FROM ${s.relation}) USING stock)`;
}

function cubeParams(inputs: CubeInputs, extra: ClickHouseValue[] = []): ClickHouseValue[] {
  return [inputs.factorOf.features, inputs.factorOf.factors, inputs.weightScale, inputs.factorOf.unassigned, ...extra];
}

/**
 * The run-wide cube: per (date, sector, country, region, factor) the sums of weight x
 * contribution (`portfolio`) and benchmark weight x contribution (`benchmark`; active is
 * their difference). Stocks held with no contributions add nothing to these sums.
 */
export function cubeQuery(inputs: CubeInputs): Query {
  return {
    sql: `SELECT toString(date) AS date, sector, country, region, factor, sum(w * contribution) AS portfolio, sum(b * contribution) AS benchmark
          FROM ${factorRows(inputs, '')} GROUP BY date, sector, country, region, factor ORDER BY date, sector, country, region, factor`,
    params: cubeParams(inputs),
  };
}

/** One date's slice: per stock and factor its contribution, weight and benchmark weight, and its groups. */
export function dateSliceQuery(inputs: CubeInputs, date: string): Query {
  return {
    sql: `SELECT stock, factor, contribution, w AS weight, b AS benchmark, sector, country, region
          FROM ${factorRows(inputs, `WHERE ${identifier(inputs.contributions.date)} = $5`)} ORDER BY stock, factor`,
    params: cubeParams(inputs, [{ date }]),
  };
}

/**
 * A feature's position (1-based) in `features`, 0 for a feature not in it: transform() over
 * the list and the positions as text (one hash lookup per row; indexOf on the list scans it,
 * 4.9 s against 0.7 s over 32M rows on 18.16), the text then read as a number. The two lists
 * are parameters `$first` and `$first + 1`.
 */
function featurePosition(columns: LongColumns, first: number, type: 'toUInt8' | 'toUInt16'): string {
  return `${type}(transform(toString(${identifier(columns.feature.name)}), $${first}, $${first + 1}, '0'))`;
}

/** The parameters of featurePosition: the features, and their positions 1.. as text. */
const positionParams = (features: readonly string[]): ClickHouseValue[] => [features, features.map((_, f) => String(f + 1))];

/**
 * For a run read by date: per (date, stock) key, sorted by date then stock as keysQuery
 * numbers them (the row of a key is its position here), the date and stock as keysQuery
 * returns them, the per-stock columns m0, m1… (any row's value), and the sums a panel row
 * needs, in one scan: `s0`, `s1`… the sum of the finite contributions of each group of
 * features (`groupOf`), `non_finite` the cells that are NULL or not finite plus the features
 * the key lacks, and `repeats` the rows that repeat a feature of the key (its row count less
 * its distinct features, counted as the bits set in an OR of one bit per feature, 64 features
 * a mask: 18.16 has no bitCount, and uniqExact per key cost 0.3-0.5 s more of 3.4 at L). The
 * features are numbered in group order, so that a group is a range of positions and each sum
 * one sumIf over that range.
 */
export function keySumsQuery(relation: string, columns: LongColumns, dateFact: boolean | undefined, features: readonly string[], groupOf: Int32Array, groups: number): Query {
  const keys = keyColumns(columns);
  const kNames = keys.map((_, i) => identifier(`k${i}`));
  const order = features.map((_, f) => f).sort((a, b) => groupOf[a] - groupOf[b] || a - b);
  const params: ClickHouseValue[] = positionParams(order.map((f) => features[f]));
  const fiType = features.length <= 255 ? 'toUInt8' : 'toUInt16';
  const sums: string[] = [];
  for (let g = 0; g < groups; g++) {
    const first = order.findIndex((f) => groupOf[f] === g);
    const count = order.filter((f) => groupOf[f] === g).length;
    if (count === 0) {
      sums.push(`toFloat64(0) AS ${identifier(`s${g}`)}`);
      continue;
    }
    params.push(first + 1, first + count);
    // Bounds of fi's own type (a number binds as Float64: comparing as doubles cost 0.6 s of 5 at L).
    sums.push(`sumIf(c, fi BETWEEN ${fiType}($${params.length - 1}) AND ${fiType}($${params.length})) AS ${identifier(`s${g}`)}`);
  }
  params.push(features.length);
  const n = `$${params.length}`;
  const perStock = columns.perStock.map((p, i) => `, ${normalisedColumn(p.column, undefined)} AS ${identifier(`p${i}`)}`).join('');
  const perStockAny = columns.perStock.map((_, i) => `, any(${identifier(`p${i}`)}) AS ${identifier(`m${i}`)}`).join('');
  // A Date travels as its 2 bytes (the decoder writes it YYYY-MM-DD, as toString would).
  const dateKind = columns.date ? columnKind(columns.date.type) : null;
  const date = columns.date ? `${dateKind === 'date' && !/Nullable/.test(columns.date.type) ? identifier('k0') : normalisedColumn({ name: 'k0', type: columns.date.type }, dateFact)} AS date, ` : '';
  const sumsList = sums.length ? `, ${sums.join(', ')}` : '';
  // Non-finite contributions (NULL read as NaN) are counted in `bad` and summed as 0.
  const distinct = Array.from({ length: Math.max(1, Math.ceil(features.length / 64)) }, (_, b) => {
    const bit = `bitShiftLeft(toUInt64(1), toUInt8((fi - 1) % 64))`;
    const mask = features.length <= 64 ? `groupBitOr(${bit})` : `groupBitOr(if(intDiv(fi - 1, 64) = ${b}, ${bit}, toUInt64(0)))`;
    return `arraySum(arrayMap(i -> bitAnd(bitShiftRight(${mask}, i), 1), range(64)))`;
  }).join(' + ');
  return {
    sql: `SELECT ${date}toString(${kNames[kNames.length - 1]}) AS stock${perStockAny}${sumsList},
            toUInt32(sum(bad) + ${n} - count()) AS non_finite, toUInt32(count() - (${distinct})) AS repeats
          FROM (SELECT ${kNames.join(', ')}${columns.perStock.map((_, i) => `, ${identifier(`p${i}`)}`).join('')}, if(isFinite(x), x, 0) AS c, NOT isFinite(x) AS bad, fi
                FROM (SELECT ${keys.map((k, i) => `${k} AS ${kNames[i]}`).join(', ')}${perStock}, ${contributionOf(columns)} AS x, ${featurePosition(columns, 1, fiType)} AS fi FROM ${relation}))
          GROUP BY ${kNames.join(', ')} ORDER BY ${kNames.join(', ')}`,
    params,
  };
}

/**
 * The cells of one date (every cell when the table has no date column), one row per stock
 * in the order keySumsQuery sorts the date's keys: the stock as text and, as arrays in one
 * matching order, each cell's feature (`fi`, 1-based in `features`; 0 for a feature not in
 * it), contribution (NULL as NaN) and, when the table has one, raw value. The filter is on
 * the date column itself when it is a Date (a MergeTree table ordered by date reads only
 * that date's parts), else on its text as keySumsQuery writes it (`dateText`).
 */
export function dateCellsQuery(relation: string, columns: LongColumns, dateFact: boolean | undefined, features: readonly string[], dateText: string | null): Query {
  const fiType = features.length <= 255 ? 'toUInt8' : 'toUInt16';
  const value = columns.value ? `, ifNull(toFloat64(${identifier(columns.value.name)}), nan) AS v` : '';
  const params: ClickHouseValue[] = positionParams(features);
  let where = '';
  if (columns.date && dateText !== null) {
    const isDate = columnKind(columns.date.type) === 'date';
    params.push(isDate ? { date: dateText } : dateText);
    where = `WHERE ${isDate ? identifier(columns.date.name) : normalisedColumn(columns.date, dateFact)} = $3`;
  }
  // Grouped and sorted by the stock column itself, as keySumsQuery sorts the keys.
  return {
    sql: `SELECT toString(k) AS stock, groupArray(fi) AS fi, groupArray(c) AS contribution${columns.value ? ', groupArray(v) AS value' : ''}
          FROM (SELECT ${identifier(columns.stock.name)} AS k, ${featurePosition(columns, 1, fiType)} AS fi, ${contributionOf(columns)} AS c${value} FROM ${relation} ${where})
          GROUP BY k ORDER BY k`,
    params,
  };
}
