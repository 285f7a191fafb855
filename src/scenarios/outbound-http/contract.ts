/**
 * What every outbound-http variant must do, identically: call the slow upstream's `/delay`, and
 * answer `{ upstreamDelayMs }`. Only how the call is made differs between the variants.
 */
import type { Dispatcher } from 'undici'
import { z } from 'zod'
import { UpstreamBadBodyError, UpstreamBadStatusError, errorReplySchema } from '../../errors.js'
import { toUpstreamError, upstreamDeadline } from '../../plugins/upstream-client.js'

export const MAX_DELAY_MS = 10_000

export const outboundHttpSchema = {
  querystring: z.object({
    delayMs: z.coerce
      .number()
      .int()
      .min(0)
      .max(MAX_DELAY_MS)
      .optional()
      .describe("upstream delay for this call; the upstream's default when absent"),
  }),
  response: {
    200: z.object({ upstreamDelayMs: z.number().int() }),
    '4xx': errorReplySchema,
    '5xx': errorReplySchema,
  },
}

export type OutboundHttpReply = z.infer<(typeof outboundHttpSchema.response)[200]>

export function delayPath(delayMs: number | undefined): string {
  return delayMs === undefined ? '/delay' : `/delay/${delayMs}`
}

/** Checks the upstream's answer and shapes ours; the body has already been read in full. */
export function toReply(path: string, statusCode: number, text: string): OutboundHttpReply {
  if (statusCode !== 200) throw new UpstreamBadStatusError(path, statusCode)
  try {
    const { delayMs } = JSON.parse(text) as { delayMs: number }
    return { upstreamDelayMs: delayMs }
  } catch {
    throw new UpstreamBadBodyError(path)
  }
}

/**
 * One GET of `/delay/…` through any undici dispatcher. The body is always read to the end (undici
 * keeps the socket busy until it is), and every failure becomes a catalogue error (504 or 502).
 */
export function getDelay(dispatcher: Dispatcher, delayMs: number | undefined, timeoutMs: number): Promise<OutboundHttpReply> {
  return getUpstream(dispatcher, delayPath(delayMs), timeoutMs)
}

/** The same for any upstream path, `/status/503` included. */
export async function getUpstream(dispatcher: Dispatcher, path: string, timeoutMs: number): Promise<OutboundHttpReply> {
  try {
    const { statusCode, body } = await dispatcher.request({ method: 'GET', path, signal: upstreamDeadline(timeoutMs) })
    return toReply(path, statusCode, await body.text())
  } catch (err) {
    throw toUpstreamError(err, path, timeoutMs)
  }
}
