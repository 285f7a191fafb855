/**
 * The doctor on a server in another language: Python's asyncio (bench/doctor/foreign/asyncio_server.py),
 * in a process of its own, with the /metrics Python's Prometheus client exports (process CPU and
 * memory, no event-loop series). Each route was built with a known blind spot; the doctor must
 * name it from HTTP and those process series alone, and say which series it read.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { expectCause, foreignServer } from './foreign.js'

const SERVER = join(import.meta.dirname, '../../../bench/doctor/foreign/asyncio_server.py')
const doctor = foreignServer('python3', [SERVER], [1, 4, 16, 64])

describe('the doctor on a Python asyncio server', () => {
  it(
    'time.sleep in an async handler: the loop blocked by a synchronous call, told by the process CPU time',
    { timeout: 60_000 },
    async () => {
      const exam = await doctor('/sync-sleep', [1, 4, 16])
      expect(exam.insideSeries).toEqual(['process_cpu_seconds_total'])
      expect(exam.diagnosis.kind, exam.diagnosis.summary).toBe('loop-blocked')
      expectCause(exam, 'sync-io')
    },
  )

  it('a busy loop: the loop blocked by CPU work', { timeout: 60_000 }, async () => {
    const exam = await doctor('/cpu', [1, 4, 16])
    expect(exam.diagnosis.kind, exam.diagnosis.summary).toBe('loop-blocked')
    expectCause(exam, 'cpu')
  })

  it('a global asyncio.Lock around an await: serialised, the loop free', { timeout: 60_000 }, async () => {
    const exam = await doctor('/locked', [1, 4, 16])
    expect(exam.diagnosis.kind, exam.diagnosis.summary).toBe('serialised')
  })

  it('a pool of 4 whose callers wait up to 0.5 s before a 503: pool-limited', { timeout: 60_000 }, async () => {
    const exam = await doctor('/pool-bounded', [1, 4, 16, 64], 1.5)
    expect(exam.diagnosis.kind, exam.diagnosis.summary).toBe('pool-limited')
  })

  it('the same pool with no bound on the wait: an unbounded queue', { timeout: 60_000 }, async () => {
    const exam = await doctor('/pool-unbounded')
    expect(exam.diagnosis.kind, exam.diagnosis.summary).toBe('unbounded-queue')
  })

  // 1 ms of CPU per request and no pool: 64 clients ask for about 3,000 req/s of a one-threaded
  // process that computes 1,000: the core is the limit, and no pool may be invented for it. On a
  // machine whose every core is taken (a test suite beside it, a small CI box), the process gets
  // less than a core: then the doctor must say it cannot tell, still with no pool size.
  it('a healthy route on a saturated core: CPU saturated, no pool size said', { timeout: 60_000 }, async () => {
    const exam = await doctor('/compute')
    expectCause(exam, 'cpu')
    if (exam.diagnosis.cause === null) expect(exam.diagnosis.summary).toContain('cannot be told on a machine this busy')
    else expect(exam.diagnosis.kind, exam.diagnosis.summary).toBe('cpu-saturated')
    expect(exam.diagnosis.summary).not.toContain('a pool of about')
  })

  // ssl.create_default_context() loads the CA bundle (~20 ms of CPU here), then a 20 ms await: the
  // loop is held half of each request, which the probe's p50 mostly misses and its p90 does not.
  it('a client built per request: the loop held by CPU work, not a queue', { timeout: 60_000 }, async () => {
    const exam = await doctor('/client-per-request', [1, 4, 16])
    expect(exam.diagnosis.kind, exam.diagnosis.summary).toBe('loop-blocked')
    expect(exam.diagnosis.cause, exam.diagnosis.summary).toBe('cpu')
  })

  it(
    'three 30 ms awaits in turn, told one costs 30 ms: sequential awaits; the same three at once: healthy',
    { timeout: 60_000 },
    async () => {
      const sequential = await doctor('/sequential', [1, 4, 16], 1, 30)
      expect(sequential.diagnosis.kind, sequential.diagnosis.summary).toBe('sequential-awaits')
      const concurrent = await doctor('/concurrent', [1, 4, 16], 1, 30)
      expect(concurrent.diagnosis.kind, concurrent.diagnosis.summary).toBe('healthy')
    },
  )

  it('the same pool refusing at once when full: healthy, it sheds', { timeout: 60_000 }, async () => {
    const exam = await doctor('/shed')
    expect(exam.diagnosis.kind, exam.diagnosis.summary).toBe('healthy')
  })
})
