/**
 * The browser tier's test bench: a tiny HTTP server that serves the real webview page
 * (webviewHtml(), real CSP) with the built bundle and CSS, Debian's Chromium driven by
 * playwright-core, and a fake VS Code host that records what the webview posts and answers
 * its requests with recorded responses from test/fixtures/webview (or, in
 * sampleRun.test.ts, live from the real engine).
 */
import { readFile } from 'node:fs/promises';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { RunSummary } from '../../src/model/types';
import type { FromWebview, Query, QueryKind, ToWebview, ViewState } from '../../src/protocol';
import { makeNonce, webviewHtml } from '../../src/editor/webviewHtml';
import { THEME_BODY_CLASS, THEME_VARIABLES, type TestTheme } from './themes';

/** The repository root (this file is bundled into dist/test/webview/*.test.mjs). */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const FIXTURES = join(ROOT, 'test/fixtures/webview');
export const RESULTS = join(ROOT, 'test-results/webview');

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
  '.html': 'text/html; charset=utf-8',
};

/** Serves `/` (the page) and files below dist/webview and media; nothing else. */
export async function startServer(title = 'Glass Box'): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (url.pathname === '/' || url.pathname === '/index.html') {
      const html = webviewHtml({
        cspSource: origin,
        nonce: makeNonce(),
        scriptUri: `${origin}/dist/webview/main.js`,
        styleUris: [`${origin}/media/webview.css`, `${origin}/dist/webview/codicon.css`],
        title,
      });
      res.writeHead(200, { 'content-type': CONTENT_TYPES['.html'] });
      res.end(html);
      return;
    }
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const path = normalize(join(ROOT, decodeURIComponent(url.pathname)));
    const allowed = [join(ROOT, 'dist/webview') + sep, join(ROOT, 'media') + sep];
    if (!allowed.some((dir) => path.startsWith(dir))) {
      res.writeHead(404).end();
      return;
    }
    readFile(path).then(
      (body) => {
        res.writeHead(200, { 'content-type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream' });
        res.end(body);
      },
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/**
 * The page server and one Chromium for a mocha suite: started in a `before` registered
 * here (after the suite's earlier hooks, so `title` may read what they loaded), closed in
 * an `after`. Screenshots go to RESULTS, made here too.
 */
export function useBrowser(title: () => string): { readonly browser: Browser; readonly origin: string } {
  let browser: Browser | undefined;
  let server: Server | undefined;
  let origin = '';
  before(async () => {
    mkdirSync(RESULTS, { recursive: true });
    ({ server, origin } = await startServer(title()));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });
  return {
    get browser() {
      if (!browser) throw new Error("Chromium is not running: see the suite's before hook");
      return browser;
    },
    get origin() {
      return origin;
    },
  };
}

/** Every query kind a fake host may be asked. */
export const QUERY_KINDS = ['overview', 'factors', 'stocks', 'stock', 'features', 'dependence', 'portfolio', 'compare', 'performance', 'signals', 'stability', 'explain', 'transferCoefficient'] as const;

/** A recorded answer to one query (filters are not matched: recordings are unfiltered). */
interface Recording {
  query: Partial<Query>;
  result: unknown;
}

/**
 * The recorded responses, by query kind: each `<kind>.json` in the fixtures folder is a list
 * of `{ query, result }` (or a single result, used for every query of that kind).
 */
export function loadRecordings(dir = FIXTURES): Map<QueryKind, Recording[]> {
  const recordings = new Map<QueryKind, Recording[]>();
  for (const kind of QUERY_KINDS) {
    if (!readdirSync(dir).includes(`${kind}.json`)) continue;
    const data: unknown = JSON.parse(readFileSync(join(dir, `${kind}.json`), 'utf8'));
    const list = Array.isArray(data) && data.every((d) => d && typeof d === 'object' && 'result' in d) ? (data as Recording[]) : [{ query: {}, result: data }];
    recordings.set(kind, list);
  }
  return recordings;
}

export function loadRun(dir = FIXTURES): RunSummary {
  return JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunSummary;
}

/** The query fields a recording is matched on (filters are not: recordings are unfiltered). */
const MATCHED_FIELDS = ['date', 'stock', 'feature', 'colorBy', 'against'] as const;

/**
 * The recording that best matches `query`: the one that agrees on the most recorded fields
 * (date, stock, feature, colorBy, against) and contradicts none; else same date and stock,
 * else same stock, else same date, else the first.
 */
export function recordedAnswer(recordings: Map<QueryKind, Recording[]>, query: Query): unknown {
  // The dependence query is the dependence part of the features answer for the same feature.
  if (query.kind === 'dependence') return (recordedAnswer(recordings, { ...query, kind: 'features' }) as { dependence: unknown }).dependence;
  const list = recordings.get(query.kind) ?? [];
  const asked = query as unknown as Record<string, unknown>;
  let best: Recording | undefined;
  let bestScore = -1;
  for (const r of list) {
    const recorded = r.query as Record<string, unknown>;
    let score = 0;
    let contradicts = false;
    for (const field of MATCHED_FIELDS) {
      if (!(field in recorded) || !(field in asked)) continue;
      if (recorded[field] === asked[field]) score++;
      else contradicts = true;
    }
    if (!contradicts && score > bestScore) {
      best = r;
      bestScore = score;
    }
  }
  const stock = 'stock' in query ? query.stock : undefined;
  const sameStock = (r: Recording) => stock === undefined || (r.query as { stock?: string }).stock === stock;
  const found =
    best ??
    list.find((r) => r.query.date === query.date && sameStock(r)) ??
    list.find(sameStock) ??
    list.find((r) => r.query.date === query.date) ??
    list[0];
  if (!found) throw new Error(`No recorded response for a '${query.kind}' query.`);
  return structuredClone(found.result);
}

export type Responder = (query: Query) => { result: unknown } | { error: string } | Promise<{ result: unknown } | { error: string }>;

export interface OpenOptions {
  theme?: TestTheme;
  /** What `vscode.getState()` returns (the state VS Code kept while the view was hidden). */
  savedState?: ViewState | null;
  /** How the fake host answers `ready`: `init` with the fixture run (default), or nothing. */
  onReady?: 'init' | 'none';
  /** The `state` the host sends with `init`. */
  initState?: ViewState | null;
  width?: number;
  height?: number;
}

/**
 * One webview page and the fake host it talks to. Every message the page posts is kept in
 * `posted`; requests are answered by `respond` (recorded fixtures unless a test overrides
 * a kind in `overrides`).
 */
export class FakeHost {
  readonly posted: FromWebview[] = [];
  readonly consoleErrors: string[] = [];
  readonly cspViolations: string[] = [];
  readonly dialogs: string[] = [];
  readonly overrides = new Map<QueryKind, Responder>();
  page!: Page;
  private readonly recordings: Map<QueryKind, Recording[]>;
  private readonly waiters: { predicate: (m: FromWebview) => boolean; resolve: (m: FromWebview) => void; from: number }[] = [];

  /**
   * @param run the run `init` carries: the recorded fixture run unless a test plays the
   *   host for a real run (then it answers every kind through `overrides`).
   * @param fixtures the folder of recorded answers (test/fixtures/webview/sample holds the
   *   real engine's answers on the sample run, for the Features to Performance tabs).
   */
  constructor(
    private readonly browser: Browser,
    private readonly origin: string,
    readonly run: RunSummary = loadRun(),
    fixtures = FIXTURES,
  ) {
    this.recordings = loadRecordings(fixtures);
  }

  async open(options: OpenOptions = {}): Promise<this> {
    const theme = options.theme ?? 'light';
    const context = await this.browser.newContext({ viewport: { width: options.width ?? 1280, height: options.height ?? 900 } });
    this.page = await context.newPage();
    this.page.on('console', (message) => {
      if (message.type() === 'error') this.consoleErrors.push(message.text());
    });
    this.page.on('pageerror', (error) => this.consoleErrors.push(`pageerror: ${error.message}`));
    this.page.on('dialog', (dialog) => {
      this.dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await this.page.exposeFunction('__glassboxPost', (message: FromWebview) => this.receive(message, options));
    await this.page.exposeFunction('__glassboxCsp', (violation: string) => this.cspViolations.push(violation));
    await this.page.addInitScript(
      ({ saved, variables, bodyClass }) => {
        let state: unknown = saved;
        let acquired = false;
        const w = window as unknown as Record<string, (...args: unknown[]) => unknown>;
        (window as unknown as { acquireVsCodeApi: () => unknown }).acquireVsCodeApi = () => {
          if (acquired) throw new Error('acquireVsCodeApi may only be called once');
          acquired = true;
          return {
            postMessage: (message: unknown) => void w.__glassboxPost(JSON.parse(JSON.stringify(message))),
            getState: () => state,
            setState: (next: unknown) => {
              state = JSON.parse(JSON.stringify(next));
              (window as unknown as { __savedState: unknown }).__savedState = state;
            },
          };
        };
        document.addEventListener('securitypolicyviolation', (event) => {
          void w.__glassboxCsp(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
        });
        // VS Code sets the theme's variables on <html> and its kind as a class on <body>.
        const apply = () => {
          if (!document.documentElement || !document.body) return false;
          for (const [name, value] of Object.entries(variables)) document.documentElement.style.setProperty(name, value);
          document.body.classList.add(bodyClass);
          return true;
        };
        if (!apply()) {
          const observer = new MutationObserver(() => apply() && observer.disconnect());
          observer.observe(document, { childList: true, subtree: true });
        }
      },
      { saved: options.savedState ?? null, variables: THEME_VARIABLES[theme], bodyClass: THEME_BODY_CLASS[theme] },
    );
    await this.page.goto(`${this.origin}/`);
    return this;
  }

  /** Send one host message to the page, as VS Code's `webview.postMessage` would. */
  async send(message: ToWebview | Record<string, unknown>): Promise<void> {
    await this.page.evaluate((m) => window.postMessage(m, '*'), message);
  }

  initMessage(state: ViewState | null = null): ToWebview {
    return { type: 'init', run: structuredClone(this.run), state, settings: { defaultTab: 'overview' } };
  }

  /** Resolves with the first message posted (from index `from` on) that matches. */
  waitFor<T extends FromWebview>(predicate: (m: FromWebview) => m is T, options?: { from?: number; timeout?: number }): Promise<T>;
  waitFor(predicate: (m: FromWebview) => boolean, options?: { from?: number; timeout?: number }): Promise<FromWebview>;
  waitFor(predicate: (m: FromWebview) => boolean, { from = 0, timeout = 20000 } = {}): Promise<FromWebview> {
    const found = this.posted.slice(from).find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter = { predicate, resolve, from };
      this.waiters.push(waiter);
      setTimeout(() => {
        const i = this.waiters.indexOf(waiter);
        if (i < 0) return;
        this.waiters.splice(i, 1);
        reject(new Error(`Timed out waiting for a message; posted so far: ${this.posted.map((m) => m.type).join(', ')}`));
      }, timeout);
    });
  }

  /** Waits for the next `rendered` of `tab` posted after index `from`. */
  rendered(tab: string, from = 0): Promise<Extract<FromWebview, { type: 'rendered' }>> {
    return this.waitFor((m): m is Extract<FromWebview, { type: 'rendered' }> => m.type === 'rendered' && m.tab === tab, { from });
  }

  requests(from = 0): Extract<FromWebview, { type: 'request' }>[] {
    return this.posted.slice(from).filter((m): m is Extract<FromWebview, { type: 'request' }> => m.type === 'request');
  }

  /** Switch the page to another theme the way VS Code does: new variables and body class. */
  async setTheme(theme: TestTheme): Promise<void> {
    await this.page.evaluate(
      ({ variables, bodyClass, others }) => {
        for (const [name, value] of Object.entries(variables)) document.documentElement.style.setProperty(name, value);
        document.body.classList.remove(...others);
        document.body.classList.add(bodyClass);
      },
      { variables: THEME_VARIABLES[theme], bodyClass: THEME_BODY_CLASS[theme], others: Object.values(THEME_BODY_CLASS) },
    );
  }

  async close(): Promise<void> {
    await this.page?.context().close();
  }

  private receive(message: FromWebview, options: OpenOptions): void {
    this.posted.push(message);
    for (const waiter of [...this.waiters]) {
      if (this.posted.length - 1 >= waiter.from && waiter.predicate(message)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      }
    }
    if (message.type === 'ready' && (options.onReady ?? 'init') === 'init') {
      void this.send({ type: 'loading', message: 'Reading out/contrib.parquet…' }).then(() => this.send(this.initMessage(options.initState ?? null)));
    }
    if (message.type === 'request') void this.answer(message.id, message.query);
  }

  private async answer(id: number, query: Query): Promise<void> {
    let reply: { result: unknown } | { error: string };
    try {
      const override = this.overrides.get(query.kind);
      reply = override ? await override(query) : { result: recordedAnswer(this.recordings, query) };
    } catch (error) {
      reply = { error: error instanceof Error ? error.message : String(error) };
    }
    if (this.page.isClosed()) return;
    // The host sends an error as a UserError (message, file, row, column); responders give its message.
    const response = 'error' in reply ? { error: { message: reply.error } } : reply;
    await this.send({ type: 'response', id, ...response }).catch(() => undefined);
  }
}

/**
 * The value labels of a chart that overlap one of its axis labels (e.g. a label beside a
 * tiny negative bar running into the category names), as "label / axis label" pairs.
 */
export async function labelOverlaps(page: Page, chart: string): Promise<string[]> {
  return page.locator(`[data-chart="${chart}"]`).evaluate((container) => {
    const boxes = (selector: string) =>
      [...container.querySelectorAll(selector)].map((n) => ({ text: n.textContent ?? '', box: n.getBoundingClientRect() }));
    const values = boxes('.mark-text.role-mark text');
    const axis = boxes('.role-axis-label text');
    const overlap = (a: DOMRect, b: DOMRect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    return values.flatMap((v) => axis.filter((a) => overlap(v.box, a.box)).map((a) => `${v.text} / ${a.text}`));
  });
}
