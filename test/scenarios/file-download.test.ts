/**
 * File download: both variants send the same bytes; with slow clients the buffered variant holds
 * a whole copy of the file per response, the streamed one a few chunks.
 */
import { createHash } from 'node:crypto'
import { connect } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { request } from 'undici'
import { describe, expect, it } from 'vitest'
import { useListeningApp } from '../helpers/app.js'

const SLOW_CLIENTS = 16

describe('file-download', () => {
  const server = useListeningApp()

  async function download(variant: string) {
    const { statusCode, headers, body } = await request(`${server.url}/catalog/${variant}`)
    const hash = createHash('sha256')
    for await (const chunk of body) hash.update(chunk as Buffer)
    return { statusCode, length: Number(headers['content-length']), type: headers['content-type'], sha: hash.digest('hex') }
  }

  it('both variants send the same bytes, with their length', async () => {
    const [buffered, streamed] = [await download('buffered'), await download('streamed')]
    expect(buffered.statusCode).toBe(200)
    expect(buffered.length).toBeGreaterThan(4_000_000)
    expect(buffered.type).toMatch(/^application\/json/)
    expect(streamed).toEqual(buffered)
  })

  /**
   * Buffer memory the server still references while SLOW_CLIENTS downloads sit unread. The slow
   * clients are raw sockets that send a request and then read nothing (paused), so the client side
   * holds no buffers in this process; a full GC before each reading (vitest runs with
   * --expose-gc) counts what is held, not garbage not yet collected.
   */
  async function heldBySlowClients(variant: string): Promise<number> {
    const gc = (globalThis as { gc?: () => void }).gc
    if (!gc) throw new Error('run with --expose-gc (see vitest.config.ts)')
    gc()
    const before = process.memoryUsage().arrayBuffers
    const { port } = new URL(server.url)
    const clients = Array.from({ length: SLOW_CLIENTS }, () => {
      const socket = connect(Number(port), '127.0.0.1')
      socket.write(`GET /catalog/${variant} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`)
      socket.pause()
      return socket
    })
    await sleep(500)
    gc()
    const held = process.memoryUsage().arrayBuffers - before
    for (const socket of clients) socket.destroy()
    return held
  }

  it('with clients that read slowly, buffering holds the file per response, streaming does not', async () => {
    const streamed = await heldBySlowClients('streamed')
    const buffered = await heldBySlowClients('buffered')
    expect(buffered).toBeGreaterThan(SLOW_CLIENTS * 1_000_000)
    expect(buffered).toBeGreaterThan(4 * Math.max(streamed, 1_000_000))
  })
})
