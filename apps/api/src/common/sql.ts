/** Runs one statement inside the caller's transaction and returns its rows. */
export type TxQuery = <T>(sql: string, params: unknown[]) => Promise<T[]>;

/**
 * Rows of an UPDATE … RETURNING through TypeORM's `query`, which answers UPDATE and DELETE
 * with `[rows, affectedCount]` rather than the rows themselves.
 */
export function returnedRows<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[0] as T[];
  }
  return result as T[];
}

/** A TxQuery over a TypeORM EntityManager (or DataSource). */
export function txQuery(manager: { query(sql: string, params?: unknown[]): Promise<unknown> }): TxQuery {
  return async <T>(sql: string, params: unknown[]) => returnedRows<T>(await manager.query(sql, params));
}
