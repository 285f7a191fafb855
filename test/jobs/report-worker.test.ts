/**
 * The report worker on its own (startReportWorker, no API): what it records of each attempt, what
 * it does with input it can never process, what it logs, and how close() treats a job still
 * running: it waits up to the grace, then lets the job go with a warning, never forever.
 */
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq'
import { Redis } from 'ioredis'
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import { loadConfig } from '../../src/config.js'
import {
  DEAD_LETTER_QUEUE,
  REPORT_JOB,
  REPORT_QUEUE,
  deadLetterId,
  queueOptions,
  type DeadLetter,
} from '../../src/jobs/report-job.js'
import { startReportWorker, warnIfJobsMayBeLost, type ReportWorker } from '../../src/jobs/worker.js'
import { OrdersLock } from '../helpers/orders-lock.js'
import { waitFor } from '../helpers/wait.js'

type Logged = { level: 'info' | 'warn' | 'error'; args: unknown[] }

/**
 * The worker copies a job to the dead-letter queue, removes it, then logs: waiting on the log
 * lines, not on the letters, leaves no window where a letter is there and its job still too.
 */
const deadLettered = (lines: Logged[], count: number) =>
  waitFor(
    `${count} 'report job dead-lettered' lines`,
    () => lines.filter((l) => l.args[1] === 'report job dead-lettered').length >= count,
    { timeoutMs: 20_000 },
  )

function recordingLog() {
  const lines: Logged[] = []
  const at =
    (level: Logged['level']) =>
    (...args: unknown[]) =>
      void lines.push({ level, args })
  return { lines, log: { info: at('info'), warn: at('warn'), error: at('error') } }
}

describe('report worker', () => {
  const base = loadConfig({ NODE_ENV: 'test' })
  let redis: Redis
  let filesDir: string
  const opened: Array<{ worker: ReportWorker; queues: Queue[] }> = []

  beforeAll(async () => {
    redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: null })
    filesDir = await mkdtemp(join(tmpdir(), 'blindspots-worker-'))
  })
  afterEach(async () => {
    for (const { worker, queues } of opened.splice(0)) {
      await worker.close()
      for (const queue of queues) await queue.close()
    }
  })
  afterAll(async () => {
    redis.disconnect()
    await rm(filesDir, { recursive: true, force: true })
  })

  async function start(overrides: Partial<typeof base.reports> = {}) {
    const reports = {
      ...base.reports,
      queuePrefix: `test-${randomUUID()}`,
      attempts: 2,
      backoffMs: 50,
      concurrency: 1,
      ...overrides,
    }
    const { lines, log } = recordingLog()
    const worker = await startReportWorker({
      databaseUrl: inject('databaseUrl'),
      redisUrl: inject('redisUrl'),
      filesDir,
      reports,
      dbStatementTimeoutMs: 30_000,
      log,
    })
    const queue = new Queue(REPORT_QUEUE, queueOptions(reports, redis))
    const deadLetter = new Queue<DeadLetter>(DEAD_LETTER_QUEUE, queueOptions(reports, redis))
    const handle = { worker, queues: [queue, deadLetter] }
    opened.push(handle)
    return { worker, queue, deadLetter, lines, handle }
  }

  /** For a test that closed the worker itself: closes its queues and takes it off the list. */
  async function closeQueuesOf(handle: (typeof opened)[number]) {
    opened.splice(opened.indexOf(handle), 1)
    for (const queue of handle.queues) await queue.close()
  }

  const stateOf = async (queue: Queue, id: string) => (await queue.getJob(id))?.getState()

  it('records each attempt in the job log, reports progress up to 100, and logs the failed attempt', async () => {
    const { queue, lines } = await start()
    const job = await queue.add(REPORT_JOB, { rows: 2_500, simulateFailures: 1 }, { jobId: 'retried' })
    await waitFor(
      'the job completed on its second attempt',
      async () => (await stateOf(queue, job.id!)) === 'completed',
      { timeoutMs: 20_000 },
    )
    const { logs } = await queue.getJobLogs(job.id!)
    expect(logs).toEqual([
      expect.stringMatching(/^attempt 1 started at \d{4}-/),
      expect.stringMatching(/^attempt 2 started at \d{4}-/),
    ])
    const done = (await queue.getJob(job.id!)) as Job
    expect(done.progress).toBe(100)
    expect(done.returnvalue).toMatchObject({ file: 'retried.csv', rows: 2_500 })
    expect(lines).toContainEqual({
      level: 'warn',
      args: [{ jobId: 'retried', attempt: 1, err: 'simulated failure 1 of 1' }, 'report job failed'],
    })
  })

  it('input it can never process fails at once, for good, says why, and goes to the dead-letter queue', async () => {
    const { queue, deadLetter, lines } = await start({ attempts: 5 })
    // What another producer might send: the API would refuse it, the worker must not retry it.
    const job = await queue.add(REPORT_JOB, { rows: -5, simulateFailures: 'twice' }, { jobId: 'invalid' })
    await deadLettered(lines, 1)
    const letter = (await deadLetter.getJob(deadLetterId(job.id!)))!
    expect(letter.name).toBe('orders-csv')
    expect(letter.data).toMatchObject({
      request: { rows: -5 },
      attemptsMade: 1,
      // Every issue, each with its field, one after the other.
      failedReason: expect.stringMatching(/^invalid report request: rows: [^;]+; simulateFailures: [^;]+$/),
    })
    expect(letter.data.failedAt).toBeGreaterThan(job.timestamp)
    expect(await queue.getJob(job.id!)).toBeUndefined()
    expect(lines).toContainEqual({
      level: 'warn',
      args: [{ jobId: 'invalid', reason: letter.data.failedReason }, 'report job dead-lettered'],
    })
  })

  it('failures that land together all reach the dead-letter queue, none left in the failed set', async () => {
    const { queue, deadLetter, lines } = await start({ attempts: 1, concurrency: 4 })
    const ids = Array.from({ length: 12 }, (_, i) => `burst-${i}`)
    await queue.addBulk(
      ids.map((jobId) => ({ name: REPORT_JOB, data: { rows: 10, simulateFailures: 1 }, opts: { jobId } })),
    )
    await deadLettered(lines, 12)
    expect((await deadLetter.getJobCounts('waiting')).waiting).toBe(12)
    expect(await queue.getFailedCount()).toBe(0)
  })

  it('at start, dead-letters a job that failed for good while no worker was left to move it', async () => {
    // A worker that dies between a job's final failure and its move: here, a bare BullMQ worker
    // that fails the job and does nothing else, closed before the report worker starts.
    const reports = { ...base.reports, queuePrefix: `test-${randomUUID()}` }
    const queue = new Queue(REPORT_QUEUE, queueOptions(reports, redis))
    const connection = redis.duplicate()
    const dying = new Worker(REPORT_QUEUE, () => Promise.reject(new UnrecoverableError('crashed before the move')), {
      connection,
      prefix: reports.queuePrefix,
    })
    await queue.add(REPORT_JOB, { rows: 10 }, { jobId: 'orphan' })
    await waitFor('the job in the failed set', async () => (await stateOf(queue, 'orphan')) === 'failed')
    const failedAt = (await queue.getJob('orphan'))!.finishedOn
    await dying.close()
    connection.disconnect()
    await queue.close()
    // No failure happens after this start: only the sweep at start can move the orphan.
    const { deadLetter, queue: fresh, lines } = await start({ queuePrefix: reports.queuePrefix })
    await deadLettered(lines, 1)
    const letter = (await deadLetter.getJob('orphan'))!
    // When it failed, not when it was moved.
    expect(letter.data).toMatchObject({ request: { rows: 10 }, failedReason: 'crashed before the move', failedAt })
    expect(await fresh.getFailedCount()).toBe(0)
  })

  describe('close()', () => {
    const lock = new OrdersLock()
    afterEach(() => lock.release())
    afterAll(() => lock.close())

    it('with a job still running past the grace: returns after the grace, warns, and lets the job go', async () => {
      const { worker, queue, lines, handle } = await start({ shutdownGraceMs: 300 })
      await lock.take()
      await queue.add(REPORT_JOB, { rows: 10 }, { jobId: 'held' })
      await lock.untilWaiting(1)
      const closing = worker.close().then(() => 'closed')
      // close() ends while the job's query still waits on the lock (released only after the
      // test): it did not wait for the job.
      await waitFor('close() to return', () => Promise.race([closing, Promise.resolve(false)]), { timeoutMs: 10_000 })
      expect(lines).toContainEqual({
        level: 'warn',
        args: ['report worker: active jobs still running after 300 ms; leaving them to another worker'],
      })
      await closeQueuesOf(handle)
    })

    it('with a job that finishes within the grace: waits for it, and warns of nothing', async () => {
      const { worker, queue, lines, handle } = await start({ shutdownGraceMs: 30_000 })
      await lock.take()
      await queue.add(REPORT_JOB, { rows: 10 }, { jobId: 'finishes' })
      await lock.untilWaiting(1)
      const closing = worker.close().then(() => Date.now())
      await lock.release()
      const closedAt = await closing
      // close() returned only once the job had completed.
      const job = (await queue.getJob('finishes')) as Job
      expect(await job.getState()).toBe('completed')
      expect(closedAt).toBeGreaterThanOrEqual(job.finishedOn!)
      expect(lines.filter((l) => l.level === 'warn')).toEqual([])
      await closeQueuesOf(handle)
    })
  })

  it('with Redis unreachable, close() returns at once and says why; the outage is logged, and nothing prints on stderr', async () => {
    const { lines, log } = recordingLog()
    // ioredis and BullMQ print an error nobody listens for, with its stack, on every retry.
    const printed = vi.spyOn(console, 'error')
    // A port nothing listens on: the worker's connection never gets ready.
    const worker = await startReportWorker({
      databaseUrl: inject('databaseUrl'),
      redisUrl: 'redis://127.0.0.1:1',
      filesDir,
      reports: { ...base.reports, queuePrefix: `test-${randomUUID()}` },
      dbStatementTimeoutMs: 30_000,
      log,
    })
    await waitFor('the outage logged', () => lines.some((l) => l.args[1] === 'report worker: queue connection error'))
    const closing = worker.close().then(() => true)
    await waitFor('close() to return', () => Promise.race([closing, Promise.resolve(false)]), { timeoutMs: 10_000 })
    expect(lines).toContainEqual({
      level: 'warn',
      args: ['report worker: Redis is unreachable; closing without waiting for it'],
    })
    expect(printed).not.toHaveBeenCalled()
    printed.mockRestore()
  })

  it('warns of the Redis settings that lose jobs (eviction, nothing on disk), and of nothing when they keep them', async () => {
    const warnings = async (settings: Record<string, string>) => {
      const { lines, log } = recordingLog()
      const redis = { config: async (_get: string, key: string) => [key, settings[key]] } as unknown as Redis
      await warnIfJobsMayBeLost(redis, log)
      return lines.map((l) => String(l.args[0]).split(':')[0])
    }
    const safe = { 'maxmemory-policy': 'noeviction', appendonly: 'yes', save: '' }
    expect(await warnings(safe)).toEqual([])
    expect(await warnings({ ...safe, appendonly: 'no', save: '3600 1 300 100' })).toEqual([])
    expect(await warnings({ ...safe, 'maxmemory-policy': 'allkeys-lru' })).toEqual([
      'Redis maxmemory-policy is allkeys-lru',
    ])
    expect(await warnings({ ...safe, appendonly: 'no', save: '' })).toEqual([
      'Redis keeps nothing on disk (appendonly no, no save points)',
    ])
    // CONFIG GET may answer a blank: still no save point.
    expect(await warnings({ ...safe, appendonly: 'no', save: ' ' })).toHaveLength(1)
  })

  it('says so when it cannot read the settings that keep jobs', async () => {
    const { lines, log } = recordingLog()
    const refusing = { config: () => Promise.reject(new Error('ERR unknown command CONFIG')) } as unknown as Redis
    await warnIfJobsMayBeLost(refusing, log)
    expect(lines).toEqual([
      {
        level: 'warn',
        args: [
          'could not read the Redis settings that keep jobs (CONFIG disabled?); make sure maxmemory-policy is noeviction and appendonly is yes',
        ],
      },
    ])
  })
})
