/**
 * Default file names of exports, pure: `<run>-<chart>-<date>.svg`, `<run>-review-<date>.md`.
 * Names come from data (the run's name), so they are reduced to characters every file system takes.
 */

/** A name part safe in a file name on every OS: letters, digits, '.', '_' and '-', at most 60 characters. */
export function fileNamePart(text: string): string {
  const part = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 60)
    .replace(/[-.]+$/, '');
  return part || 'run';
}

/**
 * The default name of an exported chart.
 * @example chartFileName('Russell 2000 ML v7', 'sector-weights', '2025-12-31', 'svg') === 'Russell-2000-ML-v7-sector-weights-2025-12-31.svg'
 */
export function chartFileName(run: string, chart: string, date: string | null, format: 'svg' | 'png'): string {
  return [fileNamePart(run), fileNamePart(chart), date ? fileNamePart(date) : null].filter(Boolean).join('-') + `.${format}`;
}

/** The default name of an exported review summary. */
export function summaryFileName(run: string, date: string | null, format: 'markdown' | 'html'): string {
  return [fileNamePart(run), 'review', date ? fileNamePart(date) : null].filter(Boolean).join('-') + (format === 'markdown' ? '.md' : '.html');
}
