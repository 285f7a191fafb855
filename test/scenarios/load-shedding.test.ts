/**
 * Load shedding: after the event loop has been saturated (here by a busy loop in this process,
 * which the in-process app shares), under-pressure answers 503 + Retry-After at once, and serves
 * again once the loop has been idle; the unprotected variant accepts every request regardless.
 * (Overload by real clients, with its latencies, is the bench's job: bench/workloads/password-hash.ts.)
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { useListeningApp } from '../helpers/app.js'
import { postJson } from '../helpers/http.js'

const password = { password: 'correct horse battery staple' }

/** Keeps the event loop busy for `ms`, then lets under-pressure's 200 ms sampler run once. */
async function saturateLoop(ms: number) {
  const end = performance.now() + ms
  while (performance.now() < end) {
    // busy
  }
  await sleep(0)
}

describe('load-shedding', () => {
  const server = useListeningApp()
  const hash = (variant: string) => postJson(`${server.url}/shedding/${variant}`, password)

  it('under-pressure: a saturated loop gets 503 + Retry-After at once; an idle one serves again', async () => {
    await sleep(1_000)
    expect((await hash('under-pressure')).status).toBe(200)
    await saturateLoop(600)
    const shed = await hash('under-pressure')
    expect(shed).toMatchObject({ status: 503, headers: { 'retry-after': '1' }, body: { code: 'BS_OVERLOADED' } })
    expect(shed.body).toMatchObject({ message: expect.stringMatching(/overloaded/) })
    await sleep(1_000)
    expect((await hash('under-pressure')).status).toBe(200)
  })

  it('unprotected: the same saturation, and the request is accepted anyway', async () => {
    await saturateLoop(600)
    expect((await hash('unprotected')).status).toBe(200)
  })
})
