/**
 * Logging: both destinations write every line, and a clean shutdown loses none; a bad line count
 * is a 400. The claim, against a real pipe and a reader in another process (src/exhibits/log-sink) that the
 * test pauses and resumes: while the reader is paused, a synchronous destination holds the event
 * loop (the API does not even answer /health) until the reader resumes; the bounded buffer keeps
 * answering and loses nothing once the reader catches up. And when the reader cannot keep up, the
 * buffer stays bounded: memory stops growing, the lines it drops are counted, and every line is
 * either read or counted. The API runs in its own process, so a blocked loop there cannot hold
 * the test that watches it.
 */
import { execFileSync, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { healthLatency, startApi, type ApiProcess } from '../../../../bench/api-process.js'
import { startLogSink, type LogSink } from '../../infra/log-sink.js'
import { BUFFER_BYTES, boundedAsyncDestination } from './async-destination.js'
import { logFilePath } from './log-lines.js'
import { listeningApp } from '../../../../test/helpers/app.js'
import { get, post } from '../../../../test/helpers/http.js'
import { waitFor } from '../../../../test/helpers/wait.js'

const REQUESTS = 200
const LINES = 7
/** The reader reads 1 ms a minute: paused, for as long as any test here lasts. */
const PAUSED = { readMs: 1, everyMs: 60_000 }
const KEEP_UP = { readMs: 100, everyMs: 100 }

describe('logging', () => {
  for (const variant of ['sync', 'async']) {
    it(`${variant}: ${REQUESTS} × ${LINES} lines, all in the file after a clean shutdown`, async () => {
      const filesDir = await mkdtemp(join(tmpdir(), 'blindspots-logs-'))
      const { app, url } = await listeningApp({ filesDir })
      try {
        const replies = await Promise.all(
          Array.from({ length: REQUESTS }, () => get(`${url}/logging/${variant}?lines=${LINES}`)),
        )
        expect(replies.every((r) => r.status === 200)).toBe(true)
        expect(replies[0]!.body).toEqual({ lines: LINES, droppedLines: 0 })
        expect((await get(`${url}/logging/${variant}?lines=0`)).status).toBe(400)
      } finally {
        await app.close()
      }
      const lines = (await readFile(logFilePath(filesDir, variant), 'utf8')).split('\n').filter(Boolean)
      expect(lines).toHaveLength(REQUESTS * LINES)
      expect(JSON.parse(lines.at(-1)!)).toMatchObject({ variant, msg: 'order pipeline step done' })
      await rm(filesDir, { recursive: true, force: true })
    })
  }

  it('async, once its reader has gone (EPIPE): every line it drops from then on is counted, and it says so', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'blindspots-log-epipe-'))
    const fifo = join(dir, 'log.fifo')
    execFileSync('mkfifo', [fifo])
    const logged: Array<{ level: string; args: unknown[] }> = []
    const at =
      (level: string) =>
      (...args: unknown[]) =>
        void logged.push({ level, args })
    const log = { error: at('error'), warn: at('warn') } as unknown as FastifyInstance['log']
    // The reader in a process of its own, as a log shipper would be; killed, its end of the pipe closes.
    const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'ignore'] })
    const destination = boundedAsyncDestination(fifo, log)
    try {
      destination.write('{"msg":"first"}\n')
      await once(reader.stdout, 'data')
      reader.kill()
      await once(reader, 'exit')
      // The next writes reach a pipe with no reader: the first to fail tells the destination.
      await waitFor('the destination to see its reader gone', () => {
        destination.write('{"msg":"after"}\n')
        return logged.some((l) => l.level === 'error')
      })
      const before = destination.droppedLines
      for (let i = 0; i < 100; i++) destination.write('{"msg":"lost"}\n')
      expect(destination.droppedLines - before).toBe(100)
      expect(logged.filter((l) => l.level === 'error')).toHaveLength(1)
      expect(logged.find((l) => l.level === 'warn')?.args[0]).toMatchObject({ droppedLines: expect.any(Number) })
    } finally {
      await destination.end()
      await rm(dir, { recursive: true, force: true })
    }
  })

  describe('to a pipe whose reader pauses', () => {
    let sink: LogSink
    let api: ApiProcess
    let filesDir: string
    beforeAll(async () => {
      filesDir = await mkdtemp(join(tmpdir(), 'blindspots-log-pipe-'))
      sink = await startLogSink(PAUSED)
      api = await startApi({
        NODE_ENV: 'test',
        LOG_LEVEL: 'error',
        BENCH_ROUTES: 'true',
        DATABASE_URL: inject('databaseUrl'),
        REDIS_URL: inject('redisUrl'),
        UPSTREAM_URL: inject('upstreamUrl'),
        REPORT_WORKER: 'separate',
        FILES_DIR: filesDir,
        LOGGING_DESTINATION: sink.fifo,
      })
    }, 90_000)
    afterAll(async () => {
      await sink?.setPace(KEEP_UP)
      await api?.stop()
      await sink?.stop()
      await rm(filesDir, { recursive: true, force: true })
    })
    const log = (variant: string, lines: number, timeoutMs = 60_000) =>
      get(`${api.url}/logging/${variant}?lines=${lines}`, timeoutMs)

    it('sync holds the event loop until the reader resumes; async answers and, once the reader catches up, loses no line', async () => {
      await sink.setPace(PAUSED)
      const before = (await sink.stats()).lines
      // ~600 KB of log, ten times what the pipe holds: the async variant answers all the same.
      const asyncReplies = await Promise.all([1, 2, 3].map(() => log('async', 1_000, 10_000)))
      expect(asyncReplies.map((r) => r.status)).toEqual([200, 200, 200])
      expect(await healthLatency(api.url, 5_000)).toBeLessThan(Infinity)

      const sync = log('sync', 1_000)
      // While the reader is paused the sync variant's write(2) waits, and so does the whole loop:
      // not even /health answers. (A bound, and a wide one: the reader stays paused for a minute.)
      expect(await healthLatency(api.url, 2_000)).toBe(Infinity)
      await sink.setPace(KEEP_UP)
      expect((await sync).status).toBe(200)
      expect(await healthLatency(api.url, 5_000)).toBeLessThan(Infinity)
      await waitFor(
        'every line reaches the reader',
        async () => (await sink.stats()).lines - before === 4_000 || undefined,
        { timeoutMs: 30_000 },
      )
      expect((await log('async', 1)).body).toMatchObject({ droppedLines: 0 })
    }, 120_000)

    it('async, when the reader cannot keep up: memory stays bounded and every line is read or counted as dropped', async () => {
      await sink.setPace(PAUSED)
      const before = (await sink.stats()).lines
      const droppedBefore = ((await log('async', 1)).body as { droppedLines: number }).droppedLines
      expect(await post(`${api.url}/_bench/reset`)).toBe(204)
      // 80 MB of log lines, ten times the buffer: unbounded, memory would grow by all of it.
      const requests = 400
      const lines = 1_000
      for (let sent = 0; sent < requests; sent += 8) {
        const replies = await Promise.all(Array.from({ length: 8 }, () => log('async', lines, 10_000)))
        expect(replies.every((r) => r.status === 200)).toBe(true)
      }
      const { rssPeakMb, rssAtResetMb } = (await get(`${api.url}/_bench/stats`)).body as {
        rssPeakMb: number
        rssAtResetMb: number
      }
      const dropped = ((await log('async', 1)).body as { droppedLines: number }).droppedLines - droppedBefore
      expect(dropped).toBeGreaterThan(0)
      // The buffer (8 MiB) plus what the garbage collector has not returned yet; far below 80 MB.
      expect(rssPeakMb - rssAtResetMb).toBeLessThan(3 * (BUFFER_BYTES / 2 ** 20) + 16)
      await sink.setPace(KEEP_UP)
      // Conservation: every line written since `before` was read or counted as dropped (the +2:
      // the two requests that read the count wrote a line each).
      const sent = requests * lines + 2
      await waitFor(
        'every line is read or counted',
        async () => (await sink.stats()).lines - before + dropped === sent || undefined,
        { timeoutMs: 30_000 },
      )
    }, 180_000)
  })
})
