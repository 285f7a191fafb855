/**
 * A clean, prompt drain on shutdown. Fastify answers requests that *arrive* while closing with
 * 503, and Node's `server.close()` closes the keep-alive sockets it considers idle. But sockets
 * busy when close starts, and in our tests some that sat idle in a client's keep-alive pool,
 * stayed open until the client's keep-alive timer ended them (Fastify advertises 72 s), and
 * `app.close()` waited all that time.
 * So we count the requests in flight on each socket ourselves. When close begins, every socket
 * that has served a request and has none in flight is closed. A socket that has not sent its first
 * request yet may have one on the wire: it gets a short grace (to receive its 503) and is closed
 * after it if it is still idle (left alone, Node ends it only at headersTimeout, a minute later).
 * Replies sent from then on carry `Connection: close`, so their sockets end right after them; a
 * reply already under way when close began ends its socket when it is out.
 * Nothing in flight is lost, and close returns as soon as the last reply is out.
 */
import type { Socket } from 'node:net'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

interface SocketState {
  inFlight: number
  served: number
}

export const FRESH_SOCKET_GRACE_MS = 1_000

async function drainOnClosePlugin(app: FastifyInstance) {
  const sockets = new Map<Socket, SocketState>()
  let closing = false
  let grace: NodeJS.Timeout | undefined
  const closeIdle = (servedAtLeast: number) => {
    // destroy, as Node's own closeIdleConnections does: their replies are already handed to the
    // OS, and a client that never reads its last reply would hold a half-closed socket open.
    for (const [socket, { inFlight, served }] of sockets)
      if (inFlight === 0 && served >= servedAtLeast) socket.destroy()
  }

  app.server.on('connection', (socket: Socket) => {
    sockets.set(socket, { inFlight: 0, served: 0 })
    socket.once('close', () => sockets.delete(socket))
  })
  // Only sockets the server accepted are tracked (app.inject has none). Callback-style hooks:
  // they run on every request, and an async hook costs a promise each time.
  app.addHook('onRequest', (request, _reply, done) => {
    const state = sockets.get(request.raw.socket)
    if (state) state.inFlight++
    done()
  })
  app.addHook('onResponse', (request, _reply, done) => {
    const state = sockets.get(request.raw.socket)
    if (state) {
      state.inFlight--
      state.served++
      // A reply whose headers went out before the close began still said keep-alive: once it is
      // out, its socket is idle and nothing else would end it.
      if (closing && state.inFlight === 0) request.raw.socket.destroy()
    }
    done()
  })
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) void reply.header('connection', 'close')
    done(null, payload)
  })
  app.addHook('preClose', async () => {
    closing = true
    closeIdle(1)
    grace = setTimeout(() => closeIdle(0), FRESH_SOCKET_GRACE_MS)
    grace.unref()
  })
  app.addHook('onClose', async () => clearTimeout(grace))
}

export default fp(drainOnClosePlugin, { name: 'drain-on-close', fastify: '5.x' })
