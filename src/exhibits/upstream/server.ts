/**
 * The slow upstream: a plain `node:http` server that answers after a delay, like httpbin's
 * `/delay`. It runs in its own process (see main.ts) so that its timers never share an event loop
 * with the API being measured.
 *
 *   GET /delay        → waits the default delay, answers {"delayMs": n}
 *   GET /delay/:ms    → waits ms (0 to 60000)
 *   GET /status/:code → answers that status at once, to test error paths
 */
import { createServer, type Server, type ServerResponse } from 'node:http'

export const MAX_DELAY_MS = 60_000

export interface UpstreamOptions {
  /** Delay used by `/delay` when the path names none. */
  readonly defaultDelayMs: number
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

export function createUpstreamServer({ defaultDelayMs }: UpstreamOptions): Server {
  const pending = new Set<NodeJS.Timeout>()
  const server = createServer((req, res) => {
    const [, route, arg] = (req.url ?? '/').split('?', 1)[0]!.split('/')
    if (req.method !== 'GET') return send(res, 405, { error: 'only GET' })

    if (route === 'delay') {
      const delayMs = arg === undefined || arg === '' ? defaultDelayMs : Number(arg)
      if (!Number.isInteger(delayMs) || delayMs < 0 || delayMs > MAX_DELAY_MS) {
        return send(res, 400, { error: `delay must be an integer from 0 to ${MAX_DELAY_MS}` })
      }
      const timer = setTimeout(() => {
        pending.delete(timer)
        send(res, 200, { delayMs })
      }, delayMs)
      pending.add(timer)
      // A client that gives up frees its timer at once.
      res.on('close', () => {
        clearTimeout(timer)
        pending.delete(timer)
      })
      return
    }
    if (route === 'status') {
      const status = Number(arg)
      if (!Number.isInteger(status) || status < 200 || status > 599) return send(res, 400, { error: 'bad status' })
      return send(res, status, { status })
    }
    send(res, 404, { error: 'not found' })
  })
  // Keep sockets alive longer than any client's idle timeout so the client, not us, closes them.
  server.keepAliveTimeout = 65_000
  server.on('close', () => {
    for (const timer of pending) clearTimeout(timer)
  })
  return server
}
