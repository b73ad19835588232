/**
 * Every user-facing message of the links between runs and research code (definitions,
 * hovers, CodeLenses, the Problems panel), in one place. Each names what was wrong and the fix.
 */

const pct = (x: number, digits = 1) => `${(x * 100).toFixed(digits)}%`;
const signedPct = (x: number) => `${x >= 0 ? '+' : '\u2212'}${pct(Math.abs(x))}`;
const list = (xs: readonly string[], max = 3) => (xs.length <= max ? xs.join(', ') : `${xs.slice(0, max).join(', ')} and ${xs.length - max} more`);

const GUARDRAIL_LABEL: Record<string, string> = {
  sector: 'Sector active weight',
  country: 'Country active weight',
  region: 'Region active weight',
  stock: 'Single-name weight',
  turnover: 'One-way turnover',
  trackingError: 'Tracking error',
};

export const codeMessages = {
  patternWithoutName: (pattern: string) =>
    `glassbox.code.definitionPatterns: '${pattern}' has no {name} placeholder, so it cannot find a feature; ignored. Write where the feature's name goes as {name}, e.g. register_feature\\(\\s*["']{name}["'].`,
  invalidPattern: (pattern: string, reason: string) =>
    `glassbox.code.definitionPatterns: '${pattern}' is not a valid regular expression (${reason}); ignored. Fix it in the settings.`,
  patternTimedOut: (pattern: string, milliseconds: number, file: string) =>
    `glassbox.code.definitionPatterns: '${pattern}' was stopped after ${milliseconds / 1000} s on ${file} (it backtracks without end, e.g. a repetition inside a repetition such as (\\w+\\s?)*); ignored until you change it. Rewrite it without nested repetition, e.g. ^\\s*register\\(\\s*{name}\\b.`,
  noFeatureGiven: () => 'Glass Box: no feature to look for. Click a feature in a Glass Box view, or open a run first.',
  noDefinition: (feature: string, where: string) =>
    `Glass Box: found no definition of '${feature}' in ${where}. Glass Box looks for \`def ${feature}(\`, \`${feature} =\`, \`"${feature}":\` and the like; add your own forms in the glassbox.code.definitionPatterns setting.`,
  searchedGlobs: (globs: readonly string[], folder: string) => `${list(globs, 4)} (the manifest's code.features, under ${folder})`,
  searchedWorkspace: (files: number) => `the workspace's ${files} research file${files === 1 ? '' : 's'} (*.py, *.ts, *.sql, *.R, *.jl)`,
  openPatternsSetting: 'Open Setting',
  pickDefinition: (feature: string, count: number) => `${count} places may define '${feature}': pick one`,
  tooManyFiles: (max: number) => `searched the first ${max} files only`,

  // The Problems panel, on the manifest.
  guardrailBreach: (guardrail: string, limit: number, dates: readonly string[], worst: { name: string; value: number; date: string } | null) =>
    `${GUARDRAIL_LABEL[guardrail] ?? guardrail} beyond its ${pct(limit)} limit on ${dates.length} date${dates.length === 1 ? '' : 's'} (${list(dates)})` +
    (worst ? `; worst ${worst.name} ${guardrail === 'sector' || guardrail === 'country' || guardrail === 'region' ? signedPct(worst.value) : pct(worst.value)} on ${worst.date}` : '') +
    '. Rebalance the portfolio or change the limit under "constraints".',
  integrityFailure: (dates: number, failures: number, worst: { stock: string; date: string; error: number } | null, tolerance: number) =>
    `Integrity: base value + sum of contributions differs from the score by more than ${tolerance} for ${failures} stock-date${failures === 1 ? '' : 's'} on ${dates} date${dates === 1 ? '' : 's'}` +
    (worst ? ` (worst ${worst.stock} on ${worst.date}, off by ${worst.error.toPrecision(3)})` : '') +
    '. Check that the contributions file holds every feature and the model\'s base value, or raise glassbox.integrityTolerance.',
  loadFailed: (message: string) => `The run could not be loaded: ${message}`,

  // Hovers and CodeLenses.
  showInGlassBox: 'Show in Glass Box',
  openInGlassBox: 'Open in Glass Box',
  definedBy: (feature: string, factor: string, manifest: string) => `'${feature}' (${factor}) is a feature of ${manifest}.`,
  notLoaded: 'Open the run to see its attribution.',
  statsFailed: (reason: string) => `Could not read the feature's attribution: ${reason}`,
};

export const formatPercent = pct;
export const formatSignedPercent = signedPct;
