/**
 * The doctor on a server with no event loop: Python's threaded http.server, a thread per
 * connection (bench/doctor/foreign/threaded_server.py). The same mistakes read differently there:
 * a blocking sleep holds only its own thread (healthy), CPU work contends for the interpreter's
 * one lock (the process's core is the limit), a global lock still serialises.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { expectCause, foreignServer } from './foreign.js'

const SERVER = join(import.meta.dirname, '../../../bench/doctor/foreign/threaded_server.py')
const doctor = foreignServer('python3', [SERVER], [1, 4, 16, 64])

describe('the doctor on a Python thread-per-connection server', () => {
  it(
    'time.sleep in a handler holds its own thread only: healthy, not a blocked loop',
    { timeout: 60_000 },
    async () => {
      const exam = await doctor('/sleep')
      expect(exam.diagnosis.kind, exam.diagnosis.summary).toBe('healthy')
    },
  )

  it(
    'CPU work behind the interpreter lock: CPU named as the limit, no pool size said',
    { timeout: 60_000 },
    async () => {
      const exam = await doctor('/cpu')
      expectCause(exam, 'cpu')
      // Its one interpreter lock holds /health's thread too: a held loop by CPU work is the other
      // honest reading (bench/doctor/foreign/servers.ts says why); a pool, a queue or healthy is not.
      expect(['cpu-saturated', 'loop-blocked'], exam.diagnosis.summary).toContain(exam.diagnosis.kind)
      expect(exam.diagnosis.summary).not.toContain('a pool of about')
    },
  )

  it('a threading.Lock around a sleep: serialised', { timeout: 60_000 }, async () => {
    const exam = await doctor('/locked', [1, 4, 16])
    expect(exam.diagnosis.kind, exam.diagnosis.summary).toBe('serialised')
  })
})
