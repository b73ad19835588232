/**
 * The webview's side of the wire protocol (src/protocol.ts): posting messages, typed
 * requests answered by promises, and a check of every incoming message's shape before any
 * handler sees it. Anything malformed is dropped and logged, never half-handled.
 */
import type { FromWebview, Query, QueryKind, QueryResult, ToWebview, ViewState } from '../src/protocol';

/** The object `acquireVsCodeApi()` returns inside a VS Code webview. */
export interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare global {
  /** Provided by VS Code (and by the browser-tier tests' fake host); callable once. */
  function acquireVsCodeApi(): VsCodeApi;
}

/** A request the host answered with an error: the message is shown inline. */
export class RequestError extends Error {
  constructor(
    message: string,
    readonly query: Query,
  ) {
    super(message);
    this.name = 'RequestError';
  }
}

type HandlerMap = { [T in ToWebview['type']]?: (message: Extract<ToWebview, { type: T }>) => void };

interface Pending {
  query: Query;
  resolve(result: unknown): void;
  reject(error: Error): void;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === 'string';

/** True when `value` has the shape of a host message this webview understands. */
export function isToWebview(value: unknown): value is ToWebview {
  if (!isObject(value) || !isString(value.type)) return false;
  switch (value.type) {
    case 'loading':
      return isString(value.message);
    case 'init':
      return (
        isObject(value.run) &&
        Array.isArray(value.run.dates) &&
        Array.isArray(value.run.sectors) &&
        Array.isArray(value.run.countries) &&
        Array.isArray(value.run.regions) &&
        Array.isArray(value.run.factors) &&
        Array.isArray(value.run.diagnostics) &&
        (value.state === null || value.state === undefined || isObject(value.state)) &&
        isObject(value.settings)
      );
    case 'loadFailed':
      return isObject(value.error) && isString(value.error.message);
    case 'response':
      return Number.isInteger(value.id) && (value.error === undefined || isString(value.error));
    case 'applyState':
      return isObject(value.state);
    default:
      return false;
  }
}

/**
 * The connection to the extension host. Register handlers by message type with `on`,
 * start listening with `listen`, ask for data with `request`.
 */
export class Host {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly handlers: HandlerMap = {};

  constructor(private readonly api: VsCodeApi) {}

  /** Post one protocol message to the host. */
  post(message: FromWebview): void {
    this.api.postMessage(message);
  }

  /** Handle messages of one type (one handler per type; `response` is handled here). */
  on<T extends Exclude<ToWebview['type'], 'response'>>(type: T, handler: (message: Extract<ToWebview, { type: T }>) => void): void {
    (this.handlers as Record<string, unknown>)[type] = handler;
  }

  /** Start receiving host messages from `window`. */
  listen(target: Window = window): void {
    target.addEventListener('message', (event: MessageEvent) => this.receive(event.data));
  }

  /** Dispatch one incoming message (public for tests of the protocol handling). */
  receive(data: unknown): void {
    if (!isToWebview(data)) {
      console.warn('Glass Box: dropped a message of unknown shape', summarize(data));
      return;
    }
    if (data.type === 'response') {
      this.settle(data);
      return;
    }
    const handler = this.handlers[data.type] as ((message: ToWebview) => void) | undefined;
    if (handler) handler(data);
    else console.warn(`Glass Box: no handler for '${data.type}'`);
  }

  /**
   * Ask the host for a view's data. Resolves with the result; rejects with a
   * `RequestError` when the host answers with an error.
   */
  request<K extends QueryKind>(query: Extract<Query, { kind: K }>): Promise<QueryResult<K>> {
    const id = this.nextId++;
    return new Promise<QueryResult<K>>((resolve, reject) => {
      this.pending.set(id, { query, resolve: resolve as (result: unknown) => void, reject });
      this.post({ type: 'request', id, query });
    });
  }

  /** Save the view state where VS Code keeps it across hide and restore. */
  saveState(state: ViewState): void {
    this.api.setState(state);
  }

  /** The state saved by `saveState` before the webview was last hidden, if any. */
  savedState(): unknown {
    return this.api.getState();
  }

  /** Requests still waiting for an answer. */
  get pendingCount(): number {
    return this.pending.size;
  }

  private settle(response: Extract<ToWebview, { type: 'response' }>): void {
    const pending = this.pending.get(response.id);
    if (!pending) {
      console.warn(`Glass Box: a response for unknown request ${response.id} was dropped`);
      return;
    }
    this.pending.delete(response.id);
    if (response.error !== undefined) pending.reject(new RequestError(response.error, pending.query));
    else if (response.result === undefined) pending.reject(new RequestError('The host answered without a result.', pending.query));
    else pending.resolve(response.result);
  }
}

function summarize(data: unknown): string {
  try {
    return JSON.stringify(data).slice(0, 200);
  } catch {
    return String(data);
  }
}
