/** The command line's own messages (the model layer's are in model/messages.ts). */
export const cliMessages = {
  notFound: (file: string) => `${file} does not exist. Give the path of a run manifest (*.glassbox.json) or a contributions table.`,
  optionFileNotFound: (option: string, file: string) => `${option} ${file}: the file does not exist.`,
  isDirectory: (file: string) => `${file} is a folder; give the path of a run manifest (*.glassbox.json) or a table.`,
  tablesWithManifest: (manifest: string, options: string[]) =>
    `${options.join(', ')} cannot be combined with the manifest ${manifest}: the manifest names the run's tables. Edit the manifest, or give a contributions table instead.`,
  missingRun: (command: string) => `glassbox ${command}: give the run (a *.glassbox.json manifest or a contributions table).`,
  extraArguments: (command: string, extra: string[]) => `glassbox ${command}: unexpected argument${extra.length > 1 ? 's' : ''} ${extra.join(' ')}.`,
  unknownCommand: (command: string) => `'${command}' is not a glassbox command; use check, attribution, report, explain or diff.`,
  badTolerance: (value: string) => `--tolerance ${value}: give a non-negative number, e.g. 1e-6.`,
  missingBy: () => `glassbox attribution: --by is required, e.g. --by date,sector.`,
  badDateOption: (value: string) => `--date ${value}: give a date as YYYY-MM-DD, or 'all'.`,
  jsonAndCsv: () => `--json and --csv cannot be combined; choose one.`,
  missingOut: () => `glassbox report: --out is required, e.g. --out report.html or --out report.md.`,
  badOut: (file: string) => `--out ${file}: the report is written as HTML (.html, .htm) or Markdown (.md); use one of those extensions.`,
  missingStock: () => `glassbox explain: --stock is required, e.g. --stock AAPL.`,
  badExplainDate: (value: string) => `--date ${value}: give a date as YYYY-MM-DD.`,
  jsonAndMd: () => `--json and --md cannot be combined; choose one.`,
  badOnlyChanges: (value: string) => `--only-changes ${value}: give a non-negative number, e.g. 0.001.`,
  noBaselineToDiff: (run: string) => `${run} names no "baseline": give --against OTHER_RUN, or add "baseline" to the manifest.`,
  baselineUnreadableForDiff: (path: string) => `The baseline ${path} could not be read (glassbox check RUN says why).`,
  writeFailed: (file: string, reason: string) => `Could not write ${file}: ${reason}`,
};
