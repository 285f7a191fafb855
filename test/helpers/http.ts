/** A tiny client for tests: every body is read to the end, every call has a timeout. */
import { request } from 'undici'

export interface Timed {
  readonly status: number
  readonly body: unknown
  /** Milliseconds from the call to the last byte. */
  readonly ms: number
}

export async function get(url: string, timeoutMs = 20_000): Promise<Timed> {
  const start = performance.now()
  const { statusCode, body } = await request(url, { headersTimeout: timeoutMs, bodyTimeout: timeoutMs })
  const text = await body.text()
  return { status: statusCode, body: text ? (JSON.parse(text) as unknown) : null, ms: performance.now() - start }
}

export async function post(url: string): Promise<number> {
  const { statusCode, body } = await request(url, { method: 'POST', headersTimeout: 5_000, bodyTimeout: 5_000 })
  await body.dump()
  return statusCode
}

export interface EventLoopStats {
  readonly eventLoopDelayMs: { p50: number; p99: number; max: number }
}

/** Runs `work` between a reset and a read of the app's own event-loop histogram. */
export async function measureEventLoop<T>(baseUrl: string, work: () => Promise<T>): Promise<{ result: T; stats: EventLoopStats }> {
  await post(`${baseUrl}/_bench/reset`)
  const result = await work()
  const { body } = await get(`${baseUrl}/_bench/stats`)
  return { result, stats: body as EventLoopStats }
}
