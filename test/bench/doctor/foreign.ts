/** A foreign server for the doctor's tests: a process of its own that prints its port, and the doctor aimed at it. */
import { afterAll, beforeAll, expect } from 'vitest'
import { RULES, type Cause } from '../../../bench/doctor/diagnose.js'
import { examine, type Examination } from '../../../bench/doctor/examine.js'
import { startPortServer, type PortServer } from '../../../bench/doctor/port-server.js'

/**
 * The cause the doctor must name. On a machine with every core busy (a suite beside it, a small CI
 * box) a process's little CPU proves no wait, and the doctor may say it cannot tell: never the other cause.
 */
export function expectCause(exam: Examination, expected: Cause) {
  const full = exam.measurements.levels.some((l) => (l.machineBusy ?? 0) >= RULES.machineBusy)
  if (full && exam.diagnosis.cause !== expected) expect(exam.diagnosis.cause, exam.diagnosis.summary).toBeNull()
  else expect(exam.diagnosis.cause, exam.diagnosis.summary).toBe(expected)
}

/** Starts `command args` before the file's tests and stops it after; returns the doctor for its routes. */
export function foreignServer(command: string, args: readonly string[], defaultConnections: readonly number[]) {
  let server: PortServer
  beforeAll(async () => {
    server = await startPortServer(command, args)
  })
  afterAll(() => server.stop())
  return (path: string, connections: readonly number[] = defaultConnections, levelSec = 1, expectMs?: number) =>
    examine({
      url: `${server.origin}${path}`,
      method: 'GET',
      headers: {},
      probeUrl: `${server.origin}/health`,
      metricsUrl: `${server.origin}/metrics`,
      connections,
      levelSec,
      expectMs: expectMs ?? null,
      log: () => {},
    })
}
