/**
 * CPU work: the three variants hash alike; scryptSync on the loop makes an unrelated /health wait
 * for the queue of hashes, the threadpool and the worker pool leave the loop free.
 */
import { scryptSync } from 'node:crypto'
import { availableParallelism } from 'node:os'
import { describe, expect, it } from 'vitest'
import { hashTask, scryptOptions } from '../../hashing/password-hashing.js'
import { useListeningApp } from '../../../../test/helpers/app.js'
import { postJson } from '../../../../test/helpers/http.js'
import { burst } from '../../../../test/helpers/load.js'

/** Three hashes per core: enough to keep every thread busy and show the loop's share. */
const CONCURRENT = 3 * availableParallelism()
const password = { password: 'correct horse battery staple' }

describe('password-hash', () => {
  const server = useListeningApp()
  const hashAt = (url: string) => postJson(url, password)

  /**
   * The CPU cost of one hash, done here, so the claims scale with this machine: the fastest of 5,
   * a lower bound (a busy machine only makes a hash slower, so a median taken in a noisy moment
   * overstated it: 28 ms here once, against 18 ms per hash inside the blocking handler moments later).
   */
  function oneHashMs(): number {
    const ms: number[] = []
    for (let i = 0; i < 5; i++) {
      const task = hashTask(password.password)
      const start = performance.now()
      scryptSync(task.password, Buffer.from(task.salt, 'base64'), task.keyLength, scryptOptions(task))
      ms.push(performance.now() - start)
    }
    return Math.min(...ms)
  }

  it('every variant answers a salted scrypt hash; a bad body is a 400', async () => {
    for (const variant of ['blocking', 'threadpool', 'worker-pool']) {
      const [a, b] = await Promise.all([1, 2].map(() => postJson(`${server.url}/password-hash/${variant}`, password)))
      expect(a).toMatchObject({
        status: 200,
        body: { hash: expect.stringMatching(/^scrypt\$8192\$8\$1\$[\w+/=]+\$[\w+/=]{44}$/) },
      })
      expect(a!.body).not.toEqual(b!.body) // a fresh salt each time
      const rejected = await postJson(`${server.url}/password-hash/${variant}`, { password: 'short' })
      expect(rejected).toMatchObject({ status: 400, body: { message: expect.stringContaining('password') } })
    }
  })

  /** How long this thread's event loop is busy (not idle in epoll) while CONCURRENT hashes are answered. */
  async function loopBusyMs(variant: string): Promise<number> {
    const before = performance.eventLoopUtilization()
    const replies = await Promise.all(
      Array.from({ length: CONCURRENT }, () => hashAt(`${server.url}/password-hash/${variant}`)),
    )
    expect(
      replies.map((r) => r.status),
      variant,
    ).toEqual(replies.map(() => 200))
    return performance.eventLoopUtilization(before).active
  }

  // One test for the three, so each offloaded variant is compared with blocking measured moments
  // before on the same machine under the same load: ratios, not milliseconds. The measure is the
  // loop's busy time: CPU work on the loop counts, waiting for a thread does not, and the OS
  // holding the thread while it waits in epoll does not either (a loop-delay bound did: with four
  // threadpool threads on two cores, the OS held the main thread ~1 hash in one run of ten).
  it('blocking keeps the loop busy for every hash; threadpool and worker-pool leave it idle while they hash', async () => {
    const hashBefore = oneHashMs()
    const b = await burst(server.url, '/password-hash/blocking', CONCURRENT, 5, hashAt)
    const blocking = await loopBusyMs('blocking')
    // The hash's cost sampled on both sides of the measurement: a lower bound over the whole window
    // (sampled only before, a busy moment made it 33 ms against 22 ms per hash in the handler just
    // after, and the bound failed, 130 against 139 ms, in one run of ten).
    const hashMs = Math.min(hashBefore, oneHashMs())
    expect(b.stats.eventLoopDelayMs.max).toBeGreaterThan(0.7 * hashMs)
    expect(blocking).toBeGreaterThan(0.7 * CONCURRENT * hashMs)
    // Under half: what is left is the requests' own handling, and the OS running the hash threads
    // in its middle (six hashing threads on two cores stretch it: 45 ms against 142 once). The
    // mistake in a fix's place keeps the loop as busy as blocking: a ratio of about 1.
    for (const variant of ['threadpool', 'worker-pool'])
      expect(await loopBusyMs(variant), variant).toBeLessThan(0.5 * blocking)
  })
})
