/**
 * The report queue on real Redis and Postgres, with a worker in the app: a job is accepted at once
 * and runs to a complete file, which appears only when whole; the same Idempotency-Key makes one
 * job; failures are retried with exponentially growing delays; a job
 * that fails for good (every attempt, or input no attempt can fix) lands in the dead-letter queue
 * with its reason, and a re-drive completes it; bad input is a 4xx.
 */
import { randomUUID } from 'node:crypto'
import { mkdtemp, readdir, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Queue } from 'bullmq'
import { Redis } from 'ioredis'
import { request } from 'undici'
import { describe, expect, it } from 'vitest'
import { REPORT_JOB, REPORT_QUEUE, queueOptions } from '../../src/jobs/report-job.js'
import { useListeningApp } from '../helpers/app.js'
import { OrdersLock } from '../helpers/orders-lock.js'
import { get } from '../helpers/http.js'

const filesDir = await mkdtemp(join(tmpdir(), 'blindspots-reports-'))

interface JobView {
  id: string
  state: string
  attemptsMade: number
  failedReason: string | null
  result: { file: string; rows: number; bytes: number; url: string } | null
  log: string[]
}

describe('report queue', () => {
  const server = useListeningApp({
    filesDir,
    reports: { worker: 'in-process', queuePrefix: `test-${randomUUID()}`, attempts: 4, backoffMs: 200, concurrency: 2 },
  })

  async function postReport(body: object, key?: string, timeoutMs = 30_000) {
    const {
      statusCode,
      headers,
      body: reply,
    } = await request(`${server.url}/jobs/reports`, {
      method: 'POST',
      signal: AbortSignal.timeout(timeoutMs),
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
    })
    return {
      status: statusCode,
      location: headers.location as string | undefined,
      body: (await reply.json()) as Record<string, unknown>,
    }
  }

  async function waitForState(id: string, states: string[], timeoutMs = 20_000): Promise<JobView> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const { body } = await get(`${server.url}/jobs/${id}`)
      const job = body as JobView
      if (states.includes(job.state)) return job
      if (Date.now() > deadline) throw new Error(`job ${id} still ${job.state} after ${timeoutMs} ms`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }

  const csvLines = async (file: string) =>
    (await readFile(join(filesDir, 'reports', file), 'utf8')).split('\n').filter(Boolean).length

  it('POST /jobs/reports: 202 + Location at once, then a complete report where the job says', async () => {
    const accepted = await postReport({ rows: 1_000 })
    expect(accepted).toMatchObject({ status: 202, location: `/jobs/${accepted.body.id as string}` })
    const job = await waitForState(accepted.body.id as string, ['completed'])
    expect(job.result).toMatchObject({ rows: 1_000, url: `/reports/results/${job.result!.file}` })
    expect(await csvLines(job.result!.file)).toBe(1_001)
    const download = await request(`${server.url}${job.result!.url}`)
    expect(download.statusCode).toBe(200)
    expect((await download.body.text()).split('\n')[0]).toBe('id,customer_id,status,total_cents,created_at')
  })

  it('the same Idempotency-Key twice makes one job', async () => {
    const key = randomUUID()
    const before = await server.app.reports.counts()
    const [first, second] = [await postReport({ rows: 10 }, key), await postReport({ rows: 10 }, key)]
    expect(first.status).toBe(202)
    expect(second.body.id).toBe(first.body.id)
    await waitForState(first.body.id as string, ['completed'])
    const after = await server.app.reports.counts()
    expect(after.completed! - before.completed!).toBe(1)
  })

  it('a job that fails three times then succeeds: 4 attempts, the gaps growing exponentially', async () => {
    const { body } = await postReport({ rows: 10, simulateFailures: 3 })
    const job = await waitForState(body.id as string, ['completed'])
    const starts = job.log.map((line) => Date.parse(/started at (\S+)/.exec(line)![1]!))
    expect(starts).toHaveLength(4)
    const gaps = starts.slice(1).map((start, i) => start - starts[i]!)
    // Backoff 200, 400, 800 ms, each up to 30% shorter (BullMQ's jitter): the third gap is at least
    // 560 / 200 = 2.8 times the first; a fixed backoff would keep it under 200 / 140 = 1.43 times.
    expect(gaps[0]).toBeGreaterThanOrEqual(140)
    expect(gaps[2]! / gaps[0]!).toBeGreaterThan(2)
  })

  it('a job that fails every attempt lands in the dead-letter queue with its reason; re-drive completes it', async () => {
    // 4 simulated failures, 4 attempts: dead-lettered; re-driven, the failures are spent and it completes.
    const { body } = await postReport({ rows: 10, simulateFailures: 4 })
    const id = body.id as string
    const dead = await waitForState(id, ['dead-lettered'])
    expect(dead).toMatchObject({ attemptsMade: 4, failedReason: 'simulated failure 4 of 4' })
    const listed = (await get(`${server.url}/jobs/dead-letter`)).body as {
      jobs: Array<{ id: string; failedReason: string }>
    }
    expect(listed.jobs.find((j) => j.id === id)).toMatchObject({ failedReason: 'simulated failure 4 of 4' })
    expect((await server.app.reports.counts()).failed).toBe(0)
    const redrive = await request(`${server.url}/jobs/dead-letter/${id}/redrive`, { method: 'POST' })
    expect(redrive.statusCode).toBe(202)
    await redrive.body.dump()
    const done = await waitForState(id, ['completed'])
    expect(await csvLines(done.result!.file)).toBe(11)
    expect(
      ((await get(`${server.url}/jobs/dead-letter`)).body as { jobs: Array<{ id: string }> }).jobs.map((j) => j.id),
    ).not.toContain(id)
  })

  it('input no attempt can fix (from another producer) is dead-lettered after one attempt, not retried', async () => {
    const connection = new Redis(server.app.config.redisUrl)
    const producer = new Queue(REPORT_QUEUE, queueOptions(server.app.config.reports, connection))
    try {
      // No id of its own: BullMQ numbers it, and the dead-letter queue must still take it.
      const job = await producer.add(REPORT_JOB, { rows: -5, simulateFailures: 0 })
      const dead = await waitForState(job.id!, ['dead-lettered'])
      expect(dead.attemptsMade).toBeLessThanOrEqual(1)
      expect(dead.failedReason).toMatch(/^invalid report request: rows: /)
      // Re-driven as it was sent, it fails the same way: a re-drive does not edit data.
      const redrive = await request(`${server.url}/jobs/dead-letter/${job.id!}/redrive`, { method: 'POST' })
      const { id } = (await redrive.body.json()) as { id: string }
      expect(redrive.statusCode).toBe(202)
      expect((await waitForState(id, ['dead-lettered'])).failedReason).toMatch(/^invalid report request/)
    } finally {
      await producer.close()
      connection.disconnect()
    }
  })

  it('bad input is a 4xx that says what is wrong', async () => {
    expect(await postReport({ rows: 0 })).toMatchObject({
      status: 400,
      body: { message: expect.stringContaining('rows') },
    })
    expect((await get(`${server.url}/jobs/not!an-id`)).status).toBe(400)
    expect((await get(`${server.url}/jobs/r-unknown`)).status).toBe(404)
    expect((await get(`${server.url}/reports/results/..%2Fsecret.csv`)).status).toBe(400)
    expect((await get(`${server.url}/reports/results/r-nothing.csv`)).status).toBe(404)
  })

  it('202 at once, while the report cannot even start; its file appears under its name only when whole', async () => {
    // The worker's query waits on this lock: the job is held, and so would a reply that waited for it.
    const lock = new OrdersLock()
    try {
      await lock.take()
      const accepted = await postReport({ rows: 1_000 }, undefined, 5_000)
      expect(accepted.status).toBe(202)
      const id = accepted.body.id as string
      await lock.untilWaiting(1)
      expect(await readdir(join(filesDir, 'reports'))).not.toContain(`${id}.csv`)
      await lock.release()
      const job = await waitForState(id, ['completed'])
      expect(await csvLines(job.result!.file)).toBe(1_001)
    } finally {
      await lock.close()
    }
    const names = await readdir(join(filesDir, 'reports'))
    expect(names.filter((n) => n.endsWith('.partial'))).toEqual([])
  })
})
