/** The report job's pure parts: ids, re-drive, queue options. The queue itself: report-queue.test.ts. */
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.js'
import {
  deadLetterId,
  queueOptions,
  redrivenRequest,
  reportJobId,
  reportJobOptions,
  resultUrl,
} from '../../src/jobs/report-job.js'

const reports = {
  ...loadConfig({ NODE_ENV: 'test' }).reports,
  attempts: 4,
  backoffMs: 250,
  resultTtlMs: 1_500,
  queuePrefix: 'unit',
}

describe('report job', () => {
  it('an Idempotency-Key maps to one job id, hashed; no key, a fresh id each time', () => {
    const sha = createHash('sha256').update('order-42').digest('hex')
    expect(reportJobId('order-42')).toBe(`k-${sha.slice(0, 40)}`)
    expect(reportJobId('order-42')).toBe(reportJobId('order-42'))
    expect(reportJobId('order-43')).not.toBe(reportJobId('order-42'))
    expect(reportJobId('')).toMatch(/^k-[0-9a-f]{40}$/)
    const fresh = reportJobId(undefined)
    expect(fresh).toMatch(/^r-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    expect(reportJobId(undefined)).not.toBe(fresh)
  })

  it('dead-letter ids: a job id BullMQ generated (all digits) gets a prefix, any other is kept', () => {
    expect(deadLetterId('123')).toBe('auto-123')
    expect(deadLetterId('k-abc')).toBe('k-abc')
    expect(deadLetterId('12a')).toBe('12a')
    expect(deadLetterId('a12')).toBe('a12')
    expect(deadLetterId('')).toBe('')
  })

  it('a re-drive sends the same request less the simulated failures spent, and invalid input as it was', () => {
    const letter = (request: unknown, attemptsMade: number) => ({
      request,
      attemptsMade,
      failedReason: 'x',
      failedAt: 0,
    })
    expect(redrivenRequest(letter({ rows: 10, simulateFailures: 5 }, 3))).toEqual({ rows: 10, simulateFailures: 2 })
    expect(redrivenRequest(letter({ rows: 10, simulateFailures: 5 }, 5))).toEqual({ rows: 10, simulateFailures: 0 })
    expect(redrivenRequest(letter({ rows: 10, simulateFailures: 2 }, 7))).toEqual({ rows: 10, simulateFailures: 0 })
    expect(redrivenRequest(letter({}, 0))).toEqual({ rows: 20_000, simulateFailures: 0 })
    const invalid = { rows: -1 }
    expect(redrivenRequest(letter(invalid, 3))).toBe(invalid)
  })

  it('every job retries with exponential, jittered backoff, expires after its TTL, and is kept when it fails', () => {
    expect(reportJobOptions(reports)).toEqual({
      attempts: 4,
      backoff: { type: 'exponential', delay: 250, jitter: 0.3 },
      removeOnComplete: { age: 2 },
      removeOnFail: false,
    })
    const connection = { host: '127.0.0.1', port: 1 }
    expect(queueOptions(reports, connection)).toEqual({
      connection,
      prefix: 'unit',
      defaultJobOptions: reportJobOptions(reports),
    })
    expect(resultUrl('k-1.csv')).toBe('/reports/results/k-1.csv')
  })
})
