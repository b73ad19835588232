/**
 * The webview's side of the wire protocol (src/protocol.ts): posting messages, typed
 * requests answered by promises, and a check of every incoming message's shape before any
 * handler sees it. Anything malformed is dropped and logged, never half-handled.
 */
import type { FromWebview, Query, QueryKind, QueryResult, ToWebview, UserError, ViewState } from '../src/protocol';
import { PendingRequests } from '../src/rpc/pendingRequests';

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

/** A request the host answered with an error: the message is shown inline; `userError` keeps its file, row and column. */
export class RequestError extends Error {
  constructor(
    readonly userError: UserError,
    readonly query: Query,
  ) {
    super(userError.message);
    this.name = 'RequestError';
  }
}

type HandlerMap = { [T in ToWebview['type']]?: (message: Extract<ToWebview, { type: T }>) => void };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === 'string';

/** An error as the host sends it: a message, and the file, row and column when known. */
function isUserError(value: unknown): value is UserError {
  return isObject(value) && isString(value.message) && (value.file === undefined || isString(value.file)) && (value.row === undefined || Number.isInteger(value.row)) && (value.column === undefined || isString(value.column));
}

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
      return Number.isInteger(value.id) && (value.error === undefined || isUserError(value.error));
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
  private readonly pending = new PendingRequests<Query>();
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
    return this.pending.start<QueryResult<K>>(query, (id) => this.post({ type: 'request', id, query }));
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
    const query = this.pending.context(response.id);
    if (!query) {
      console.warn(`Glass Box: a response for unknown request ${response.id} was dropped`);
      return;
    }
    if (response.error !== undefined) this.pending.reject(response.id, new RequestError(response.error, query));
    else if (response.result === undefined) this.pending.reject(response.id, new RequestError({ message: 'The host answered without a result.' }, query));
    else this.pending.resolve(response.id, response.result);
  }
}

function summarize(data: unknown): string {
  try {
    return JSON.stringify(data).slice(0, 200);
  } catch {
    return String(data);
  }
}
