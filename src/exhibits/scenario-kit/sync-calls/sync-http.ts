/**
 * A synchronous HTTP client, the Node twin of `requests.get()` inside `async def` (sync-HTTP
 * packages work this way): each GET blocks the calling thread for the whole round trip (see
 * sync-call.ts for how). Same timeouts as every upstream client, and the same 504 at the end.
 */
import { UpstreamTimeoutError } from '../../../errors.js'
import { toUpstreamError, upstreamTimeouts } from '../../plugins/upstream-client.js'
import { SyncCallTimeoutError, createSyncCaller } from './sync-call.js'

export interface SyncHttp {
  /** Blocks until the whole body is back; failures map to the catalogue's 504 or 502. */
  get(path: string): { statusCode: number; text: string }
  close(): Promise<void>
}

export function openSyncHttp(url: string, timeoutMs: number): SyncHttp {
  const caller = createSyncCaller<string, { statusCode: number; text: string }>(
    new URL('./http-worker.mjs', import.meta.url),
    { url, timeouts: upstreamTimeouts(timeoutMs) },
    // The worker's own timeouts fire first; the extra second only guards against a dead worker.
    timeoutMs + 1_000,
  )
  return {
    get(path) {
      try {
        return caller.call(path)
      } catch (err) {
        throw err instanceof SyncCallTimeoutError
          ? new UpstreamTimeoutError(path, timeoutMs)
          : toUpstreamError(err, path, timeoutMs)
      }
    },
    close: () => caller.close(),
  }
}
