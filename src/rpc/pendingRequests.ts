/**
 * The requests one side of a message link has sent and not yet seen answered. Every link
 * of the extension numbers its requests and settles them here: the webview asking the host
 * (webview/host.ts), the host asking its loader worker (src/worker/client.ts) and the host
 * asking the pattern worker (src/code/patternRunner.ts). Pure: no Node or DOM import, so the
 * webview bundle shares it.
 */
interface Waiting<Context> {
  context: Context;
  resolve(value: unknown): void;
  reject(error: Error): void;
  onProgress?: (message: string) => void;
}

export class PendingRequests<Context = undefined> {
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting<Context>>();

  /**
   * Registers a request and sends it: `send` receives the request's id (to put in the
   * message) and may throw, which rejects the request. `context` travels with it (what was
   * asked, which worker it went to) for `settle` and `rejectWhere`.
   */
  start<T>(context: Context, send: (id: number) => void, onProgress?: (message: string) => void): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { context, resolve: resolve as (value: unknown) => void, reject, onProgress });
      try {
        send(id);
      } catch (error) {
        this.waiting.delete(id);
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  /** What request `id` asked, or undefined when it is not waiting (answered, or never sent). */
  context(id: number): Context | undefined {
    return this.waiting.get(id)?.context;
  }

  /** Passes a progress message to request `id`'s listener; the request keeps waiting. */
  progress(id: number, message: string): void {
    this.waiting.get(id)?.onProgress?.(message);
  }

  /** Answers request `id`; false when it was not waiting (a late or unknown answer). */
  resolve(id: number, value: unknown): boolean {
    const waiting = this.waiting.get(id);
    if (!waiting) return false;
    this.waiting.delete(id);
    waiting.resolve(value);
    return true;
  }

  /** Fails request `id`; false when it was not waiting. */
  reject(id: number, error: Error): boolean {
    const waiting = this.waiting.get(id);
    if (!waiting) return false;
    this.waiting.delete(id);
    waiting.reject(error);
    return true;
  }

  /** Fails every waiting request whose context matches (all of them without `where`): the other side is gone. */
  rejectWhere(error: Error | (() => Error), where: (context: Context) => boolean = () => true): void {
    for (const [id, waiting] of [...this.waiting]) {
      if (!where(waiting.context)) continue;
      this.waiting.delete(id);
      waiting.reject(typeof error === 'function' ? error() : error);
    }
  }

  /** Requests still waiting. */
  get size(): number {
    return this.waiting.size;
  }
}
