/**
 * Builds one report: the first `rows` orders as CSV, streamed from a Postgres cursor into a file
 * under a temporary name, renamed into place only when complete. A reader (or a second worker)
 * never sees a half-written report: rename is atomic within a directory. A worker killed midway
 * leaves only a temporary file, which the sweep deletes.
 */
import { randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { Sql } from 'postgres'
import { formats, toBytes } from '../db/order-formats.js'
import { orderRowsCursor } from '../db/orders-rows.js'
import { ReportStorageError } from '../errors.js'
import type { ReportResult } from './report-job.js'

const BATCH = 1_000
const TEMP_SUFFIX = '.partial'

/**
 * Errors that say the folder cannot take a report now (read-only, full, not ours, not a folder):
 * the storage is unavailable, a 503 for a request and a retry for a job, not a bug.
 */
const STORAGE_UNAVAILABLE = new Set([
  'EACCES',
  'EPERM',
  'EROFS',
  'ENOSPC',
  'EDQUOT',
  'ENOTDIR',
  'EEXIST',
  'EIO',
  'EMFILE',
  'ENFILE',
])

function storageError(err: unknown): unknown {
  // Equivalent if undone: Node's file errors carry a string code, and no set holds the default.
  // Stryker disable next-line ConditionalExpression,StringLiteral: as said above
  const code = err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : ''
  return STORAGE_UNAVAILABLE.has(code) ? new ReportStorageError(code) : err
}

export const reportsDir = (filesDir: string) => join(filesDir, 'reports')
export const reportFileName = (jobId: string) => `${jobId}.csv`

export async function buildReport(
  sql: Sql,
  filesDir: string,
  jobId: string,
  rows: number,
  onProgress: (done: number) => Promise<void> | void = () => {},
): Promise<ReportResult> {
  const dir = reportsDir(filesDir)
  // Stryker disable next-line BlockStatement: unmapped here, the write that follows fails with the same code, mapped
  await mkdir(dir, { recursive: true }).catch((err: unknown) => {
    throw storageError(err)
  })
  const file = reportFileName(jobId)
  const temp = join(dir, `${file}.${randomUUID()}${TEMP_SUFFIX}`)
  const csv = formats.csv
  async function* text() {
    yield csv.header
    let done = 0
    for await (const batch of orderRowsCursor(sql, rows, BATCH)) {
      yield toBytes(csv, batch)
      done += batch.length
      await onProgress(done)
    }
  }
  try {
    // Stryker disable next-line ObjectLiteral: a batch at a time or a few: memory, not outcome
    await pipeline(Readable.from(text(), { highWaterMark: 1 }), createWriteStream(temp))
    await rename(temp, join(dir, file))
  } catch (err) {
    // Stryker disable next-line ObjectLiteral,BooleanLiteral: its error is caught either way
    await rm(temp, { force: true }).catch(() => {})
    throw storageError(err)
  }
  const { size } = await stat(join(dir, file))
  return { file, rows, bytes: size }
}

/** Deletes reports older than `ttlMs`, and temporary files a killed worker left behind. */
export async function sweepReports(filesDir: string, ttlMs: number): Promise<number> {
  const dir = reportsDir(filesDir)
  const names = await readdir(dir).catch(() => [] as string[])
  let removed = 0
  for (const name of names) {
    const path = join(dir, name)
    // Stryker disable next-line ArrowFunction: null or undefined, the test below reads both alike
    const info = await stat(path).catch(() => null)
    // A temporary file older than a minute belongs to no running job (jobs write it in seconds).
    const maxAge = name.endsWith(TEMP_SUFFIX) ? Math.min(ttlMs, 60_000) : ttlMs
    // Stryker disable next-line EqualityOperator: an age exactly at the limit, to the fraction of a millisecond: chance
    if (info && Date.now() - info.mtimeMs > maxAge) {
      // Stryker disable next-line ObjectLiteral,BooleanLiteral: just read, it exists unless a sweep raced this one
      await rm(path, { force: true })
      removed++
    }
  }
  return removed
}
