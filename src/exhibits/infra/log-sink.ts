/** The slow log consumer (src/exhibits/log-sink) in a child process, on a FIFO of its own in a temporary directory. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { request } from 'undici'
import type { Pace } from '../log-sink/slow-consumer.js'
import { startChild } from '../../infra/child-process.js'

export interface LogSink {
  /** Where to write: the FIFO the consumer drains. */
  readonly fifo: string
  stats(): Promise<{ bytes: number; lines: number; pace: Pace }>
  setPace(pace: Pace): Promise<void>
  stop(): Promise<void>
}

export async function startLogSink(pace: Pace): Promise<LogSink> {
  const dir = mkdtempSync(join(tmpdir(), 'blindspots-log-sink-'))
  const fifo = join(dir, 'log.fifo')
  const child = await startChild('log-sink', new URL('../log-sink/main.ts', import.meta.url), [
    '--fifo',
    fifo,
    '--read-ms',
    String(pace.readMs),
    '--every-ms',
    String(pace.everyMs),
  ])
  const call = async (method: 'GET' | 'PUT', path: string, body?: unknown) => {
    const reply = await request(`${child.url}${path}`, {
      method,
      headersTimeout: 5_000,
      bodyTimeout: 5_000,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    })
    const parsed = await reply.body.json()
    if (reply.statusCode !== 200)
      throw new Error(`log sink ${method} ${path}: ${reply.statusCode} ${JSON.stringify(parsed)}`)
    return parsed
  }
  return {
    fifo,
    stats: async () => (await call('GET', '/stats')) as { bytes: number; lines: number; pace: Pace },
    setPace: async (next) => void (await call('PUT', '/pace', next)),
    async stop() {
      await child.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
