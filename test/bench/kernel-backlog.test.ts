/**
 * The bench waits between runs until the API is idle; a blocked loop leaves requests the API has
 * not even accepted, which only the kernel sees. A server of our own, blocked while clients connect,
 * send and leave (as autocannon's do at the end of a warm-up), must have handled every one of them
 * once waitUntilIdle returns: the API's own in-flight count and /health cannot tell it.
 */
import { connect } from 'node:net'
import { Agent, getGlobalDispatcher, request, setGlobalDispatcher } from 'undici'
import { describe, expect, it } from 'vitest'
import { healthLatency, waitUntilIdle } from '../../bench/api-process.js'
import { startPortServer } from '../../bench/doctor/port-server.js'
import { backlogInTable, kernelBacklog, kernelHoldsRequests } from '../../bench/kernel-backlog.js'
import { waitFor } from '../helpers/wait.js'

// Port 8080 is 1F90. Rows: its listening socket with 3 waiting, two connections with unread bytes
// (one the client has closed), one read to the end, a client socket whose remote is 8080 (not the
// server's), another port's listening socket, a closed connection read up to its FIN.
const TABLE = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1F90 00000000:0000 0A 00000000:00000003 00:00000000 00000000     0        0 5405 1 0 100 0 0 10 0
   1: 0100007F:1F90 0100007F:C350 01 00000000:0000004E 00:00000000 00000000     0        0 7777 1 0 100 0 0 10 0
   2: 0100007F:1F90 0100007F:C351 08 00000000:0000004E 00:00000000 00000000     0        0 7778 1 0 100 0 0 10 0
   3: 0100007F:1F90 0100007F:C352 01 00000000:00000000 00:00000000 00000000     0        0 7779 1 0 100 0 0 10 0
   4: 0100007F:C353 0100007F:1F90 01 00000000:000000FF 00:00000000 00000000     0        0 7780 1 0 100 0 0 10 0
   5: 00000000:1F91 00000000:0000 0A 00000000:00000009 00:00000000 00000000   101        0 4383 1 0 100 0 0 10 0
   6: 0100007F:1F90 0100007F:C354 08 00000000:00000001 00:00000000 00000000     0        0 7781 1 0 100 0 0 10 0
`

describe('the kernel backlog in a /proc table', () => {
  it('counts the accept queue of the port and its accepted connections with unread bytes, nothing else', () => {
    expect(backlogInTable(TABLE, 8080)).toEqual({ unaccepted: 3, unread: 2 })
    expect(backlogInTable(TABLE, 8081)).toEqual({ unaccepted: 9, unread: 0 })
    expect(backlogInTable(TABLE, 80)).toEqual({ unaccepted: 0, unread: 0 })
    expect(backlogInTable('', 8080)).toEqual({ unaccepted: 0, unread: 0 })
  })
})

/** Answers /health and /_bench/stats at once; any other path holds the loop `?ms=` ms, as a blocking variant does. */
const BLOCKING_SERVER = `
const http = require('node:http')
const held = new Int32Array(new SharedArrayBuffer(4))
let handled = 0
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://server')
  if (url.pathname === '/health') return res.end('ok')
  if (url.pathname === '/_bench/stats') return res.end(JSON.stringify({ inFlight: 1 }))
  if (url.pathname === '/handled') return res.end(String(handled))
  Atomics.wait(held, 0, 0, Number(url.searchParams.get('ms')))
  if (url.pathname === '/left') handled++
  res.end('done')
})
server.listen(0, '127.0.0.1', () => console.log(server.address().port))
`

/** Sends one GET on a connection of its own and leaves without reading the reply. */
function sendAndLeave(port: number, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.end(`GET ${path} HTTP/1.1\r\nHost: server\r\nConnection: close\r\n\r\n`, () => resolve())
    })
    socket.on('error', reject)
    socket.resume()
  })
}

describe.runIf(process.platform === 'linux')('waitUntilIdle and a blocked server', () => {
  it('returns only once the server has handled the requests it had not yet accepted', { timeout: 60_000 }, async () => {
    const server = await startPortServer(process.execPath, ['-e', BLOCKING_SERVER])
    // Every check on one connection, as undici mostly keeps it. A second one, which it may open
    // while releasing the first, waits in the accept queue behind the backlog: it would wait the
    // backlog out by chance, and hide whether waitUntilIdle looks for it.
    const dispatcher = getGlobalDispatcher()
    setGlobalDispatcher(new Agent({ connections: 1 }))
    try {
      const port = Number(new URL(server.origin).port)
      // As in a bench run, that connection is open before the load.
      await healthLatency(server.origin)
      // The server reads this request and holds its loop; once the kernel holds nothing, it is held.
      await sendAndLeave(port, '/block?ms=2000')
      await waitFor('the server to take the blocking request', () => !kernelHoldsRequests(port))
      // Clients that send and leave meanwhile; once the hold ends, the server accepts one a loop
      // turn and holds it 5 ms, too little for /health to show, for a second of turns.
      const clients = 200
      await Promise.all(Array.from({ length: clients }, () => sendAndLeave(port, '/left?ms=5')))
      expect(kernelBacklog(port)!.unaccepted).toBeGreaterThan(0)

      await waitUntilIdle(server.origin)

      // On the runner's connection: a new one would queue behind whatever is left.
      const handled = Number(await (await request(`${server.origin}/handled`)).body.text())
      expect(handled).toBe(clients)
    } finally {
      setGlobalDispatcher(dispatcher)
      await server.stop()
    }
  })
})
