/**
 * Report files: written under a temporary name and renamed whole, removed on failure, and swept
 * by age (temporary files after a minute at most).
 */
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import postgres, { type Sql } from 'postgres'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest'
import { buildReport, reportFileName, reportsDir, sweepReports } from '../../src/jobs/build-report.js'

describe('report files', () => {
  let sql: Sql
  let filesDir: string
  beforeAll(() => {
    sql = postgres(inject('databaseUrl'), { max: 2, onnotice: () => {} })
  })
  afterAll(() => sql.end({ timeout: 1 }))
  beforeEach(async () => {
    filesDir = await mkdtemp(join(tmpdir(), 'blindspots-reports-'))
  })
  afterEach(() => rm(filesDir, { recursive: true, force: true }))

  it('builds the CSV under a temporary name, then renames it into place, reporting progress', async () => {
    const progress: number[] = []
    const names: string[][] = []
    const result = await buildReport(sql, filesDir, 'job-1', 2_500, async (done) => {
      progress.push(done)
      names.push(await readdir(reportsDir(filesDir)))
    })
    expect(result).toEqual({ file: 'job-1.csv', rows: 2_500, bytes: expect.any(Number) as number })
    expect(reportFileName('job-1')).toBe('job-1.csv')
    expect(progress).toEqual([1_000, 2_000, 2_500])
    // While it was being written, only a temporary file existed, never the final name.
    for (const during of names) {
      expect(during).toHaveLength(1)
      expect(during[0]).toMatch(/^job-1\.csv\.[0-9a-f-]{36}\.partial$/)
    }
    expect(await readdir(reportsDir(filesDir))).toEqual(['job-1.csv'])
    const text = await readFile(join(reportsDir(filesDir), 'job-1.csv'), 'utf8')
    expect(text.split('\n')).toHaveLength(2_500 + 2)
    expect(text.length).toBe(result.bytes)
  })

  it('a build that fails leaves no file at all, and says why', async () => {
    await expect(
      buildReport(sql, filesDir, 'job-2', 5_000, (done) => {
        if (done >= 2_000) throw new Error('disk on fire')
      }),
    ).rejects.toThrow('disk on fire')
    expect(await readdir(reportsDir(filesDir))).toEqual([])
  })

  it('a folder that cannot take reports is the storage’s 503, whatever its code; any other failure stays itself', async () => {
    const fails = (err: unknown) =>
      buildReport(sql, filesDir, 'job-3', 2_000, () => {
        throw err
      })
    for (const code of ['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'ENOTDIR', 'EEXIST', 'EIO', 'EMFILE', 'ENFILE'])
      await expect(fails(Object.assign(new Error(code), { code }))).rejects.toMatchObject({
        code: 'BS_REPORT_STORAGE',
        statusCode: 503,
        message: `Reports cannot be written now (${code}); try again later`,
      })
    const odd = [
      Object.assign(new Error('x'), { code: 'ENOENT' }),
      Object.assign(new Error('y'), { code: 28 }),
      { code: 'EIO' },
    ]
    for (const err of odd) await expect(fails(err)).rejects.toBe(err)
    // Where the reports folder should be, a file: mkdir's EEXIST, the storage's 503.
    const blocked = await mkdtemp(join(tmpdir(), 'blindspots-blocked-'))
    await writeFile(join(blocked, 'reports'), 'not a folder')
    await expect(buildReport(sql, blocked, 'job-4', 10)).rejects.toMatchObject({ code: 'BS_REPORT_STORAGE' })
    await rm(blocked, { recursive: true, force: true })
  })

  it('makes its folders as deep as they go', async () => {
    const deep = join(filesDir, 'a', 'b')
    expect(reportsDir(deep)).toBe(join(deep, 'reports'))
    await expect(buildReport(sql, deep, 'job-5', 10)).resolves.toMatchObject({ file: 'job-5.csv', rows: 10 })
  })

  it('the sweep removes reports older than the TTL and temporary files older than a minute', async () => {
    const dir = reportsDir(filesDir)
    await mkdir(dir, { recursive: true })
    const now = Date.now() / 1000
    const files: Record<string, number> = {
      'old.csv': now - 3_600,
      'fresh.csv': now - 30,
      'old.csv.1.partial': now - 90,
      'fresh.csv.1.partial': now - 30,
    }
    for (const [name, mtime] of Object.entries(files)) {
      await writeFile(join(dir, name), 'x')
      await utimes(join(dir, name), mtime, mtime)
    }
    expect(await sweepReports(filesDir, 600_000)).toBe(2)
    expect((await readdir(dir)).sort()).toEqual(['fresh.csv', 'fresh.csv.1.partial'])
    // A TTL under a minute applies to temporary files too.
    expect(await sweepReports(filesDir, 10_000)).toBe(2)
    expect(await readdir(dir)).toEqual([])
    // No folder yet: nothing to sweep, no error.
    expect(await sweepReports(join(filesDir, 'missing'), 1_000)).toBe(0)
  })
})
