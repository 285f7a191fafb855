/**
 * The report queue's reads, as the admission bound, /jobs/metrics and /metrics use them: what
 * counts as waiting and as backlog, which jobs the job-time series read and in what order, the
 * counters of finished jobs, and the 2 s bound's own errors. A bare BullMQ worker of the test's
 * own takes the jobs, so each job's time is the test's choice.
 */
import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { MetricsTime, Queue, UnrecoverableError, Worker, type Job } from 'bullmq'
import { Redis } from 'ioredis'
import { afterAll, describe, expect, it } from 'vitest'
import { QueueFullError, QueueUnavailableError } from '../../src/errors.js'
import { DEAD_LETTER_QUEUE, REPORT_JOB, REPORT_QUEUE, deadLetterId, queueOptions } from '../../src/jobs/report-job.js'
import { bounded, queueSummary } from '../../src/plugins/report-queue.js'
import { useListeningApp } from '../helpers/app.js'
import { waitFor } from '../helpers/wait.js'

describe('queueSummary: BullMQ counts as the operator reads them', () => {
  it('prioritized jobs wait too; the backlog is every job not finished', () => {
    expect(queueSummary({ waiting: 2, prioritized: 3, active: 1, delayed: 4, completed: 9, failed: 1 })).toEqual({
      waiting: 5,
      active: 1,
      delayed: 4,
      backlog: 10,
      completed: 9,
      failed: 1,
      deadLettered: 0,
      workers: 0,
    })
  })
  it('a count BullMQ did not give is 0, never undefined', () => {
    expect(queueSummary({})).toEqual({
      waiting: 0,
      active: 0,
      delayed: 0,
      backlog: 0,
      completed: 0,
      failed: 0,
      deadLettered: 0,
      workers: 0,
    })
    expect(queueSummary({ completed: 7, failed: 2, deadLettered: 1, workers: 3 })).toMatchObject({
      completed: 7,
      failed: 2,
      deadLettered: 1,
      workers: 3,
    })
  })
})

describe('bounded: a Redis call within 2 s, or a 503', () => {
  const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length
  it('its own error passes through as it is; another becomes a QueueUnavailableError with its message', async () => {
    const own = new QueueUnavailableError('redis is gone')
    await expect(bounded(Promise.reject(own))).rejects.toBe(own)
    await expect(bounded(Promise.reject(new Error('READONLY replica')))).rejects.toThrow(
      new QueueUnavailableError('READONLY replica'),
    )
  })
  it('leaves no timer behind, answered or failed', async () => {
    const before = timers()
    expect(await bounded(Promise.resolve(42))).toBe(42)
    await bounded(Promise.reject(new Error('no'))).catch(() => {})
    expect(timers()).toBe(before)
  })
})

describe('the queue read by the app, jobs taken by a worker of the test', () => {
  const server = useListeningApp({
    reports: { worker: 'separate', queuePrefix: `test-${randomUUID()}`, maxBacklog: 1 },
  })
  // Closed last opened first: a worker or queue before the connection it uses.
  const opened: Array<{ close(): Promise<unknown> }> = []
  afterAll(async () => {
    for (const thing of opened.reverse()) await thing.close()
  })
  const own = () => {
    const connection = new Redis(server.app.config.redisUrl, { maxRetriesPerRequest: null })
    const queue = new Queue(REPORT_QUEUE, queueOptions(server.app.config.reports, connection))
    opened.push({ close: () => connection.quit() }, queue)
    return { connection, queue }
  }

  it('a prioritized job counts against the bound; counts() gives every state, and the dead letters', async () => {
    const { connection, queue } = own()
    await queue.add(REPORT_JOB, { rows: 10 }, { priority: 1 })
    await expect(server.app.reports.enqueue({ rows: 10, simulateFailures: 0 }, undefined)).rejects.toBeInstanceOf(
      QueueFullError,
    )
    const deadLetters = new Queue(DEAD_LETTER_QUEUE, queueOptions(server.app.config.reports, connection))
    opened.push(deadLetters)
    await deadLetters.add(
      'dead',
      { request: { rows: 10 }, attemptsMade: 3, failedReason: 'test' },
      { jobId: deadLetterId('gone') },
    )
    expect(await server.app.reports.counts()).toEqual({
      waiting: 0,
      prioritized: 1,
      active: 0,
      delayed: 0,
      completed: 0,
      failed: 0,
      deadLettered: 1,
      workers: 0,
    })
    await queue.obliterate({ force: true })
    await deadLetters.obliterate({ force: true })
  })

  it('re-driving a letter that does not exist: undefined, nothing added', async () => {
    expect(await server.app.reports.redrive('no-such-job')).toBeUndefined()
    expect((await server.app.reports.counts()).waiting).toBe(0)
  })

  it('recent job times: completed jobs only, newest first, as many as asked; finished() counts completed and failed', async () => {
    const { connection } = own()
    // rows 1: 300 ms of work; rows 2: none; rows 3: fails for good.
    const worker = new Worker(
      REPORT_QUEUE,
      async (job: Job<{ rows: number }>) => {
        if (job.data.rows === 3) throw new UnrecoverableError('this one fails')
        if (job.data.rows === 1) await sleep(300)
        return { file: 'none.csv', rows: 0, bytes: 0 }
      },
      { connection, prefix: server.app.config.reports.queuePrefix, metrics: { maxDataPoints: MetricsTime.ONE_WEEK } },
    )
    opened.push(worker)
    const finished = async (n: number) =>
      waitFor(`${n} jobs finished`, async () => {
        const { completed = 0, failed = 0 } = await server.app.reports.counts()
        return completed + failed >= n
      })
    for (const [i, rows] of [1, 3, 2].entries()) {
      await server.app.reports.enqueue({ rows, simulateFailures: 0 }, undefined)
      await finished(i + 1)
    }
    const times = await server.app.reports.recentTimes(10)
    expect(times).toHaveLength(2)
    // Newest first: the quick job, then the 300 ms one.
    expect(times[0]!.totalMs).toBeLessThan(300)
    expect(times[1]!.totalMs).toBeGreaterThanOrEqual(300)
    expect(times[1]!.waitMs).toBeLessThanOrEqual(times[1]!.totalMs - 300)
    expect(await server.app.reports.recentTimes(1)).toEqual([times[0]])
    expect(await server.app.reports.finished()).toEqual({ completed: 2, failed: 1 })
  })
})
