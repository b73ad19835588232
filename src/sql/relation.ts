/**
 * A relation the named queries read from: a file scan in DuckDB (`read_parquet($1)`), a table
 * of a remote database later. Its SQL may use parameters $1..$n, bound to `params`; the queries
 * that build on it number their own parameters after those (`next`).
 */
import type { SqlValue } from './connection';

export interface Relation {
  sql: string;
  params: SqlValue[];
}

/** The placeholder for the query's k-th own parameter (0-based) after the relation's. */
export function param(relation: Relation, k: number): string {
  return `$${relation.params.length + k + 1}`;
}
