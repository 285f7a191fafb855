/**
 * CPU work: the three variants hash alike; scryptSync on the loop makes an unrelated /health wait
 * for the queue of hashes, the threadpool and the worker pool leave the loop free.
 */
import { availableParallelism } from 'node:os'
import { describe, expect, it } from 'vitest'
import { useListeningApp } from '../helpers/app.js'
import { burst, postJson } from '../helpers/http.js'

/** As many as the worker pool holds (a thread per core, two waiting per thread): none is refused. */
const CONCURRENT = 3 * availableParallelism()
const password = { password: 'correct horse battery staple' }

describe('password-hash', () => {
  const server = useListeningApp()
  const hashAt = (url: string) => postJson(url, password)

  /** One hash's latency, alone (median of 3), so the claims scale with this machine. */
  async function oneHashMs(variant: string): Promise<number> {
    const ms: number[] = []
    for (let i = 0; i < 3; i++) ms.push((await postJson(`${server.url}/password-hash/${variant}`, password)).ms)
    return ms.sort((a, b) => a - b)[1]!
  }

  it('every variant answers a salted scrypt hash; a bad body is a 400', async () => {
    for (const variant of ['blocking', 'threadpool', 'worker-pool']) {
      const [a, b] = await Promise.all([1, 2].map(() => postJson(`${server.url}/password-hash/${variant}`, password)))
      expect(a).toMatchObject({ status: 200, body: { hash: expect.stringMatching(/^scrypt\$8192\$8\$1\$[\w+/=]+\$[\w+/=]{44}$/) } })
      expect(a!.body).not.toEqual(b!.body) // a fresh salt each time
      const rejected = await postJson(`${server.url}/password-hash/${variant}`, { password: 'short' })
      expect(rejected).toMatchObject({ status: 400, body: { message: expect.stringContaining('password') } })
    }
  })

  it('blocking: an unrelated /health waits behind the queue of hashes', async () => {
    const hashMs = await oneHashMs('blocking')
    const b = await burst(server.url, '/password-hash/blocking', CONCURRENT, 5, hashAt)
    expect(b.statuses.every((s) => s === 200)).toBe(true)
    expect(b.healthMs).toBeGreaterThan(hashMs)
    expect(b.stats.eventLoopDelayMs.max).toBeGreaterThan(0.7 * hashMs)
  })

  for (const variant of ['threadpool', 'worker-pool']) {
    it(`${variant}: /health answers at once while the hashes run`, async () => {
      const hashMs = await oneHashMs(variant)
      const b = await burst(server.url, `/password-hash/${variant}`, CONCURRENT, 5, hashAt)
      expect(b.statuses.every((s) => s === 200)).toBe(true)
      // Not waiting for the queue of hashes (blocking waits for most of it). Only for CPU time:
      // on 2 cores, 4 threadpool threads hashing leave the loop's thread a share of the cores.
      expect(b.healthMs).toBeLessThan(0.5 * CONCURRENT * hashMs)
      expect(b.stats.eventLoopDelayMs.max).toBeLessThan(hashMs)
    })
  }
})
