/**
 * The queue's admission bound (REPORT_MAX_BACKLOG): once that many reports are unfinished, a new
 * one is refused at once with 503 + Retry-After, not added to a backlog that only grows; a
 * retried request for a job that exists still gets its job; and the bound counts unfinished jobs,
 * not jobs ever made: once workers take the backlog down, requests are accepted again, and every
 * job accepted is completed, and counted by the workers' metrics. Requests that read the count at
 * the same moment do not each take the last place: a burst never passes the bound.
 */
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Client, request } from 'undici'
import { afterAll, describe, expect, inject, it, vi } from 'vitest'
import { startReportWorker } from '../../src/jobs/worker.js'
import { useListeningApp } from '../helpers/app.js'
import { get } from '../helpers/http.js'
import { waitFor } from '../helpers/wait.js'

const BOUND = 4
const filesDir = await mkdtemp(join(tmpdir(), 'blindspots-admission-'))
const reports = { worker: 'separate' as const, queuePrefix: `test-${randomUUID()}`, maxBacklog: BOUND, concurrency: 2 }

describe('report queue admission bound', () => {
  // No worker yet: whatever is accepted stays unfinished until the test starts one.
  const server = useListeningApp({ filesDir, reports })
  afterAll(() => rm(filesDir, { recursive: true, force: true }))

  async function postReport(key?: string, dispatcher?: Client) {
    const { statusCode, headers, body } = await request(`${server.url}/jobs/reports`, {
      method: 'POST',
      ...(dispatcher ? { dispatcher } : {}),
      signal: AbortSignal.timeout(10_000),
      body: JSON.stringify({ rows: 100 }),
      headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
    })
    return {
      status: statusCode,
      retryAfter: headers['retry-after'],
      body: (await body.json()) as { id?: string; code?: string; message?: string },
    }
  }

  it('refuses new reports with 503 + Retry-After at the bound, answers replays, and accepts again once workers catch up', async () => {
    const accepted: string[] = []
    for (let i = 0; i < BOUND; i++) {
      const reply = await postReport(`key-${i}`)
      expect(reply.status).toBe(202)
      accepted.push(reply.body.id!)
    }
    const refused = await postReport()
    expect(refused).toMatchObject({ status: 503, retryAfter: '1', body: { code: 'BS_QUEUE_FULL' } })
    expect(refused.body.message).toContain(`${BOUND} unfinished jobs`)
    expect((await postReport('a-new-key')).status).toBe(503)
    // A client retrying a request that was accepted gets its job, full queue or not.
    expect(await postReport('key-0')).toMatchObject({ status: 202, body: { id: accepted[0] } })
    expect((await get(`${server.url}/jobs/metrics`)).body).toMatchObject({
      waiting: BOUND,
      backlog: BOUND,
      maxBacklog: BOUND,
    })

    const worker = await startReportWorker({
      databaseUrl: inject('databaseUrl'),
      redisUrl: inject('redisUrl'),
      filesDir,
      reports: { ...server.app.config.reports },
      dbStatementTimeoutMs: 30_000,
      log: { info: () => {}, warn: () => {}, error: () => {} },
    })
    try {
      const later = await waitFor(
        'a report is accepted once the backlog is below the bound',
        async () => {
          const reply = await postReport()
          return reply.status === 202 ? reply : undefined
        },
        { timeoutMs: 20_000 },
      )
      accepted.push(later.body.id!)
      // Nothing accepted is lost: every job completes.
      for (const id of accepted) {
        await waitFor(
          `job ${id} completes`,
          async () =>
            ((await get(`${server.url}/jobs/${id}`)).body as { state: string }).state === 'completed' || undefined,
          { timeoutMs: 20_000 },
        )
      }
      // The workers' counter saw each of them (a fresh queue: it began at 0).
      expect((await get(`${server.url}/jobs/metrics`)).body).toMatchObject({
        finishedTotal: { completed: accepted.length, failed: 0 },
      })
    } finally {
      await worker.close()
    }
  })

  it('never lets a burst pass the bound, however many requests read the count at once', async () => {
    // No worker now (the test above closed its own, every job of it completed): the backlog is 0.
    // The API's Redis socket holds what it is sent (corked) until every request of the burst has
    // asked for the count: each reads it before any job of the burst is added, as under load.
    const redis = server.app.redis
    const sent = vi.spyOn(redis, 'sendCommand')
    redis.stream.cork()
    // A connection each, so that they arrive together, not one behind the other on a shared one.
    const clients = Array.from({ length: 6 * BOUND }, () => new Client(server.url))
    const replies = Promise.all(clients.map((client) => postReport(undefined, client)))
    try {
      await waitFor(
        'every request of the burst asking for the count',
        () => sent.mock.calls.length >= clients.length || undefined,
      )
    } finally {
      sent.mockRestore()
      redis.stream.uncork()
    }
    const burst = await replies.finally(() => Promise.all(clients.map((client) => client.close())))
    const statuses = burst.map((reply) => reply.status)
    expect(statuses.filter((status) => status !== 202 && status !== 503)).toEqual([])
    const accepted = statuses.filter((status) => status === 202).length
    expect(accepted).toBe(BOUND)
    expect((await postReport()).status).toBe(503)
    expect((await get(`${server.url}/jobs/metrics`)).body).toMatchObject({ backlog: BOUND })
  })
})
