/** Small real servers that misbehave on purpose, for the error paths. */
import { once } from 'node:events'
import { createConnection, createServer as createTcpServer, type Server, type Socket } from 'node:net'
import { Worker } from 'node:worker_threads'

export interface TestServer {
  readonly url: string
  close(): Promise<void>
}

async function listen(server: Server, sockets: Set<Socket>): Promise<TestServer> {
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no address')
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy()
      server.close()
      await once(server, 'close')
    },
  }
}

/**
 * Accepts connections, reads what it is sent and never says a word: the upstream that hangs.
 * `open()` counts its connections still open: a client that gave up must also have closed its own.
 */
export async function silentServer(): Promise<TestServer & { open(): number }> {
  const sockets = new Set<Socket>()
  const server = createTcpServer((socket) => socket.resume().on('error', () => {}))
  return { ...(await listen(server, sockets)), open: () => sockets.size }
}

/**
 * A server in a worker thread, with an event loop of its own: a server on the test's own thread
 * could not answer the blocking variant, whose whole point is that it stops that thread while it
 * waits (it would time out instead). `handler` is the source of a `(req, res) => …` function.
 */
async function threadServer(handler: string, workerData: unknown = {}): Promise<TestServer & { worker: Worker }> {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads')
     const server = require('node:http').createServer(${handler})
     // Connections accepted, and the most open at once (read by countingServer).
     server.counts = { accepted: 0, open: 0, mostOpen: 0 }
     server.on('connection', (socket) => {
       server.counts.accepted++
       server.counts.mostOpen = Math.max(server.counts.mostOpen, ++server.counts.open)
       socket.on('close', () => server.counts.open--)
     })
     parentPort.on('message', () => parentPort.postMessage(server.counts))
     server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port))`,
    { eval: true, workerData },
  )
  const [port] = (await once(worker, 'message')) as [number]
  return {
    worker,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await worker.terminate()
    },
  }
}

/** Answers every request at once with `status`. */
export function statusServer(status: number): Promise<TestServer> {
  return threadServer(
    `(req, res) => res.writeHead(workerData.status, { 'content-type': 'application/json' }).end('{}')`,
    { status },
  )
}

/**
 * Sends its headers at once, then a body a byte every `everyMs`, for ever: it never goes quiet for
 * long, so a timeout between chunks never fires. Only a deadline on the whole call ends it.
 */
export function tricklingServer(everyMs: number): Promise<TestServer> {
  return threadServer(
    `(req, res) => {
       res.writeHead(200, { 'content-type': 'application/json' })
       res.write('{')
       const timer = setInterval(() => res.write(' '), workerData.everyMs)
       res.on('close', () => clearInterval(timer))
     }`,
    { everyMs },
  )
}

/** Sends its headers and half a body, then resets the connection. */
export function resettingServer(): Promise<TestServer> {
  return threadServer(
    `(req, res) => {
       res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' })
       res.write('{"delayMs":', () => setTimeout(() => res.socket.resetAndDestroy(), 20))
     }`,
  )
}

/**
 * The upstream's `/delay/N` (answers `{ delayMs: N }` after N ms), counting the TCP connections it
 * accepts, and the most open at once: what tells a pooled client from one that connects per call.
 */
export async function countingServer(): Promise<
  TestServer & { connections(): Promise<{ accepted: number; mostOpen: number }> }
> {
  const server = await threadServer(
    `(req, res) => {
       const delayMs = Number(req.url.split('/').pop())
       setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ delayMs })), delayMs)
     }`,
  )
  return {
    ...server,
    async connections() {
      // Asked over the worker's port, not HTTP, so that asking opens no connection of its own.
      const answer = once(server.worker, 'message') as Promise<[{ accepted: number; mostOpen: number }]>
      server.worker.postMessage('counts')
      return (await answer)[0]
    },
  }
}

/** A loopback port with nothing listening on it (listened on, then closed). */
export async function closedPortUrl(protocol = 'http'): Promise<string> {
  const server = await silentServer()
  await server.close()
  return server.url.replace('http', protocol)
}

/**
 * A TCP proxy to `target` (a URL whose host and port it forwards to), with `url` the same URL
 * through it. Once `dropNextWrite()` is called, the next connection that sends anything is closed
 * instead of forwarded: a server that went away (a restart, an administrator) as a client that had
 * not yet read the close finds it, by writing.
 */
export async function droppingProxy(target: string): Promise<TestServer & { dropNextWrite(): void }> {
  const to = new URL(target)
  const sockets = new Set<Socket>()
  let drop = false
  const server = createTcpServer((client) => {
    const upstream = createConnection(Number(to.port || 5432), to.hostname)
    sockets.add(upstream)
    const closeBoth = () => {
      client.destroy()
      upstream.destroy()
    }
    client.on('data', (chunk: Buffer) => {
      if (drop) {
        drop = false
        closeBoth()
      } else upstream.write(chunk)
    })
    upstream.on('data', (chunk: Buffer) => client.write(chunk))
    for (const socket of [client, upstream]) socket.on('error', closeBoth).on('close', closeBoth)
  })
  const listening = await listen(server, sockets)
  const through = new URL(target)
  through.hostname = '127.0.0.1'
  through.port = new URL(listening.url).port
  return { url: through.toString(), close: () => listening.close(), dropNextWrite: () => (drop = true) }
}
