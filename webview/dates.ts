/** Reading a date the user typed into the date picker. */

/**
 * The run's date nearest to what the user typed: `2023-07-31`, `2023-7-31`, `20230731` or
 * `2023-07` (the month's last date of the run, else the nearest); null when it is no date.
 * @example nearestDate(['2023-06-30', '2023-07-31'], '2023-07-20') // '2023-07-31'
 */
export function nearestDate(dates: readonly string[], typed: string): string | null {
  const text = typed.trim().replace(/\s*\(latest\)$/, '');
  if (dates.includes(text)) return text;
  let m = /^(\d{4})-?(\d{1,2})-?(\d{1,2})$/.exec(text);
  let target: number;
  if (m) {
    target = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  } else {
    m = /^(\d{4})-(\d{1,2})$/.exec(text);
    if (!m) return null;
    const month = `${m[1]}-${m[2].padStart(2, '0')}`;
    const inMonth = dates.filter((d) => d.startsWith(month));
    if (inMonth.length) return inMonth[inMonth.length - 1];
    target = Date.UTC(Number(m[1]), Number(m[2]) - 1, 15);
  }
  if (!Number.isFinite(target)) return null;
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const d of dates) {
    const t = Date.parse(`${d}T00:00:00Z`);
    if (!Number.isFinite(t)) continue;
    const distance = Math.abs(t - target);
    if (distance < bestDistance) {
      best = d;
      bestDistance = distance;
    }
  }
  return best;
}
