/**
 * Which driver errors mean "the database cannot serve right now" rather than "this query is
 * wrong": the error handler answers those with a 503 (retry later), not a 500 (a bug). Beside the
 * server that is gone, one that is too busy: a statement cancelled by its statement_timeout
 * (57014, seen when a dozen 100,000-row exports ran at once).
 * postgres.js raises Node's socket errors as they are, its own CONNECTION_* / CONNECT_TIMEOUT
 * codes, and Postgres's SQLSTATEs from the server; the ones below come from a server that stops,
 * restarts or is still starting (https://www.postgresql.org/docs/current/errcodes-appendix.html).
 */
import { DatabaseBusyError, DatabaseUnavailableError } from '../errors.js'

const UNAVAILABLE = new Set([
  // the socket
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  // postgres.js
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_DESTROYED',
  'CONNECTION_ENDED',
  // Postgres: admin_shutdown, crash_shutdown, cannot_connect_now (starting up or recovering),
  // and the connection_exception class
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
])

/** query_canceled: our statement_timeout, or an operator's pg_cancel_backend. */
const CANCELED = '57014'

/**
 * A 503 for a database that cannot be reached or did not answer in time, or undefined for any
 * other error. Looks through `cause`, since drizzle wraps the driver's error in a DrizzleQueryError.
 */
export function databaseUnavailable(err: unknown): Error | undefined {
  for (let e = err, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    const code = 'code' in e && typeof e.code === 'string' ? e.code : ''
    if (UNAVAILABLE.has(code)) return new DatabaseUnavailableError(code)
    if (code === CANCELED) return new DatabaseBusyError()
  }
  return undefined
}
