/**
 * Load shedding: while the event loop is saturated (here by a busy loop in this process, which the
 * in-process app shares), under-pressure answers 503 + Retry-After at once, and serves again once
 * the loop has been idle; the unprotected variant accepts every request regardless.
 * Its sampler runs every 200 ms, so when the first saturated request is judged depends on this
 * machine's speed: the test keeps the loop saturated and asks again until the variant sheds (or a
 * bound of several seconds passes), instead of guessing one sleep that fits every machine.
 * (Overload by real clients, with its latencies, is the bench's job: workload.ts.)
 */
import { describe, expect, it } from 'vitest'
import { useListeningApp } from '../../../../test/helpers/app.js'
import { busyLoop } from '../../../../test/helpers/busy-loop.js'
import { postJson } from '../../../../test/helpers/http.js'
import { waitFor } from '../../../../test/helpers/wait.js'

const password = { password: 'correct horse battery staple' }
/** Longer than the sampler's 200 ms interval, so a sample after it sees a loop busy throughout. */
const BUSY_MS = 300

describe('load-shedding', () => {
  const server = useListeningApp()
  const hash = (variant: string) => postJson(`${server.url}/shedding/${variant}`, password)

  it('both variants answer the same: a salted scrypt hash for a good body, the same 400 for a bad one', async () => {
    // An idle server serves (under-pressure sheds while start-up still loads the loop: wait it out).
    for (const v of ['unprotected', 'under-pressure']) {
      const reply = await waitFor(
        `${v} serves`,
        async () => {
          const r = await postJson(`${server.url}/shedding/${v}`, password)
          return r.status === 200 ? r : undefined
        },
        { intervalMs: 200 },
      )
      expect(reply.body).toMatchObject({ hash: expect.stringMatching(/^scrypt\$8192\$8\$1\$/) })
    }
    for (const bad of [{ password: 'short' }, {}, { password: 42 }]) {
      // Shedding comes before validation: a sample that caught the hashes above may still say 503.
      const rejected = await waitFor(
        'both variants judge the body',
        async () => {
          const replies = await Promise.all(
            ['unprotected', 'under-pressure'].map((v) => postJson(`${server.url}/shedding/${v}`, bad)),
          )
          return replies[1]!.status === 503 ? undefined : replies
        },
        { intervalMs: 200 },
      )
      expect(rejected.map((r) => r.status)).toEqual(['unprotected', 'under-pressure'].map(() => 400))
      expect(rejected[1]!.body).toEqual(rejected[0]!.body)
    }
  })

  it('under-pressure: a saturated loop gets 503 + Retry-After at once; an idle one serves again', async () => {
    await waitFor('under-pressure serves while idle', async () => (await hash('under-pressure')).status === 200, {
      intervalMs: 200,
    })
    const shed = await waitFor(
      'under-pressure sheds while the loop is saturated',
      async () => {
        busyLoop(BUSY_MS)
        const reply = await hash('under-pressure')
        return reply.status === 503 ? reply : undefined
      },
      { timeoutMs: 15_000, intervalMs: 0 },
    )
    expect(shed).toMatchObject({ status: 503, headers: { 'retry-after': '1' }, body: { code: 'BS_OVERLOADED' } })
    expect(shed.body).toMatchObject({ message: expect.stringMatching(/overloaded/) })
    await waitFor('under-pressure serves again once idle', async () => (await hash('under-pressure')).status === 200, {
      intervalMs: 200,
    })
  })

  it('unprotected: the same saturation, and every request is accepted anyway', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 5; i++) {
      busyLoop(BUSY_MS)
      statuses.push((await hash('unprotected')).status)
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200])
  })
})
