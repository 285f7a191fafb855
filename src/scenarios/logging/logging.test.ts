/**
 * Logging: both destinations write every line, and a clean shutdown (app.close) loses none, even
 * from the asynchronous destination that holds lines in a buffer; a bad line count is a 400. The
 * difference itself: the sync destination has written a line when the reply goes out, the async
 * one has not (it writes later, off the request path).
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { logFilePath } from './log-lines.js'
import { listeningApp } from '../../../test/helpers/app.js'
import { get } from '../../../test/helpers/http.js'

const REQUESTS = 200
const LINES = 7

describe('logging', () => {
  for (const variant of ['sync', 'async']) {
    it(`${variant}: ${REQUESTS} × ${LINES} lines, all in the file after a clean shutdown`, async () => {
      const filesDir = await mkdtemp(join(tmpdir(), 'blindspots-logs-'))
      const { app, url } = await listeningApp({ filesDir })
      try {
        const replies = await Promise.all(Array.from({ length: REQUESTS }, () => get(`${url}/logging/${variant}?lines=${LINES}`)))
        expect(replies.every((r) => r.status === 200)).toBe(true)
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

  it('sync writes each line before the reply; async keeps it off the request path, in a buffer flushed later', async () => {
    const filesDir = await mkdtemp(join(tmpdir(), 'blindspots-logs-'))
    const { app, url } = await listeningApp({ filesDir })
    const bytes = async (variant: string) => (await stat(logFilePath(filesDir, variant))).size
    try {
      for (const variant of ['sync', 'async']) expect((await get(`${url}/logging/${variant}?lines=1`)).status).toBe(200)
      expect(await bytes('sync')).toBeGreaterThan(0)
      expect(await bytes('async')).toBe(0) // one line is far below the buffer's 4 KiB
    } finally {
      await app.close()
    }
    expect(await bytes('async')).toBeGreaterThan(0)
    await rm(filesDir, { recursive: true, force: true })
  })
})
