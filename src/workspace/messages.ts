/** The messages of confinement: what was refused, why, and how to allow it. */
export const confineMessages = {
  outside: (manifest: string, key: string, path: string, where: string, howToAllow: string) =>
    `${manifest}: "${key}" points outside ${where} (${path}); Glass Box reads only files inside it, so it was refused without being opened. Move the file inside, or ${howToAllow}`,
  linkOutside: (manifest: string, key: string, path: string, where: string, howToAllow: string) =>
    `${manifest}: "${key}" names ${path}, which leads outside ${where} through a symbolic link; Glass Box reads only files inside it, so it was refused without being opened. Copy the file inside, or ${howToAllow}`,
  globOutside: (manifest: string, glob: string, where: string) =>
    `${manifest}: "code.features" glob '${glob}' points outside ${where} (an absolute path or '..'); it was ignored. Write globs relative to the manifest's folder, e.g. "research/features/**/*.py".`,
  fileOutside: (manifest: string, glob: string, where: string) =>
    `${manifest}: "code.features" glob '${glob}' matched files that lead outside ${where} through a symbolic link; they were skipped without being read.`,
  /** How to allow a folder, in the extension. */
  allowInEditor: () =>
    `add the folder to the "glassbox.allowedRoots" user setting (absolute paths; honoured only in a trusted workspace).`,
  /** How to allow a folder, on the command line. */
  allowInCli: () => `pass --allow DIR for a folder of shared data (or --root DIR to widen the root).`,
  workspaceFolder: (name: string) => `the workspace folder '${name}'`,
  manifestFolder: (path: string) => `the manifest's folder ${path} (it is in no workspace folder)`,
  gitRoot: (path: string) => `the repository ${path}`,
  cliRoot: (path: string, given: boolean) => `the root ${path}${given ? ' (--root)' : ''}`,
  andAllowed: (where: string, count: number) => `${where} and the ${count} allowed folder${count === 1 ? '' : 's'}`,
};
