/**
 * `npm run worker` as a real process, killed the ways production kills it:
 * - SIGKILL in the middle of 20 jobs: a second worker takes over (BullMQ's stalled-job recovery,
 *   after the lock expires) and all 20 complete, none lost, every report whole;
 * - SIGKILL twice while holding the same job (a crash loop on one job): the job is dead-lettered
 *   with its reason instead of crashing a third worker, and a re-drive completes it;
 * - SIGTERM in the middle of a job: the job finishes within the grace, or goes back to the queue
 *   and another worker completes it; the worker exits 0 either way.
 */
import { randomUUID } from 'node:crypto'
import { once } from 'node:events'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { request } from 'undici'
import { afterAll, describe, expect, it } from 'vitest'
import { useListeningApp } from '../helpers/app.js'
import { waitFor } from '../helpers/wait.js'
import { OrdersLock } from '../helpers/orders-lock.js'
import { closedPortUrl } from '../helpers/servers.js'
import { startWorker } from '../helpers/worker-process.js'

const JOBS = 20
const ROWS = 50_000
const LOCK_MS = 1_000

describe('report worker process', () => {
  const filesDir = join(tmpdir(), `blindspots-worker-${randomUUID()}`)
  const queuePrefix = `test-${randomUUID()}`
  const server = useListeningApp({ filesDir, reports: { worker: 'separate', queuePrefix, lockMs: LOCK_MS } })
  const lock = new OrdersLock()
  afterAll(() => lock.close())

  const workerEnv = (env: Record<string, string> = {}) => ({
    FILES_DIR: filesDir,
    QUEUE_PREFIX: queuePrefix,
    REPORT_LOCK_MS: String(LOCK_MS),
    REPORT_WORKER_CONCURRENCY: '2',
    // A report held on the table lock must wait as long as the test holds it.
    DB_STATEMENT_TIMEOUT_MS: '120000',
    ...env,
  })
  const counts = () => server.app.reports.counts()
  const stateOf = async (id: string) => {
    const found = await server.app.reports.find(id)
    return !found ? 'missing' : 'job' in found ? found.state : 'dead-lettered'
  }
  const lines = async (id: string) =>
    (await readFile(join(filesDir, 'reports', `${id}.csv`), 'utf8')).split('\n').filter(Boolean).length

  it('SIGKILL mid-run loses no job and leaves no half-written report', async () => {
    const ids: string[] = []
    for (let i = 0; i < JOBS; i++)
      ids.push((await server.app.reports.enqueue({ rows: ROWS, simulateFailures: 0 }, undefined)).id)

    const first = startWorker(workerEnv())
    await waitFor('first worker completes 3 jobs', async () => (await counts()).completed! >= 3, { timeoutMs: 60_000 })
    await first.stop('SIGKILL')
    const atKill = await counts()
    expect(atKill.completed).toBeLessThan(JOBS)
    // Jobs the dead worker held: still "active" until their lock expires and they are taken over.
    expect(atKill.active).toBeGreaterThan(0)

    const second = startWorker(workerEnv())
    await waitFor('all jobs complete', async () => (await counts()).completed === JOBS, { timeoutMs: 90_000 })
    expect(await second.stop('SIGTERM')).toBe(0)

    for (const id of ids) {
      expect(await stateOf(id)).toBe('completed')
      expect(await lines(id)).toBe(ROWS + 1)
    }
  }, 180_000)

  it('a job whose worker is SIGKILLed twice is dead-lettered with its reason, and a re-drive completes it', async () => {
    await lock.take()
    const { id } = await server.app.reports.enqueue({ rows: 100, simulateFailures: 0 }, undefined)
    for (let kill = 1; kill <= 2; kill++) {
      const worker = startWorker(workerEnv({ REPORT_WORKER_CONCURRENCY: '1' }))
      await lock.untilWaiting(1)
      await worker.stop('SIGKILL')
      await lock.endOrphans()
    }
    const third = startWorker(workerEnv({ REPORT_WORKER_CONCURRENCY: '1' }))
    await waitFor('the job is dead-lettered', async () => (await stateOf(id)) === 'dead-lettered', {
      timeoutMs: 30_000,
    })
    const letter = (await server.app.reports.deadLetters()).find((j) => j.id === id)
    expect(letter?.data.failedReason).toMatch(/stalled more than allowable limit/)
    expect((await counts()).failed).toBe(0)

    await lock.release()
    const redrive = await request(`${server.url}/jobs/dead-letter/${id}/redrive`, { method: 'POST' })
    expect(redrive.statusCode).toBe(202)
    await redrive.body.dump()
    await waitFor('the re-driven job completes', async () => (await stateOf(id)) === 'completed', { timeoutMs: 30_000 })
    expect(await lines(id)).toBe(101)
    expect(await third.stop('SIGTERM')).toBe(0)
  }, 120_000)

  it('SIGTERM mid-job: the job finishes within the grace, or goes back to the queue; none is lost', async () => {
    // Finishes: the grace is long, and the job can go on once the worker has begun closing.
    await lock.take()
    const finishing = (await server.app.reports.enqueue({ rows: 100, simulateFailures: 0 }, undefined)).id
    const patient = startWorker(workerEnv({ REPORT_SHUTDOWN_GRACE_MS: '60000', LOG_LEVEL: 'info' }))
    await lock.untilWaiting(1)
    const patientExit = patient.stop('SIGTERM')
    await waitFor('the worker is closing', () => patient.output().includes('"msg":"closing"'))
    await lock.release()
    expect(await patientExit).toBe(0)
    expect(await stateOf(finishing)).toBe('completed')

    // Handed back: the grace runs out while the job still waits; another worker completes it.
    await lock.take()
    const handedBack = (await server.app.reports.enqueue({ rows: 100, simulateFailures: 0 }, undefined)).id
    const hasty = startWorker(workerEnv({ REPORT_SHUTDOWN_GRACE_MS: '200', LOG_LEVEL: 'info' }))
    await lock.untilWaiting(1)
    const hastyCode = await hasty.stop('SIGTERM')
    expect(hastyCode, hasty.output()).toBe(0)
    expect(await stateOf(handedBack)).toBe('active')
    await lock.endOrphans()
    await lock.release()
    const next = startWorker(workerEnv())
    await waitFor('the handed-back job completes', async () => (await stateOf(handedBack)) === 'completed', {
      timeoutMs: 30_000,
    })
    expect(await lines(handedBack)).toBe(101)
    expect(await next.stop('SIGTERM')).toBe(0)
  }, 120_000)
})

describe('report worker process with a dependency that does not answer', () => {
  for (const [variable, url] of [
    ['REDIS_URL', 'redis'],
    ['DATABASE_URL', 'postgres'],
  ] as const) {
    it(`${variable} that nothing answers: one line naming it, exit 1, before it takes any job`, async () => {
      const worker = startWorker({ [variable]: await closedPortUrl(url) })
      const [code] = (await once(worker.child, 'exit')) as [number | null]
      expect(code).toBe(1)
      expect(worker.output()).toMatch(new RegExp(`^${variable} \\(${url}://127\\.0\\.0\\.1:\\d+/?\\): `))
      expect(worker.output().trim().split('\n')).toHaveLength(1)
    })
  }
})
