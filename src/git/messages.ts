/** What the Git comparison says to the user: what went wrong and what to do. */
export const gitMessages = {
  noGitExtension: () =>
    'Glass Box: Compare with Git Ref needs the built-in Git extension (vscode.git), which is not available here (e.g. in a virtual or web workspace). Open the run from a local or remote folder with Git.',
  gitExtensionFailed: (reason: string) => `Glass Box: the built-in Git extension could not start (${reason}). Check the Git output channel.`,
  gitDisabled: () => "Glass Box: the built-in Git extension is disabled (setting git.enabled). Enable it to compare a run with a Git ref.",
  notOnDisk: (uri: string) => `Glass Box: ${uri} is not a file on disk, so it has no Git history to compare with.`,
  notInRepository: (path: string) => `Glass Box: ${path} is not inside a Git repository (no .git folder above it). Commit the run in a repository and try again.`,
  parentUntrusted: (root: string) =>
    `Glass Box: the run is in the repository at ${root}, in a parent folder of the workspace, which the Git extension does not open by itself. Trust the workspace (Glass Box then reads it with git), or run "Git: Open Repositories In Parent Folders".`,
  gitBinaryFailed: (root: string, reason: string) => `Glass Box: could not read the repository at ${root} with git (${reason}).`,
  noRun: () => 'Glass Box: open a model run manifest (*.glassbox.json) first, then compare it with a Git ref.',
  notManifest: (name: string) => `Glass Box: ${name} is a single table; Compare with Git Ref needs a run manifest (*.glassbox.json).`,
  badRef: (ref: string, reason: string) => `Glass Box: '${ref}' is not a commit, branch or tag of this repository (${reason}).`,
  unreadableAtRef: (ref: string, reason: string) => `Glass Box: could not read the run at ${ref}: ${reason}`,
  cliBadRefSyntax: (ref: string) =>
    `--ref '${ref}' is not a Git revision Glass Box accepts: give a branch, tag, commit or revision such as HEAD~1, main^ or v1.2 (no leading '-', spaces or '..').`,
  cliNotInRepository: (manifest: string, reason: string) => `${manifest} is not in a Git repository (${reason}); --ref reads the run as committed, so commit it in a repository first.`,
  cliUnknownRef: (ref: string, root: string) => `'${ref}' is not a commit, branch or tag of the repository at ${root}. Check the name (git log --oneline, git branch -a).`,
  manifestAbsentAtRef: (manifest: string, path: string, ref: string) => `${manifest}: the manifest did not exist at ${ref} (no ${path} in that commit). Pick a revision that has it.`,
  tableAbsentAtRef: (manifest: string, key: string, path: string, ref: string) => `${manifest}: "${key}" names ${path}, which did not exist at ${ref}. Pick a revision where the run's files were committed.`,
  repositoryAt: (root: string) => `the repository ${root}`,
  howToAllowAtRef: () => 'commit the file inside the repository (a run read at a Git revision reads nothing outside it).',
};
