/**
 * `npm run worker` as a real process: killed with SIGKILL in the middle of 20 jobs, a second
 * worker takes over (BullMQ's stalled-job recovery, after the lock expires) and all 20 complete,
 * none lost, every report whole. The second one, sent SIGTERM, exits 0.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { once } from 'node:events'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { inject, describe, expect, it } from 'vitest'
import { projectRoot } from '../../src/infra/child-process.js'
import { useListeningApp } from '../helpers/app.js'

const JOBS = 20
const ROWS = 50_000
const LOCK_MS = 2_000

describe('report worker process', () => {
  const filesDir = join(tmpdir(), `blindspots-worker-${randomUUID()}`)
  const queuePrefix = `test-${randomUUID()}`
  const server = useListeningApp({ filesDir, reports: { worker: 'separate', queuePrefix, lockMs: LOCK_MS } })

  function startWorker(): ChildProcess {
    return spawn(process.execPath, ['--import', 'tsx', 'src/worker.ts'], {
      cwd: projectRoot,
      env: {
        ...process.env,
        DATABASE_URL: inject('databaseUrl'),
        REDIS_URL: inject('redisUrl'),
        FILES_DIR: filesDir,
        QUEUE_PREFIX: queuePrefix,
        REPORT_LOCK_MS: String(LOCK_MS),
        REPORT_WORKER_CONCURRENCY: '2',
        LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    })
  }

  async function until(what: string, check: () => Promise<boolean>, timeoutMs: number) {
    const deadline = Date.now() + timeoutMs
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`)
      await sleep(50)
    }
  }

  it('SIGKILL mid-run loses no job and leaves no half-written report', async () => {
    const ids: string[] = []
    for (let i = 0; i < JOBS; i++) ids.push((await server.app.reports.enqueue({ rows: ROWS, simulateFailures: 0 }, undefined)).id)
    const counts = () => server.app.reports.counts()

    const first = startWorker()
    await until('first worker completes 3 jobs', async () => (await counts()).completed! >= 3, 60_000)
    first.kill('SIGKILL')
    await once(first, 'exit')
    const atKill = await counts()
    expect(atKill.completed).toBeLessThan(JOBS)
    // Jobs the dead worker held: still "active" until their lock expires and they are taken over.
    expect(atKill.active).toBeGreaterThan(0)

    const second = startWorker()
    await until('all jobs complete', async () => (await counts()).completed === JOBS, 90_000)
    second.kill('SIGTERM')
    const [code] = (await once(second, 'exit')) as [number | null]
    expect(code).toBe(0)

    for (const id of ids) {
      const found = await server.app.reports.find(id)
      expect(found && 'job' in found ? found.state : 'missing').toBe('completed')
      const text = await readFile(join(filesDir, 'reports', `${id}.csv`), 'utf8')
      expect(text.split('\r\n').filter(Boolean)).toHaveLength(ROWS + 1)
    }
  }, 180_000)
})
