/**
 * The doctor on a server it knows nothing about: plain node:http (bench/doctor/foreign/
 * node-http-server.cjs), in a process of its own, no Fastify, no /metrics. One route computes for
 * 30 ms on the event loop, one waits 30 ms behind a mutex, one waits 30 ms on a timer, one holds
 * one of 16 slots for 20 ms and makes the rest wait at most 1.5 s before a 503; the doctor must
 * name each, from HTTP alone. (doctor:check runs every route of the server against its label.)
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { expectCause, foreignServer } from './foreign.js'

const SERVER = join(import.meta.dirname, '../../../bench/doctor/foreign/node-http-server.cjs')

const doctor = foreignServer(process.execPath, [SERVER], [1, 4, 16])

describe('the doctor on a plain node:http server', () => {
  it('a busy loop in the handler: the event loop is blocked', { timeout: 60_000 }, async () => {
    const exam = await doctor('/busy')
    expect(exam.insideView).toBe(false)
    expect(exam.diagnosis.kind, exam.diagnosis.summary).toBe('loop-blocked')
    expect(exam.seconds).toBeLessThan(60)
  })

  // No /metrics: the process's CPU time comes from /proc, and tells the cores from a pool.
  it(
    '1 ms of CPU and a timer, no pool: CPU saturated, its CPU time read from /proc',
    { skip: process.platform !== 'linux', timeout: 60_000 },
    async () => {
      const exam = await doctor('/compute', [1, 4, 16, 64])
      expect(exam.cpuSource).toBe('proc')
      expectCause(exam, 'cpu')
      if (exam.diagnosis.cause === 'cpu') expect(exam.diagnosis.kind, exam.diagnosis.summary).toBe('cpu-saturated')
      expect(exam.diagnosis.summary).not.toContain('a pool of about')
    },
  )

  it('a mutex around a timer: serialised, the loop free', { timeout: 60_000 }, async () => {
    const exam = await doctor('/locked')
    expect(exam.diagnosis.kind, exam.diagnosis.summary).toBe('serialised')
  })

  it('a timer alone: healthy', { timeout: 60_000 }, async () => {
    const exam = await doctor('/fine')
    expect(exam.diagnosis.kind, exam.diagnosis.summary).toBe('healthy')
  })

  // 16 slots of 20 ms: about 800 req/s; a wait of 1.5 s before the 503 needs 1,200 requests held
  // at once, more than a load capped at 1,000 connections would ever send it: the step must not
  // be capped below what it sends.
  it(
    'a pool whose callers wait up to 1.5 s, then get a 503: pool-limited, the bound seen past a thousand requests held',
    { timeout: 60_000 },
    async () => {
      const exam = await doctor('/pool', [1, 4, 16, 64], 1.5)
      expect(exam.diagnosis.kind, exam.diagnosis.summary).toBe('pool-limited')
      expect(exam.measurements.overload?.waitedForConnectionShare).toBe(0)
    },
  )
})
