/**
 * The HTTP client for the slow upstream: one undici Pool for the life of the app, created once,
 * with keep-alive, a cap on sockets (undici's default is unlimited), headers/body timeouts and a
 * deadline on each whole call, so no upstream call can hang a request. Decorated as `app.upstream`.
 */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { Gauge } from 'prom-client'
import { Pool, type Dispatcher } from 'undici'
import { UpstreamTimeoutError, UpstreamUnavailableError } from '../../errors.js'
import { within } from '../../infra/within.js'

declare module 'fastify' {
  interface FastifyInstance {
    upstream: Pool
  }
}

export interface UpstreamClientOptions {
  readonly url: string
  readonly timeoutMs: number
  readonly connections: number
}

/** The timeouts every upstream client uses, pooled or not, so variants differ only in what they teach. */
export function upstreamTimeouts(timeoutMs: number) {
  return { connectTimeout: timeoutMs, headersTimeout: timeoutMs, bodyTimeout: timeoutMs }
}

/**
 * A deadline on the whole call. headersTimeout and bodyTimeout are idle timeouts: an upstream that
 * sends a byte now and then (a trickle) never trips them. Not an AbortSignal: undici 7 re-queues an
 * aborted request, opens a new connection for it and leaves that socket idle for ever
 * (https://github.com/nodejs/undici/issues/5845). So the caller stops waiting at the deadline (a
 * native timer: undici's own are up to half a second late), and the request itself is ended by
 * undici's headersTimeout, set to the same deadline, which closes its socket and opens none.
 * Destroying a body at the deadline still meets the bug: in a pool, that socket is a free one the
 * next call reuses, within the cap.
 */
export class UpstreamDeadline {
  readonly #endsAt: number
  constructor(readonly timeoutMs: number) {
    this.#endsAt = performance.now() + timeoutMs
  }

  async request(
    dispatcher: Dispatcher,
    options: Omit<Dispatcher.RequestOptions, 'signal'>,
  ): Promise<Dispatcher.ResponseData> {
    const pending = dispatcher.request({ ...options, headersTimeout: this.timeoutMs })
    try {
      return await this.#within(pending)
    } catch (err) {
      // Given up on: headers that come after all the same are read and dropped.
      pending.then(
        ({ body }) => body.dump(),
        () => {},
      )
      throw err
    }
  }

  /** The body's text, or a TimeoutError once the deadline passes. */
  async text(body: Dispatcher.ResponseData['body']): Promise<string> {
    const reading = body.text()
    try {
      return await this.#within(reading)
    } catch (err) {
      body.destroy()
      reading.catch(() => {})
      throw err
    }
  }

  #within<T>(work: Promise<T>): Promise<T> {
    return within(work, Math.max(0, this.#endsAt - performance.now()), () =>
      Object.assign(new Error(`no answer within ${this.timeoutMs} ms`), { name: 'TimeoutError' }),
    )
  }
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT'])

/**
 * Turns undici's failures into the catalogue's 504 (timeout) or 502 (anything else). Matches on
 * `code`, not the class, so errors that crossed a thread boundary map the same way.
 */
export function toUpstreamError(err: unknown, path: string, timeoutMs: number): Error {
  const code = err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : ''
  const deadline = err instanceof Error && err.name === 'TimeoutError'
  if (deadline || TIMEOUT_CODES.has(code)) return new UpstreamTimeoutError(path, timeoutMs)
  if (code.startsWith('BS_')) return err as Error
  return new UpstreamUnavailableError(path, err instanceof Error ? err.message : String(err))
}

async function upstreamClientPlugin(app: FastifyInstance, { url, timeoutMs, connections }: UpstreamClientOptions) {
  const pool = new Pool(url, {
    connections,
    ...upstreamTimeouts(timeoutMs),
    // Shorter than the upstream's own keep-alive, so we never write to a socket it is closing.
    keepAliveTimeout: 10_000,
  })
  app.decorate('upstream', pool)
  app.addHook('onClose', () => pool.close())
  // On /metrics: requests queued for a socket while every socket is busy is the pool exhausted
  // (Little's law: connections ÷ upstream latency is its ceiling).
  if (!app.hasDecorator('metrics')) return
  new Gauge({
    name: 'blindspots_upstream_pool',
    help: 'The upstream pool: sockets (size, connected, free) and requests (running on a socket, pending for one, queued in all).',
    labelNames: ['stat'] as const,
    registers: [app.metrics],
    collect() {
      const stats = pool.stats
      for (const stat of ['size', 'connected', 'free', 'running', 'pending', 'queued'] as const)
        this.set({ stat }, stats[stat])
    },
  })
}

export default fp(upstreamClientPlugin, { name: 'upstream-client', fastify: '5.x' })
