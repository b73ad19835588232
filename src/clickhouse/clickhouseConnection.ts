/**
 * A ClickHouse server behind the engine's SqlConnection, over HTTP with `@clickhouse/client`
 * (1.23 works with Debian's ClickHouse 18.16: queries, DDL and inserts). Values are bound as
 * literals (literals.ts: 18.16 has no server-side parameters); results come in ClickHouse's
 * Native format and are decoded into the engine's columns (native.ts: numbers as
 * Float64Array, text as strings).
 *
 * Every query carries a query_id; `interrupt()` aborts the HTTP requests in flight and asks the
 * server to KILL those queries, and each query has a timeout, both on the client (the request)
 * and on the server (max_execution_time). A failure to reach the server is a
 * ClickHouseError naming the source, never a hang.
 */
import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client';
import type { SqlConnection, SqlResult } from '../sql/connection';
import { bind, type ClickHouseValue, stringArrayLiteral } from './literals';
import { decodeNative } from './native';

export interface ClickHouseOptions {
  /** The server's HTTP(S) address, e.g. http://warehouse:8123. */
  url: string;
  /** The database the manifest names (queries qualify every table with it anyway). */
  database: string;
  user?: string;
  password?: string;
  /** Longest a query may run, in seconds (default 120): the server stops it, the client gives up a little later. */
  timeoutSeconds?: number;
}

/** A query that failed on or on the way to the server; `source` is the server's URL. */
export class ClickHouseError extends Error {
  constructor(
    readonly source: string,
    readonly reason: string,
    readonly unreachable: boolean,
  ) {
    super(unreachable ? `ClickHouse at ${source} cannot be reached: ${reason}` : `ClickHouse at ${source}: ${reason}`);
    this.name = 'ClickHouseError';
  }
}

/** The type under Nullable(...) and LowCardinality(...). */
export function baseType(type: string): string {
  let t = type.trim();
  for (;;) {
    const m = /^(Nullable|LowCardinality)\((.*)\)$/.exec(t);
    if (!m) return t;
    t = m[2].trim();
  }
}

/** The first line of a server error, without ClickHouse's stack-trace tail. */
function reasonOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split('\n').find((l) => l.trim() !== '')?.trim() ?? 'unknown error';
  const cleaned = line.replace(/, e\.what\(\) = .*$/, '').replace(/\s*\(version [^)]*\)\s*$/, '');
  return cleaned.length > 300 ? `${cleaned.slice(0, 297)}...` : cleaned;
}

function isUnreachable(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  if (code && /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|EPIPE|EAI_AGAIN)$/.test(code)) return true;
  return /socket hang up|ECONNREFUSED|ECONNRESET|Timeout error|timed out/i.test(error instanceof Error ? error.message : String(error));
}

let sequence = 0;

export class ClickHouseConnection implements SqlConnection {
  private readonly client: ClickHouseClient;
  private readonly running = new Map<string, AbortController>();
  private readonly timeoutSeconds: number;
  /** Bytes of result text received, for measuring what travels over the wire. */
  bytesReceived = 0;

  constructor(readonly options: ClickHouseOptions) {
    this.timeoutSeconds = options.timeoutSeconds ?? 120;
    this.client = createClient({
      url: options.url,
      username: options.user ?? 'default',
      password: options.password ?? '',
      request_timeout: (this.timeoutSeconds + 5) * 1000,
      application: 'glassbox',
      // Failures reach the user once, as a ClickHouseError naming the source; the client's
      // own log would print them again to stderr, with the query's settings.
      log: { level: ClickHouseLogLevel.OFF },
      // 18.16 refuses settings it does not know: send only what it has. Progress headers
      // keep a long query's connection alive through proxies.
      clickhouse_settings: { max_execution_time: this.timeoutSeconds, send_progress_in_http_headers: 1, http_headers_progress_interval_ms: '10000' },
    });
  }

  /** The server's URL without credentials, as messages name it. */
  get source(): string {
    return this.options.url;
  }

  async query(sql: string, params: readonly ClickHouseValue[] = []): Promise<SqlResult> {
    const text = bind(sql, params);
    const bytes = await this.send(async (queryId, signal) => {
      const result = await this.client.exec({ query: `${text}\nFORMAT Native`, query_id: queryId, abort_signal: signal });
      const chunks: Buffer[] = [];
      for await (const chunk of result.stream) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    });
    this.bytesReceived += bytes.length;
    return decodeNative(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }

  async run(sql: string, params: readonly ClickHouseValue[] = []): Promise<void> {
    const text = bind(sql, params);
    await this.send((queryId, signal) => this.client.command({ query: text, query_id: queryId, abort_signal: signal }));
  }

  /** Sends rows as a TabSeparated body to INSERT INTO `table` (the tests and the bench load runs this way). */
  async insertTsv(table: string, body: string): Promise<void> {
    await this.send((queryId, signal) =>
      this.client.command({ query: `INSERT INTO ${table} FORMAT TabSeparated\n${body}`, query_id: queryId, abort_signal: signal, clickhouse_settings: { insert_distributed_sync: 1 } }),
    );
  }

  /** Aborts every query in flight and asks the server to stop them (KILL QUERY ... ASYNC). */
  interrupt(): void {
    void this.cancel();
  }

  /**
   * As interrupt(), resolving once the server has taken the KILL QUERY (or could not be
   * asked: the server may be the thing that went away; the requests are aborted anyway).
   */
  async cancel(): Promise<void> {
    const ids = [...this.running.keys()];
    for (const controller of this.running.values()) controller.abort();
    this.running.clear();
    if (ids.length === 0) return;
    await this.client.command({ query: `KILL QUERY WHERE query_id IN ${stringArrayLiteral(ids).replace(/^\[/, '(').replace(/\]$/, ')')} ASYNC` }).then(
      () => undefined,
      () => undefined,
    );
  }

  close(): void {
    this.interrupt();
    void this.client.close();
  }

  private async send<T>(request: (queryId: string, signal: AbortSignal) => Promise<T>): Promise<T> {
    const queryId = `glassbox-${process.pid}-${Date.now().toString(36)}-${(sequence++).toString(36)}`;
    const controller = new AbortController();
    this.running.set(queryId, controller);
    try {
      return await request(queryId, controller.signal);
    } catch (error) {
      if (controller.signal.aborted) throw new ClickHouseError(this.source, 'the query was cancelled', false);
      throw new ClickHouseError(this.source, reasonOf(error), isUnreachable(error));
    } finally {
      this.running.delete(queryId);
    }
  }
}
