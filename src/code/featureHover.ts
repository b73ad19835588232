/**
 * The text of a hover and a CodeLens on a feature's definition: its attribution in a loaded
 * run, or which manifest defines it when no run is loaded. Pure (no vscode): returns
 * Markdown and plain strings; feature, stock and run names are escaped (they come from files).
 */
import type { FeatureStats } from '../model/features/featureStats';
import type { FeatureMatch } from './featureCatalog';
import { codeMessages, formatPercent } from './messages';

/** The command behind "Show in Glass Box": opens the run beside the code on the feature. */
export const SHOW_FEATURE_COMMAND = 'glassbox.showFeature';

/** What a hover knows about one run's feature: stats when the run is loaded, else null. */
export interface HoverEntry {
  match: FeatureMatch;
  stats: FeatureStats | null;
  /** Why the stats could not be read, when they could not. */
  error?: string;
  /** Whose date the stats are of: the date the run's view shows, or its latest (the default). */
  dateSource?: 'view' | 'latest';
}

/**
 * The date a run's views show: the view state's date when it is one of the run's dates,
 * else the latest (a view that has not picked a date shows the latest).
 * @example viewDate(['2025-11-28', '2025-12-31'], '2025-11-28') // { date: '2025-11-28', source: 'view' }
 */
export function viewDate(dates: readonly string[], stateDate: string | null | undefined): { date: string; source: 'view' | 'latest' } {
  const latest = dates[dates.length - 1];
  if (stateDate && stateDate !== latest && dates.includes(stateDate)) return { date: stateDate, source: 'view' };
  return { date: latest, source: 'latest' };
}

/** "2023-07-31, the date in the view" / "2025-12-31, the run's latest date". */
function dateText(stats: FeatureStats, source: HoverEntry['dateSource']): string {
  return `${stats.date}, ${source === 'view' ? 'the date in the view' : 'the run’s latest date'}`;
}

/** Markdown special characters escaped, so a name from a file is shown as text. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()<>#+\-.!|~&]/g, (c) => `\\${c}`);
}

/** A `command:` link that runs `command` with JSON arguments. */
export function commandUri(command: string, args: unknown[]): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}

/** Three significant digits, without trailing zeros: 0.0123, 0.0009, 1.23e-7. */
const number = (x: number) => String(Number(x.toPrecision(3)));
const signed = (x: number) => (x > 0 ? `+${number(x)}` : x < 0 ? `\u2212${number(-x)}` : '0');

/**
 * One stock as a hover lists it.
 * @example stockText({ stock: 'XYZ', name: 'Xyz Corp', contribution: 0.061, weight: 0.004 }) // 'XYZ (Xyz Corp) +0.061'
 */
function stockText(s: FeatureStats['topStocks'][number]): string {
  const name = s.name && s.name !== s.stock ? ` (${s.name})` : '';
  return `${escapeMarkdown(s.stock)}${escapeMarkdown(name)} ${signed(s.contribution)}`;
}

/** The share of the active score, or why there is none. */
function shareText(stats: FeatureStats): string {
  if (stats.activeAttribution === null) return 'no benchmark in the run';
  if (stats.activeShare === null) return `${signed(stats.activeAttribution)} (the active score is 0)`;
  return `${formatPercent(stats.activeShare)} (${signed(stats.activeAttribution)} of the active score)`;
}

/**
 * The hover's Markdown: per run, the feature and its factor, and either its attribution on
 * the date the run's view shows (else its latest; the hover names it) (importance rank, mean |contribution|, share of the active score,
 * top three stocks) with a "Show in Glass Box" link, or, for a run not loaded, the
 * manifest that defines it with an "Open in Glass Box" link (nothing is loaded for a hover).
 */
export function hoverMarkdown(entries: readonly HoverEntry[]): string {
  return entries
    .map(({ match, stats, error, dateSource }) => {
      const factor = escapeMarkdown(match.feature.factor);
      const run = escapeMarkdown(match.run.label);
      const link = (label: string) => `[${label}](${commandUri(SHOW_FEATURE_COMMAND, [match.run.manifest, match.feature.name])} "${label}: ${run}")`;
      if (!stats) {
        const lines = [`**Glass Box** \u00b7 \`${match.feature.name.replace(/`/g, "'")}\` \u00b7 factor **${factor}**`, '', escapeMarkdown(codeMessages.definedBy(match.feature.name, match.feature.factor, match.run.label))];
        if (error) lines.push('', escapeMarkdown(codeMessages.statsFailed(error)));
        else if (!match.run.loaded) lines.push('', escapeMarkdown(codeMessages.notLoaded));
        lines.push('', link(match.run.loaded ? codeMessages.showInGlassBox : codeMessages.openInGlassBox));
        return lines.join('\n');
      }
      const top = stats.topStocks.length ? stats.topStocks.map(stockText).join(', ') : 'none';
      return [
        `**Glass Box** \u00b7 \`${match.feature.name.replace(/`/g, "'")}\` \u00b7 factor **${factor}** \u00b7 ${run} on ${escapeMarkdown(dateText(stats, dateSource))}`,
        '',
        '| | |',
        '|---|---|',
        `| Factor | ${factor} |`,
        `| Importance | #${stats.rank} of ${stats.features} (mean \\|contribution\\| ${number(stats.meanAbs)}) |`,
        `| Share of active score | ${shareText(stats)} |`,
        `| Top stocks | ${top} |`,
        '',
        `${link(codeMessages.showInGlassBox)}`,
      ].join('\n');
    })
    .join('\n\n---\n\n');
}

/**
 * A CodeLens title: the feature's rank and active share on the date it names when its run
 * is loaded, else the factor and the run to open.
 * @example lensTitle({ match, stats }) // 'Glass Box: value · #3 of 48 by importance · 12.3% of active score · 2025-12-31'
 */
export function lensTitle(entry: HoverEntry): string {
  const { match, stats } = entry;
  if (!stats) return `Glass Box: ${match.feature.factor} \u00b7 ${match.run.loaded ? codeMessages.showInGlassBox : codeMessages.openInGlassBox}`;
  const share = stats.activeShare === null ? '' : ` \u00b7 ${formatPercent(stats.activeShare)} of active score`;
  return `Glass Box: ${match.feature.factor} \u00b7 #${stats.rank} of ${stats.features} by importance${share} \u00b7 ${stats.date}`;
}
