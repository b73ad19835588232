// The investable universe from a real index holdings file (iShares ETF holdings, as
// collected by MitchellRLayton/portfolio-xray), and the month-end calendar of the run.
import { readFileSync } from 'node:fs';

export const CASH_SECTOR = 'Cash and/or Derivatives';

/** Names that are not common equity although the issuer files them under a GICS sector. */
const NON_EQUITY = /(\bCVR$|WARRANT|\bRIGHTS\b|ESCROW|\bPRVT$|VESTING)/i;

/** Country -> region, for every country in the iShares small-cap files. */
const REGION = {
  'United States': 'North America', Canada: 'North America', Bermuda: 'North America',
  Brazil: 'Latin America', Panama: 'Latin America', Mexico: 'Latin America', 'Puerto Rico': 'North America',
  'United Kingdom': 'Europe', Norway: 'Europe', Ireland: 'Europe', Monaco: 'Europe', Italy: 'Europe',
  Belgium: 'Europe', 'Isle of Man': 'Europe', Jersey: 'Europe', Sweden: 'Europe', Gibraltar: 'Europe',
  France: 'Europe', Germany: 'Europe', Netherlands: 'Europe', Switzerland: 'Europe', Luxembourg: 'Europe',
  Greece: 'Europe', Denmark: 'Europe', Guernsey: 'Europe', Cyprus: 'Europe',
  Israel: 'Middle East',
  Singapore: 'Asia Pacific', China: 'Asia Pacific', Australia: 'Asia Pacific', 'Hong Kong': 'Asia Pacific',
  Japan: 'Asia Pacific', Taiwan: 'Asia Pacific', 'South Korea': 'Asia Pacific', India: 'Asia Pacific',
};

/** The region of a country; unknown countries are reported rather than guessed. */
export function regionOf(country) {
  const region = REGION[country];
  if (!region) throw new Error(`universe: no region for country '${country}'; add it to REGION`);
  return region;
}

/**
 * Read an iShares holdings file ([{ticker,name,sector,country,weight(%)}]) and keep the
 * common equities: drops cash and derivative rows, rows without a ticker ('-'), rights,
 * warrants, CVRs, escrows and private vesting lines, and duplicate tickers (the issuer
 * lists some twice, the second time with weight 0; the first row is kept).
 * @returns {{equities: object[], cash: object | undefined, dropped: object[]}}
 */
export function readHoldings(path) {
  const rows = JSON.parse(readFileSync(path, 'utf8'));
  const seen = new Set();
  const equities = [];
  const dropped = [];
  for (const row of rows) {
    const keep = row.sector !== CASH_SECTOR && row.ticker !== '-' && !NON_EQUITY.test(row.name) && !seen.has(row.ticker);
    if (keep) {
      seen.add(row.ticker);
      equities.push({ ...row });
    } else {
      dropped.push(row);
    }
  }
  const cash = rows.find((r) => r.ticker === 'XTSLA');
  return { equities, cash, dropped };
}

/**
 * NYSE holidays that fall on the last weekday of a month in 2021-2025 (Memorial Day 2021,
 * Good Friday 2024); every other month-end in the range is the last weekday.
 */
const MONTH_END_HOLIDAYS = new Set(['2021-05-31', '2024-03-29']);

/** Last business day of each month from (year0, month0) for `count` months, as ISO strings. */
export function monthEnds(year0, month0, count) {
  const dates = [];
  for (let k = 0; k < count; k++) {
    const y = year0 + Math.floor((month0 - 1 + k) / 12);
    const m = ((month0 - 1 + k) % 12) + 1;
    const d = new Date(Date.UTC(y, m, 0)); // day 0 of the next month = last day of this one
    for (;;) {
      const iso = d.toISOString().slice(0, 10);
      const dow = d.getUTCDay();
      if (dow !== 0 && dow !== 6 && !MONTH_END_HOLIDAYS.has(iso)) break;
      d.setUTCDate(d.getUTCDate() - 1);
    }
    dates.push(d.toISOString().slice(0, 10));
  }
  return dates;
}
