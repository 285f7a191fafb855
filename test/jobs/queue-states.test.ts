/**
 * What the queue's states mean to its operator signals: the admission bound counts every
 * unfinished job (waiting, active, and delayed between retries: in a failure storm every job sits
 * in delayed, and a bound on waiting alone would never trip), never a finished one (dead-lettered);
 * /jobs/metrics says `stuck` only when jobs wait and no worker is busy, not whenever a job waits
 * behind a busy worker; and /metrics shows each state as /jobs/metrics does.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { listeningApp } from '../helpers/app.js'
import { get, postJson } from '../helpers/http.js'
import { OrdersLock } from '../helpers/orders-lock.js'
import { waitFor } from '../helpers/wait.js'

const BOUND = 2
interface QueueMetrics {
  waiting: number
  active: number
  delayed: number
  failed: number
  deadLettered: number
  backlog: number
  stuck: boolean
}

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
    const metrics = async () => (await get(`${url}/jobs/metrics`)).body as QueueMetrics
    return { app, url, metrics, signals: () => signals(url) }
  }

  /**
   * /jobs/metrics, and /metrics' blindspots_report_queue_jobs checked against it state by state.
   * Read only where the states are held still (a job moving between the two reads would differ).
   */
  async function signals(url: string): Promise<QueueMetrics> {
    const json = (await get(`${url}/jobs/metrics`)).body as QueueMetrics
    const text = await (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(10_000) })).text()
    const scraped = (state: string) =>
      Number(new RegExp(`^blindspots_report_queue_jobs\\{state="${state}"\\} (\\S+)$`, 'm').exec(text)?.[1])
    const { waiting, active, delayed, failed, deadLettered, backlog } = json
    expect({ waiting, active, delayed, failed, deadLettered, backlog }).toEqual({
      waiting: scraped('waiting'),
      active: scraped('active'),
      delayed: scraped('delayed'),
      failed: scraped('failed'),
      deadLettered: scraped('dead_lettered'),
      backlog: scraped('backlog'),
    })
    return json
  }

  it('jobs running count against the bound; one waiting behind a busy worker is not stuck', async () => {
    const { url } = await appWithWorker({ concurrency: 1, maxBacklog: BOUND })
    await lock.take()
    expect((await postJson(`${url}/jobs/reports`, { rows: 10 })).status).toBe(202)
    await lock.untilWaiting(1)
    expect((await postJson(`${url}/jobs/reports`, { rows: 10 })).status).toBe(202)
    expect(await signals(url)).toMatchObject({ waiting: 1, active: 1, backlog: 2, stuck: false })
    // One running and one waiting make the bound of two: the next is refused.
    expect((await postJson(`${url}/jobs/reports`, { rows: 10 })).body).toMatchObject({ code: 'BS_QUEUE_FULL' })
  })

  it('jobs delayed between retries count against the bound (a failure storm)', async () => {
    const { url, metrics } = await appWithWorker({ concurrency: 2, attempts: 3, backoffMs: 600_000 })
    for (let i = 0; i < BOUND; i++)
      expect((await postJson(`${url}/jobs/reports`, { rows: 10, simulateFailures: 1 })).status).toBe(202)
    await waitFor('both jobs failed once and wait for their retry', async () => (await metrics()).delayed === BOUND)
    expect(await signals(url)).toMatchObject({ waiting: 0, active: 0, delayed: BOUND, backlog: BOUND, stuck: false })
    expect((await postJson(`${url}/jobs/reports`, { rows: 10 })).body).toMatchObject({ code: 'BS_QUEUE_FULL' })
  })

  it('jobs that used every attempt are finished: dead-lettered, out of the backlog, and new ones are taken', async () => {
    const { url, metrics } = await appWithWorker({ concurrency: 2, attempts: 1 })
    for (let i = 0; i < BOUND; i++)
      expect((await postJson(`${url}/jobs/reports`, { rows: 10, simulateFailures: 1 })).status).toBe(202)
    await waitFor('both jobs dead-lettered', async () => (await metrics()).deadLettered === BOUND)
    expect(await signals(url)).toMatchObject({ waiting: 0, active: 0, delayed: 0, failed: 0, backlog: 0, stuck: false })
    expect((await postJson(`${url}/jobs/reports`, { rows: 10 })).status).toBe(202)
  })

  it('jobs waiting with no worker at all: stuck, in the backlog, and the bound refuses the next', async () => {
    const { url } = await appWithWorker({ worker: 'separate' })
    for (let i = 0; i < BOUND; i++) expect((await postJson(`${url}/jobs/reports`, { rows: 10 })).status).toBe(202)
    expect(await signals(url)).toMatchObject({ waiting: BOUND, active: 0, delayed: 0, backlog: BOUND, stuck: true })
    expect((await postJson(`${url}/jobs/reports`, { rows: 10 })).body).toMatchObject({ code: 'BS_QUEUE_FULL' })
  })
})
