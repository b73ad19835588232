/**
 * The webview's entry point: connect to VS Code, restore the state VS Code kept for this
 * webview, register the protocol's handlers, report runtime errors, and say `ready` (the
 * host answers with `loading` and then `init` or `loadFailed`).
 */
import { App } from './app';
import { Host } from './host';

function describe(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

function boot(): void {
  const api = acquireVsCodeApi();
  const host = new Host(api);
  window.addEventListener('error', (event) => {
    host.post({ type: 'webviewError', message: describe(event.error ?? event.message) });
  });
  window.addEventListener('unhandledrejection', (event) => {
    host.post({ type: 'webviewError', message: describe(event.reason) });
  });
  const root = document.getElementById('app') ?? document.body.appendChild(document.createElement('div'));
  const app = new App(host, root, host.savedState());
  app.connect();
  host.listen();
  host.post({ type: 'ready' });
}

boot();
