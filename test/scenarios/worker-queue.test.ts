/**
 * Overload of a worker pool: the unbounded queue accepts everything, so latency grows with the
 * backlog, and the work of clients that gave up still runs ahead of new clients; the bounded
 * queue refuses the surplus at once with 503 + Retry-After and keeps latency near the unloaded one.
 */
import { availableParallelism } from 'node:os'
import { describe, expect, it } from 'vitest'
import { useListeningApp } from '../helpers/app.js'
import { postJson } from '../helpers/http.js'

const password = { password: 'correct horse battery staple' }
/** Five times what the bounded pool holds (a thread per core, two waiting per thread). */
const OVERLOAD = 15 * availableParallelism()

describe('worker-queue', () => {
  const server = useListeningApp()
  const hash = (variant: string, timeoutMs?: number) => postJson(`${server.url}/hash-queue/${variant}`, password, timeoutMs)

  /** The p99 (the slowest of 10) of one request at a time. */
  async function unloadedP99(variant: string): Promise<number> {
    const ms: number[] = []
    for (let i = 0; i < 10; i++) ms.push((await hash(variant)).ms)
    return Math.max(...ms)
  }

  it('bounded: under overload the surplus gets 503 + Retry-After at once; p99 stays near unloaded', async () => {
    const unloaded = await unloadedP99('bounded-queue')
    const replies = await Promise.all(Array.from({ length: OVERLOAD }, () => hash('bounded-queue')))
    const refused = replies.filter((r) => r.status === 503)
    expect(replies.every((r) => r.status === 200 || r.status === 503)).toBe(true)
    expect(refused.length).toBeGreaterThan(OVERLOAD / 2)
    expect(refused[0]).toMatchObject({ headers: { 'retry-after': '1' }, body: { code: 'BS_WORKER_QUEUE_FULL' } })
    const slowest = Math.max(...replies.map((r) => r.ms))
    expect(slowest).toBeLessThan(10 * unloaded)
  })

  it('unbounded: every request is accepted and the slowest waits for the whole backlog', async () => {
    const unloaded = await unloadedP99('unbounded-queue')
    const replies = await Promise.all(Array.from({ length: OVERLOAD }, () => hash('unbounded-queue')))
    expect(replies.every((r) => r.status === 200)).toBe(true)
    // OVERLOAD hashes on availableParallelism() threads: the last waits ~15 hash times.
    expect(Math.max(...replies.map((r) => r.ms))).toBeGreaterThan(5 * unloaded)
  })

  it('clients that give up: unbounded still runs their work ahead of a new client; bounded drops it', async () => {
    for (const variant of ['unbounded-queue', 'bounded-queue'] as const) {
      const unloaded = await unloadedP99(variant)
      // OVERLOAD clients that give up after 50 ms.
      await Promise.allSettled(Array.from({ length: OVERLOAD }, () => hash(variant, 50)))
      const next = await hash(variant)
      expect(next.status).toBe(200)
      if (variant === 'unbounded-queue') expect(next.ms).toBeGreaterThan(5 * unloaded)
      else expect(next.ms).toBeLessThan(3 * unloaded)
    }
  }, 30_000)
})
