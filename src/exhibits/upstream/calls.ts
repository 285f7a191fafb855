/**
 * Calls to the slow upstream (server.ts) that the app's routes make through any undici
 * dispatcher: `/delay[/ms]` answers `{ delayMs }` after that long. The body is always read to the
 * end (undici keeps the socket busy until it is), every call has a deadline on the whole call
 * (plugins/upstream-client.ts), and every failure becomes a catalogue error (504 or 502).
 */
import type { Dispatcher } from 'undici'
import { UpstreamBadBodyError, UpstreamBadStatusError } from '../../errors.js'
import { UpstreamDeadline, toUpstreamError } from '../plugins/upstream-client.js'

/** The longest delay a route may ask the upstream for. */
export const MAX_DELAY_MS = 10_000

/** What a call to `/delay` tells: how long the upstream waited. */
export interface DelayReply {
  readonly upstreamDelayMs: number
}

export function delayPath(delayMs: number | undefined): string {
  return delayMs === undefined ? '/delay' : `/delay/${delayMs}`
}

/** Checks the upstream's answer and shapes ours; the body has already been read in full. */
export function toDelayReply(path: string, statusCode: number, text: string): DelayReply {
  if (statusCode !== 200) throw new UpstreamBadStatusError(path, statusCode)
  try {
    const { delayMs } = JSON.parse(text) as { delayMs: number }
    return { upstreamDelayMs: delayMs }
  } catch {
    throw new UpstreamBadBodyError(path)
  }
}

/** One GET of `/delay/…`; `undefined` asks for the upstream's default delay. */
export function getDelay(dispatcher: Dispatcher, delayMs: number | undefined, timeoutMs: number): Promise<DelayReply> {
  return getUpstream(dispatcher, delayPath(delayMs), timeoutMs)
}

/** The same for any upstream path, `/status/503` included. */
export async function getUpstream(dispatcher: Dispatcher, path: string, timeoutMs: number): Promise<DelayReply> {
  const deadline = new UpstreamDeadline(timeoutMs)
  try {
    const { statusCode, body } = await deadline.request(dispatcher, { method: 'GET', path })
    return toDelayReply(path, statusCode, await deadline.text(body))
  } catch (err) {
    throw toUpstreamError(err, path, timeoutMs)
  }
}
