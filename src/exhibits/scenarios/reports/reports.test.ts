/**
 * Reports: both variants refuse bad input alike. The claim: inline holds the request for as long as
 * the report takes, offloaded answers 202 at once, even while the report cannot start. A lock on
 * `orders` holds the report's query, so "the report takes long" is a state the test sets, not a
 * timing it hopes for. A folder reports cannot be written to is a 503, not a bug's 500. (The queue
 * itself, retries and dead letters: test/jobs/.)
 */
import { execFileSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { listeningApp, useListeningApp } from '../../../../test/helpers/app.js'
import { get, postJson } from '../../../../test/helpers/http.js'
import { OrdersLock } from '../../../../test/helpers/orders-lock.js'
import { waitFor } from '../../../../test/helpers/wait.js'

const filesDir = await mkdtemp(join(tmpdir(), 'blindspots-reports-'))

describe('reports', () => {
  const server = useListeningApp({ filesDir, reports: { worker: 'in-process', queuePrefix: `test-${randomUUID()}` } })
  const post = (variant: string, body: unknown, timeoutMs?: number) =>
    postJson(`${server.url}/reports/${variant}`, body, timeoutMs)

  it('both variants make the same report: inline before the reply, offloaded by a worker', async () => {
    const inline = await post('inline', { rows: 1_000 })
    expect(inline).toMatchObject({ status: 200, body: { state: 'completed', result: { rows: 1_000 } } })
    const accepted = await post('offloaded', { rows: 1_000 })
    expect(accepted.status).toBe(202)
    const id = (accepted.body as { id: string }).id
    const job = await waitFor(
      'the offloaded report is built',
      async () => {
        const view = (await get(`${server.url}/jobs/${id}`)).body as {
          state: string
          result: { rows: number; bytes: number } | null
        }
        return view.state === 'completed' ? view : undefined
      },
      { timeoutMs: 20_000 },
    )
    const inlineResult = (inline.body as { result: { rows: number; bytes: number } }).result
    expect(job.result).toMatchObject({ rows: inlineResult.rows, bytes: inlineResult.bytes })
  })

  it('both variants refuse bad input with the same 400', async () => {
    for (const bad of [{ rows: 0 }, { rows: 'ten' }, { rows: 10, simulateFailures: -1 }]) {
      const [inline, offloaded] = await Promise.all([post('inline', bad), post('offloaded', bad)])
      expect(inline.status).toBe(400)
      expect(offloaded.body).toEqual(inline.body)
    }
  })

  it('inline holds the request until the report is built; offloaded answers 202 while it cannot even start', async () => {
    const lock = new OrdersLock()
    try {
      await lock.take()
      let inlineAnswered = false
      const inline = post('inline', { rows: 100 }).then((reply) => {
        inlineAnswered = true
        return reply
      })
      await lock.untilWaiting(1, 'blindspots')
      // The offloaded reply comes while the report waits on the lock; a bound, not a hope.
      const offloaded = await waitFor(
        'offloaded answers while the report is held',
        () => post('offloaded', { rows: 100 }, 5_000),
        { timeoutMs: 5_000 },
      )
      expect(offloaded.status).toBe(202)
      expect(inlineAnswered).toBe(false)
      await lock.release()
      expect(await inline).toMatchObject({ status: 200, body: { state: 'completed', result: { rows: 100 } } })
    } finally {
      await lock.close()
    }
  })
})

describe('reports when their folder cannot be written', () => {
  /**
   * The reports folder (FILES_DIR/reports): a file in its place, or a read-only file system where root may
   * mount one.
   */
  const unwritable: Array<[string, (filesDir: string) => Promise<() => void>, boolean]> = [
    [
      'a file in the reports folder’s place',
      async (filesDir) => {
        await writeFile(join(filesDir, 'reports'), 'not a folder')
        return () => {}
      },
      true,
    ],
    [
      'a read-only reports folder',
      async (filesDir) => {
        await mkdir(join(filesDir, 'reports'))
        execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', join(filesDir, 'reports')])
        return () => execFileSync('umount', [join(filesDir, 'reports')])
      },
      canMount(),
    ],
  ]
  for (const [what, setUp, runs] of unwritable) {
    it.runIf(runs)(`${what}: inline answers 503 naming the cause, not a 500`, async () => {
      const unwritableDir = await mkdtemp(join(tmpdir(), 'blindspots-unwritable-'))
      const cleanUp = await setUp(unwritableDir)
      const { app, url } = await listeningApp({ filesDir: unwritableDir })
      try {
        const reply = await postJson(`${url}/reports/inline`, { rows: 10 })
        expect(reply).toMatchObject({
          status: 503,
          body: {
            code: 'BS_REPORT_STORAGE',
            message: expect.stringMatching(/^Reports cannot be written now \((EEXIST|ENOTDIR|EROFS)\)/),
          },
        })
      } finally {
        await app.close()
        cleanUp()
        rmSync(unwritableDir, { recursive: true, force: true })
      }
    })
  }
})

function canMount(): boolean {
  if (process.getuid?.() !== 0) return false
  const dir = mkdtempSync(join(tmpdir(), 'blindspots-mount-probe-'))
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', dir], { stdio: 'ignore' })
    execFileSync('umount', [dir])
    return true
  } catch {
    return false
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
