/**
 * Finished reports expire after REPORT_RESULT_TTL_MS: their files (the worker's sweep, also of
 * temporary files a killed worker left) and their jobs (BullMQ's removeOnComplete age, applied
 * when a later job completes). File ages are set with utimes, so nothing waits for a clock; the
 * job test waits for the first job to be older than a 1 s TTL, a condition with a bound.
 */
import { randomUUID } from 'node:crypto'
import { mkdtemp, mkdir, readdir, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { reportsDir, sweepReports } from '../../src/jobs/build-report.js'
import { useListeningApp } from '../helpers/app.js'
import { get } from '../helpers/http.js'
import { waitFor } from '../helpers/wait.js'

const filesDir = await mkdtemp(join(tmpdir(), 'blindspots-expiry-'))
afterAll(() => rm(filesDir, { recursive: true, force: true }))

describe('report expiry', () => {
  it('the sweep deletes reports older than the TTL and stale temporary files, and keeps the rest', async () => {
    const dir = reportsDir(filesDir)
    await mkdir(dir, { recursive: true })
    const ttlMs = 3_600_000
    const now = Date.now() / 1000
    const files = {
      'expired.csv': now - (2 * ttlMs) / 1000,
      'fresh.csv': now - ttlMs / 2 / 1000,
      'stale.csv.partial': now - 120,
      'in-progress.csv.partial': now - 5,
    }
    for (const [name, mtime] of Object.entries(files)) {
      await writeFile(join(dir, name), 'id\r\n')
      await utimes(join(dir, name), mtime, mtime)
    }
    expect(await sweepReports(filesDir, ttlMs)).toBe(2)
    expect((await readdir(dir)).sort()).toEqual(['fresh.csv', 'in-progress.csv.partial'])
  })

  describe('jobs', () => {
    const server = useListeningApp({
      filesDir,
      reports: { worker: 'in-process', queuePrefix: `test-${randomUUID()}`, resultTtlMs: 1_000 },
    })
    const completed = (id: string) =>
      waitFor(
        `job ${id} completed`,
        async () => {
          const found = await server.app.reports.find(id)
          return found && 'job' in found && found.state === 'completed' ? found.job : undefined
        },
        { timeoutMs: 20_000 },
      )

    it('a completed job is gone once it is older than the TTL and another job completes', async () => {
      const first = await server.app.reports.enqueue({ rows: 10, simulateFailures: 0 }, undefined)
      const job = await completed(first.id)
      expect((await get(`${server.url}/jobs/${first.id}`)).status).toBe(200)
      await waitFor('the first job is older than the TTL', () => Date.now() - job.finishedOn! > 1_100, {
        timeoutMs: 10_000,
      })
      const second = await server.app.reports.enqueue({ rows: 10, simulateFailures: 0 }, undefined)
      await completed(second.id)
      expect(await get(`${server.url}/jobs/${first.id}`)).toMatchObject({
        status: 404,
        body: { code: 'BS_JOB_NOT_FOUND' },
      })
      expect((await get(`${server.url}/jobs/${second.id}`)).status).toBe(200)
    })
  })
})
