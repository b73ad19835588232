/**
 * What the user allows for runs whose tables live in a database (src/clickhouse/): the
 * `glassbox.remoteSources` setting, read from user (global) settings only, and never in an
 * untrusted workspace; credentials from SecretStorage (Glass Box: Set ClickHouse
 * Credentials, per server) or the environment, never from the manifest.
 */
import * as vscode from 'vscode';
import { checkRemoteAllowed, type Credentials, credentialsFromEnv, origin } from '../clickhouse/remoteSource';
import type { RemoteSource } from '../model/manifest';

let secrets: vscode.SecretStorage | null = null;

const secretKey = (url: string) => `glassbox.clickhouse:${origin(url) ?? url}`;

/**
 * The allowed URLs: the setting's user value only. package.json declares it with
 * `"scope": "application"`, which VS Code already ignores in workspace settings; reading
 * `globalValue` keeps a workspace value out even if that declaration changed.
 */
export function allowedRemoteSources(): string[] {
  const value = vscode.workspace.getConfiguration('glassbox').inspect<unknown>('remoteSources')?.globalValue;
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Refuses the source unless the user allowed its URL and the workspace is trusted. */
export function checkRemoteSource(source: RemoteSource, manifest: string): void {
  checkRemoteAllowed(source, allowedRemoteSources(), manifest, 'setting', vscode.workspace.isTrusted);
}

/** The credentials for a server: SecretStorage first, then GLASSBOX_CLICKHOUSE_USER / _PASSWORD. */
export async function remoteCredentials(url: string): Promise<Credentials> {
  const stored = secrets ? await secrets.get(secretKey(url)) : undefined;
  if (stored) {
    try {
      const parsed = JSON.parse(stored) as Credentials;
      return { user: typeof parsed.user === 'string' ? parsed.user : undefined, password: typeof parsed.password === 'string' ? parsed.password : undefined };
    } catch {
      // A damaged entry: fall back to the environment.
    }
  }
  return credentialsFromEnv();
}

/** Registers "Glass Box: Set ClickHouse Credentials" and keeps the SecretStorage for loads. */
export function registerRemoteAccess(context: vscode.ExtensionContext): vscode.Disposable[] {
  secrets = context.secrets;
  return [
    vscode.commands.registerCommand('glassbox.setClickHouseCredentials', async () => {
      const allowed = allowedRemoteSources();
      const url = await vscode.window.showInputBox({
        title: 'Glass Box: Set ClickHouse Credentials',
        prompt: 'The server (as in the manifest\'s "source.url")',
        value: allowed[0] ?? 'http://localhost:8123',
        validateInput: (v) => (origin(v) ? null : 'An http:// or https:// address, e.g. http://warehouse:8123'),
      });
      if (!url) return;
      const user = await vscode.window.showInputBox({ title: 'Glass Box: Set ClickHouse Credentials', prompt: `User for ${origin(url)}`, value: 'default' });
      if (user === undefined) return;
      const password = await vscode.window.showInputBox({ title: 'Glass Box: Set ClickHouse Credentials', prompt: `Password of ${user} at ${origin(url)} (kept in VS Code's secret storage)`, password: true });
      if (password === undefined) return;
      await context.secrets.store(secretKey(url), JSON.stringify({ user, password }));
      void vscode.window.showInformationMessage(`Glass Box: credentials for ${origin(url)} saved.`);
    }),
  ];
}
