/**
 * Load shedding: while the event loop is saturated (here by a busy loop in this process, which the
 * in-process app shares), under-pressure answers 503 + Retry-After at once, and serves again once
 * the loop has been idle; the unprotected variant accepts every request regardless.
 * Its sampler runs every 200 ms, so when the first saturated request is judged depends on this
 * machine's speed: the test keeps the loop saturated and asks again until the variant sheds (or a
 * bound of several seconds passes), instead of guessing one sleep that fits every machine.
 * (Overload by real clients, with its latencies, is the bench's job: bench/workloads/password-hash.ts.)
 */
import { describe, expect, it } from 'vitest'
import { useListeningApp } from '../helpers/app.js'
import { postJson } from '../helpers/http.js'
import { waitFor } from '../helpers/wait.js'

const password = { password: 'correct horse battery staple' }
/** Longer than the sampler's 200 ms interval, so a sample after it sees a loop busy throughout. */
const BUSY_MS = 300

function busyLoop(ms: number) {
  const end = performance.now() + ms
  while (performance.now() < end) {
    // busy
  }
}

describe('load-shedding', () => {
  const server = useListeningApp()
  const hash = (variant: string) => postJson(`${server.url}/shedding/${variant}`, password)

  it('under-pressure: a saturated loop gets 503 + Retry-After at once; an idle one serves again', async () => {
    await waitFor('under-pressure serves while idle', async () => (await hash('under-pressure')).status === 200, { intervalMs: 200 })
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
    await waitFor('under-pressure serves again once idle', async () => (await hash('under-pressure')).status === 200, { intervalMs: 200 })
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
