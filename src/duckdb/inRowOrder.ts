/**
 * Copies into a scratch Parquet file that keep the order of their source's rows: the copy's
 * row numbers are the rows every later message names, and the first of a repeated cell is
 * the one every reader keeps.
 */
import { numbers, type SqlConnection } from '../sql/connection';
import { setThreadsQuery, threadsQuery } from '../sql/csvQueries';

/**
 * Runs `copy` with one database thread, restoring the count after: the copy's row numbers
 * are its source's rows only when the source is scanned in order, which a parallel scan
 * into COPY does not keep (DuckDB 1.5, a CSV file: a few of a million rows' blocks swapped).
 */
export async function inRowOrder<T>(db: SqlConnection, copy: () => Promise<T>): Promise<T> {
  // One copy at a time per database: the thread count is the database's, and a second copy
  // would read one the first had set, or restore it while the first still runs.
  const before = copies.get(db) ?? Promise.resolve();
  const done = before.then(async () => {
    const threads = numbers(await db.query(threadsQuery().sql), 'threads')[0];
    await db.run(setThreadsQuery(1).sql);
    try {
      return await copy();
    } finally {
      await db.run(setThreadsQuery(threads).sql);
    }
  });
  copies.set(
    db,
    done.then(
      () => undefined,
      () => undefined,
    ),
  );
  return done;
}

/** Each database's last copy in one thread (inRowOrder queues the next behind it). */
const copies = new WeakMap<SqlConnection, Promise<void>>();
