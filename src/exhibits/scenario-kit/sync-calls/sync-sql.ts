/**
 * A synchronous SQL driver, the Node twin of psycopg2 or a sync ORM session inside `async def`:
 * each call blocks the calling thread until Postgres answers (see sync-call.ts for how).
 */
import { createSyncCaller } from './sync-call.js'

/** A statement as text and parameters, and the names of its result columns, in order. */
export interface SqlStatement {
  readonly text: string
  readonly params: unknown[]
  readonly fields: readonly string[]
}

export interface SyncSql {
  /** Blocks until the rows are back. */
  query<Row>(statement: SqlStatement): Row[]
  close(): Promise<void>
}

export function openSyncSql(url: string, statementTimeoutMs: number): SyncSql {
  const caller = createSyncCaller<SqlStatement, unknown[]>(
    new URL('./sql-worker.mjs', import.meta.url),
    { url, statementTimeoutMs },
    // statement_timeout fires first; the extra second only guards against a dead worker.
    statementTimeoutMs + 1_000,
  )
  return { query: <Row>(statement: SqlStatement) => caller.call(statement) as Row[], close: () => caller.close() }
}
