/**
 * The doctor's two loads read every reply to its end, as a client that wants the body does: a
 * large body (a file download, an export) costs its server the whole write, and a body cut short
 * is an error, not a reply. A client that gives up on a body must close its connection (its
 * unread bytes are still coming), so one that reads to the end keeps its connections: no more of
 * them than requests were in flight at once.
 */
import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closedLoad } from '../../bench/doctor/closed-load.js'
import { openLoad } from '../../bench/open-load.js'
import { waitFor } from '../helpers/wait.js'

const BODY = Buffer.alloc(2 * 1024 * 1024, 'x')
let server: Server
let origin = ''
const written = { whole: 0, cut: 0 }
let connections = 0

beforeAll(async () => {
  server = createServer((req, res) => {
    res.on('close', () => (res.writableFinished ? written.whole++ : written.cut++))
    res.setHeader('content-length', BODY.length)
    // /cut promises the whole body, sends half, and drops the connection.
    if (req.url === '/cut') {
      res.write(BODY.subarray(0, BODY.length / 2), () => res.destroy())
      return
    }
    res.end(BODY)
  })
    .on('connection', () => connections++)
    .listen(0, '127.0.0.1')
  await once(server, 'listening')
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

// The server sees its last `close` after the client has its last byte: wait for it, bounded.
const settled = (replies: number) =>
  waitFor('the server to see every reply end', () => written.whole + written.cut >= replies)

describe('the doctor’s loads read a large body to its end', () => {
  it('the closed load: every 2 MB reply written whole, on connections kept', async () => {
    written.whole = written.cut = connections = 0
    const result = await closedLoad(origin, { method: 'GET', path: '/' }, 4, 1)
    await settled(result.replies)
    // More replies than clients: given up on, each would have taken a connection of its own.
    expect(result.replies).toBeGreaterThan(4)
    expect(result.errors).toBe(0)
    expect(written).toEqual({ whole: result.replies, cut: 0 })
    expect(connections).toBeLessThanOrEqual(4)
  })

  it('the open load: every 2 MB reply written whole, on connections kept', async () => {
    written.whole = written.cut = connections = 0
    const result = await openLoad(origin, { method: 'GET', path: '/' }, 40, 0.25)
    await settled(result.sent)
    expect(result.sent).toBe(10)
    expect(result.statuses[200]).toBe(result.sent)
    expect(written).toEqual({ whole: result.sent, cut: 0 })
    // undici may open one more while it releases the last; given up on, every reply takes its own.
    expect(connections).toBeLessThanOrEqual(result.peakInFlight + 1)
    expect(connections).toBeLessThan(result.sent)
  })

  it('a body cut short is an error in both, not a reply', async () => {
    const closed = await closedLoad(origin, { method: 'GET', path: '/cut' }, 2, 0.2)
    expect(closed.errors).toBeGreaterThan(0)
    expect(closed.replies).toBe(0)
    const open = await openLoad(origin, { method: 'GET', path: '/cut' }, 20, 0.2)
    expect(open.errors).toBe(open.sent)
    expect(open.statuses[200] ?? 0).toBe(0)
  })
})
