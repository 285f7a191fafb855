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

/**
 * POSTs `body` as JSON; the reply's status, parsed body, headers and latency. The client gives up
 * after `timeoutMs` (an abort signal: undici's own timeouts are coarse below a second).
 */
export async function postJson(
  url: string,
  body: unknown,
  timeoutMs = 20_000,
): Promise<Timed & { headers: Record<string, unknown> }> {
  const start = performance.now()
  const reply = await request(url, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
    signal: AbortSignal.timeout(timeoutMs),
  })
  const text = await reply.body.text()
  return {
    status: reply.statusCode,
    body: text ? (JSON.parse(text) as unknown) : null,
    headers: reply.headers,
    ms: performance.now() - start,
  }
}

export async function post(url: string): Promise<number> {
  const { statusCode, body } = await request(url, { method: 'POST', headersTimeout: 5_000, bodyTimeout: 5_000 })
  await body.dump()
  return statusCode
}
