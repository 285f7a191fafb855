/**
 * What the queue's states mean to its operator signals: the admission bound counts every
 * unfinished job (waiting, active, and delayed between retries: in a failure storm every job sits
 * in delayed, and a bound on waiting alone would never trip), and /jobs/metrics says `stuck` only
 * when jobs wait and no worker is busy, not whenever a job waits behind a busy worker.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { listeningApp } from '../helpers/app.js'
import { get, postJson } from '../helpers/http.js'
import { OrdersLock } from '../helpers/orders-lock.js'
import { waitFor } from '../helpers/wait.js'

const BOUND = 2

describe('the queue states against its bound and its stuck signal', () => {
  const lock = new OrdersLock()
  const opened: Array<{ close(): Promise<unknown> }> = []
  afterEach(async () => {
    await lock.release()
    for (const app of opened.splice(0)) await app.close()
  })
  afterAll(() => lock.close())

  async function appWithWorker(reports: Record<string, unknown>) {
    const { app, url } = await listeningApp({
      reports: {
        worker: 'in-process',
        queuePrefix: `test-${randomUUID()}`,
        maxBacklog: BOUND,
        shutdownGraceMs: 200,
        ...reports,
      },
    })
    opened.push(app)
    const metrics = async () =>
      (await get(`${url}/jobs/metrics`)).body as { waiting: number; active: number; delayed: number; stuck: boolean }
    return { app, url, metrics }
  }

  it('jobs running count against the bound; one waiting behind a busy worker is not stuck', async () => {
    const { url, metrics } = await appWithWorker({ concurrency: 1, maxBacklog: BOUND })
    await lock.take()
    expect((await postJson(`${url}/jobs/reports`, { rows: 10 })).status).toBe(202)
    await lock.untilWaiting(1)
    expect((await postJson(`${url}/jobs/reports`, { rows: 10 })).status).toBe(202)
    expect(await metrics()).toMatchObject({ waiting: 1, active: 1, stuck: false })
    // One running and one waiting make the bound of two: the next is refused.
    expect((await postJson(`${url}/jobs/reports`, { rows: 10 })).body).toMatchObject({ code: 'BS_QUEUE_FULL' })
  })

  it('jobs delayed between retries count against the bound (a failure storm)', async () => {
    const { url, metrics } = await appWithWorker({ concurrency: 2, attempts: 3, backoffMs: 600_000 })
    for (let i = 0; i < BOUND; i++)
      expect((await postJson(`${url}/jobs/reports`, { rows: 10, simulateFailures: 1 })).status).toBe(202)
    await waitFor('both jobs failed once and wait for their retry', async () => (await metrics()).delayed === BOUND)
    expect(await metrics()).toMatchObject({ waiting: 0, active: 0, delayed: BOUND, stuck: false })
    expect((await postJson(`${url}/jobs/reports`, { rows: 10 })).body).toMatchObject({ code: 'BS_QUEUE_FULL' })
  })
})
