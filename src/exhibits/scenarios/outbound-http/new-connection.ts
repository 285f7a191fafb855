/**
 * HALF A FIX: the call is async, so the event loop stays free, but a new client is built for every
 * request (as with `new Client()` / `axios.create()` inside the handler): each call pays a TCP
 * handshake and a socket's set-up and teardown, and nothing caps how many sockets are open at once.
 * Bench: event-loop delay stays low, but req/s trails the pooled variant and latency spreads.
 */
import { Client } from 'undici'
import { upstreamTimeouts } from '../../plugins/upstream-client.js'
import type { Variant } from '../../scenario-kit/scenario.js'
import { getDelay } from '../../upstream/calls.js'
import type { outboundHttpSchema } from './contract.js'

export const newConnection: Variant<typeof outboundHttpSchema> = {
  role: 'naive',
  summary: 'async, but a new client and TCP connection for every request',
  createHandler: (app) => {
    const { url, timeoutMs } = app.config.upstream
    return async (request) => {
      // eslint-disable-next-line blindspots/no-client-per-request -- the blind spot
      const client = new Client(url, upstreamTimeouts(timeoutMs))
      try {
        return await getDelay(client, request.query.delayMs, timeoutMs)
      } finally {
        await client.close()
      }
    }
  },
}
