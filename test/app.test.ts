import { once } from 'node:events'
import { connect } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
// exhibit:start
import { Redis } from 'ioredis'
import { inject } from 'vitest'
// exhibit:end
import { request } from 'undici'
import { get } from './helpers/http.js'
import { waitFor } from './helpers/wait.js'
import { buildApp } from '../src/app.js'
import { errorReplySchema } from '../src/errors.js'
import { listeningApp, testConfig } from './helpers/app.js'
import { heldDownload } from './helpers/held-download.js'
import { FRESH_SOCKET_GRACE_MS } from '../src/plugins/drain-on-close.js'

describe('the app', () => {
  it('lets in-flight requests finish on close, and refuses new ones', async () => {
    const { app, url } = await listeningApp()
    // Three responses held mid-body by clients that do not read yet.
    const held = await Promise.all([1, 2, 3].map(() => heldDownload(url, app.config.filesDir)))
    expect(held.map((h) => h.status)).toEqual([200, 200, 200])
    const closing = app.close()
    const bodies = await Promise.all(held.map((h) => h.finish()))
    await closing
    for (const { bytes, expected } of bodies) expect(bytes).toBe(expected)
    await expect(get(`${url}/health`, 1_000)).rejects.toThrow()
  })

  it('a reply under way when the close began, still out after the idle sockets were closed: its socket ends with it, and close returns', async () => {
    const { app, url } = await listeningApp()
    const held = await heldDownload(url, app.config.filesDir)
    let closed = false
    const closing = app.close().then(() => (closed = true))
    // Past the grace after which the close no longer looks for idle sockets: the reply said keep-alive when it began.
    await sleep(FRESH_SOCKET_GRACE_MS + 500)
    expect(closed).toBe(false)
    const { bytes, expected } = await held.finish()
    expect(bytes).toBe(expected)
    await waitFor('app.close() returns once the last reply is out', () => closed, { timeoutMs: 10_000 })
    await closing
  })

  it('a reply sent while closing says Connection: close, so its socket ends with it', async () => {
    const { app, url } = await listeningApp()
    // A request that waits for a pool connection (all held here) while the close begins.
    const held = await Promise.all(Array.from({ length: app.dbGate.size }, () => app.dbGate.acquire()))
    const waiting = request(`${url}/orders/1`, { headersTimeout: 10_000 })
    await waitFor('the request waits for a connection', () => app.dbGate.waiting === 1)
    const closing = app.close()
    held.forEach((release) => release())
    const { statusCode, headers, body } = await waiting
    await body.dump()
    await closing
    expect(statusCode).toBe(200)
    expect(headers.connection).toBe('close')
  })

  // exhibit:start (the failing plugin here is the scenarios' mount)
  it('a plugin that fails to register leaves nothing open behind it (the Redis client it had opened is closed)', async () => {
    const redis = new Redis(inject('redisUrl'))
    try {
      const clients = async () =>
        String(await redis.call('CLIENT', 'LIST'))
          .split('\n')
          .filter(Boolean).length
      const before = await clients()
      // The scenarios mount last, after the db pool and the Redis client have opened.
      await expect(buildApp(testConfig({ scenarioFlags: { SCENARIO_EXPORT: 'turbo' } }))).rejects.toThrow(
        /SCENARIO_EXPORT=turbo/,
      )
      await waitFor('the failed app to close its Redis client', async () => (await clients()) === before, {
        timeoutMs: 5_000,
      })
    } finally {
      redis.disconnect()
    }
  })
  // exhibit:end

  it('a client that trickles its headers forever is cut off within 2 s of REQUEST_TIMEOUT_MS', async () => {
    const timeoutMs = 3_000
    const { app, url } = await listeningApp({ requestTimeoutMs: timeoutMs })
    const { hostname, port } = new URL(url)
    const socket = connect(Number(port), hostname)
    try {
      await once(socket, 'connect')
      const start = performance.now()
      socket.write(`GET /health HTTP/1.1\r\nHost: ${hostname}\r\n`)
      // Slowloris: a header byte every 200 ms, never the blank line that ends the headers.
      const trickle = setInterval(() => socket.write('X'), 200)
      let reply = ''
      socket.on('data', (chunk: Buffer) => (reply += chunk.toString()))
      const closedAfter = await Promise.race([
        once(socket, 'close').then(() => performance.now() - start),
        sleep(timeoutMs + 10_000).then(() => Infinity),
      ])
      clearInterval(trickle)
      expect(closedAfter).toBeGreaterThan(0.9 * timeoutMs)
      expect(closedAfter).toBeLessThan(timeoutMs + 2_000)
      expect(reply).toMatch(/^HTTP\/1\.1 408/)
    } finally {
      socket.destroy()
      await app.close()
    }
  })

  it('answers unknown routes with a 404 in the error shape', async () => {
    const { app, url } = await listeningApp()
    try {
      expect(await get(`${url}/nope`)).toMatchObject({
        status: 404,
        body: { statusCode: 404, code: 'BS_NOT_FOUND', message: 'Route GET /nope not found' },
      })
    } finally {
      await app.close()
    }
  })

  it('hides the internals of a 500 behind the request id', async () => {
    const app = await buildApp(testConfig())
    app.get('/boom', { schema: { response: { 500: errorReplySchema } } }, async () => {
      throw new Error('password=hunter2 in a stack nobody should see')
    })
    try {
      const reply = await app.inject('/boom')
      expect(reply.statusCode).toBe(500)
      expect(reply.json()).toEqual({
        statusCode: 500,
        code: 'BS_INTERNAL',
        error: 'Internal Server Error',
        message: expect.stringMatching(/^Internal error \(request id req-\w+\)$/),
      })
      expect(reply.body).not.toContain('hunter2')
    } finally {
      await app.close()
    }
  })
})
