/**
 * Redis restarted while jobs wait and run: the redis-server the project starts keeps every write
 * in an append-only file (fsync every second; a clean stop flushes it all), so after the restart
 * every job is there and runs to completion exactly once. Two jobs are held running inside the
 * worker (a table lock holds their query) across the restart; eight wait behind them.
 */
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ChildProcess } from 'node:child_process'
import { afterAll, describe, expect, it } from 'vitest'
import { stopProcess } from '../../src/infra/child-process.js'
import { freePort } from '../../src/infra/free-port.js'
import { startRedisServer } from '../../src/infra/redis.js'
import { listeningApp } from '../helpers/app.js'
import { OrdersLock } from '../helpers/orders-lock.js'
import { redisServerOnPath } from '../helpers/redis-server.js'
import { waitFor } from '../helpers/wait.js'

const JOBS = 10
const RUNNING = 2

describe('report jobs across a Redis restart', () => {
  const binary = redisServerOnPath()
  const lock = new OrdersLock()
  let server: ChildProcess | undefined
  let dir = ''
  afterAll(async () => {
    await lock.release()
    await lock.close()
    if (server) await stopProcess(server)
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it.runIf(binary)(
    '0 lost, 0 run twice: every job queued or running when Redis restarted completes once',
    async () => {
      dir = await mkdtemp(join(tmpdir(), 'blindspots-redis-restart-'))
      const port = await freePort()
      server = await startRedisServer(binary!, port, dir)
      const { app } = await listeningApp({
        redisUrl: `redis://127.0.0.1:${port}`,
        reports: { worker: 'in-process', concurrency: RUNNING, queuePrefix: `test-${randomUUID()}` },
      })
      try {
        await lock.take()
        const ids: string[] = []
        for (let i = 0; i < JOBS; i++)
          ids.push((await app.reports.enqueue({ rows: 100, simulateFailures: 0 }, undefined)).id)
        await lock.untilWaiting(RUNNING)

        await stopProcess(server)
        server = await startRedisServer(binary!, port, dir)
        await lock.release()

        const states = async () =>
          Promise.all(
            ids.map(async (id) => {
              const found = await app.reports.find(id).catch(() => null)
              return found && 'job' in found ? found.state : 'missing'
            }),
          )
        await waitFor(`all ${JOBS} jobs completed`, async () => (await states()).every((s) => s === 'completed'), {
          timeoutMs: 30_000,
          intervalMs: 200,
        })
        // Each job's log has one "attempt … started" line per run: one run each.
        for (const id of ids)
          expect((await app.reports.log(id)).filter((line) => line.startsWith('attempt'))).toHaveLength(1)
      } finally {
        await app.close()
      }
    },
    90_000,
  )
})
