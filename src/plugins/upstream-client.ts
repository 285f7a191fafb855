/**
 * The HTTP client for the slow upstream: one undici Pool for the life of the app, created once,
 * with keep-alive, a cap on sockets (undici's default is unlimited), headers/body timeouts and a
 * deadline on each whole call, so no upstream call can hang a request. Decorated as `app.upstream`.
 */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { Gauge } from 'prom-client'
import { Pool } from 'undici'
import { UpstreamTimeoutError, UpstreamUnavailableError } from '../errors.js'

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
 * sends a byte now and then (a trickle) never trips them and holds the request for as long as it
 * likes. Pass this as the request's `signal`; its abort maps to the same 504.
 */
export function upstreamDeadline(timeoutMs: number): AbortSignal {
  return AbortSignal.timeout(timeoutMs)
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
      for (const stat of ['size', 'connected', 'free', 'running', 'pending', 'queued'] as const) this.set({ stat }, stats[stat])
    },
  })
}

export default fp(upstreamClientPlugin, { name: 'upstream-client', fastify: '5.x' })
