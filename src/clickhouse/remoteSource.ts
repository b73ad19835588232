/**
 * Opening a run whose manifest names a remote source, safely. A manifest arrives with a pull
 * request, so it must not make the reviewer's machine connect anywhere on its own:
 * - the source's URL must be allowed by the user: in VS Code by the `glassbox.remoteSources`
 *   setting (application scope: a workspace's settings cannot set it), never in an untrusted
 *   workspace; in the CLI by `--allow-remote URL`;
 * - credentials come from VS Code's SecretStorage or the environment
 *   (GLASSBOX_CLICKHOUSE_USER, GLASSBOX_CLICKHOUSE_PASSWORD), never from the manifest
 *   (src/model/manifest.ts refuses a manifest that carries them).
 */
import { InputError } from '../model/errors';
import type { Manifest, RemoteSource } from '../model/manifest';
import { manifestTables } from '../model/manifest';
import type { RunFile, TableSource } from '../model/run/loadRun';
import { ClickHouseConnection } from './clickhouseConnection';
import { ClickHouseTableSource } from './tableSource';

export interface Credentials {
  user?: string;
  password?: string;
}

/** The environment's credentials, when set. */
export function credentialsFromEnv(env: Record<string, string | undefined> = process.env): Credentials {
  const out: Credentials = {};
  if (env.GLASSBOX_CLICKHOUSE_USER) out.user = env.GLASSBOX_CLICKHOUSE_USER;
  if (env.GLASSBOX_CLICKHOUSE_PASSWORD !== undefined) out.password = env.GLASSBOX_CLICKHOUSE_PASSWORD;
  return out;
}

/** A URL as compared with the allowed list: its origin (scheme, host, port), or null if not http(s). */
export function origin(url: string): string | null {
  try {
    const parsed = new URL(url.trim());
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

/** How the user allows a source: the VS Code setting, or the CLI flag. */
export type AllowedBy = 'setting' | 'cli';

/**
 * Refuses a remote source the user has not allowed (by origin: scheme, host and port), and
 * any in an untrusted workspace. `manifest` names the manifest in the message.
 */
export function checkRemoteAllowed(source: RemoteSource, allowed: readonly string[], manifest: string, by: AllowedBy, trusted = true): void {
  if (!trusted) throw new InputError(`${manifest}: reads its tables from ClickHouse at ${source.url}; remote sources are off in an untrusted workspace. Trust the workspace to open it.`, manifest);
  const wanted = origin(source.url);
  if (wanted !== null && allowed.some((a) => origin(a) === wanted)) return;
  const fix =
    by === 'cli'
      ? `run with --allow-remote ${source.url} if you trust it`
      : `add "${source.url}" to the user setting glassbox.remoteSources if you trust it (a workspace cannot set it)`;
  throw new InputError(`${manifest}: reads its tables from ClickHouse at ${source.url}, which is not an allowed remote source: ${fix}.`, manifest);
}

/**
 * Why a run's baseline cannot be read beside it, or null when it can: a baseline of files is
 * read as any baseline's, and one in the run's own database (same server, same database) is
 * read over the run's connection. A baseline in another database would need a connection of
 * its own, allowed on its own; a run of files never connects for its baseline.
 */
export function remoteBaselineProblem(run: Manifest | null, baseline: Manifest | null): string | null {
  const theirs = baseline?.source;
  if (!theirs) return null;
  const ours = run?.source;
  if (ours && origin(ours.url) === origin(theirs.url) && ours.database === theirs.database) return null;
  return ours
    ? `its tables are in database ${theirs.database} at ${theirs.url}, not in the run's (${ours.database} at ${ours.url}); a baseline is read from files or from the run's own database`
    : `its tables are in ClickHouse at ${theirs.url}, and a run of files reads its baseline from files only`;
}

/** The run's tables as the loader's files: each names a table of the source's database. */
export function remoteRunFiles(manifest: Manifest): RunFile[] {
  return manifestTables(manifest).map((t) => ({ role: t.role, name: t.path }));
}

export interface OpenedRemote {
  connection: ClickHouseConnection;
  /** close() closes the connection, at once or when the last run read by date from it is closed. */
  source: ClickHouseTableSource;
}

/** Opens the source's connection and its TableSource (nothing is sent until the loader reads). */
export function openRemoteSource(source: RemoteSource, credentials: Credentials, timeoutSeconds?: number): OpenedRemote {
  const connection = new ClickHouseConnection({ url: source.url, database: source.database, user: credentials.user, password: credentials.password, timeoutSeconds });
  return { connection, source: new ClickHouseTableSource(connection, source.database) };
}

/**
 * A TableSource that reads the remote run's tables (files with neither path nor bytes) from
 * the database and anything else (a baseline's files) from `files`.
 */
export function withFiles(remote: TableSource, files: TableSource): TableSource {
  const pick = (file: RunFile) => (file.path === undefined && file.bytes === undefined ? remote : files);
  return {
    read: (file) => pick(file).read(file),
    readLongContributions: async (file, overrides, diagnostics, grouping) => {
      const source = pick(file);
      return source.readLongContributions ? source.readLongContributions(file, overrides, diagnostics, grouping) : null;
    },
    // Only runs of files are cached (a remote run's files have no path to key them by).
    reopenCells: async (kept, dir) => (files.reopenCells ? files.reopenCells(kept, dir) : null),
  };
}
