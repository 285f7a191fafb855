/**
 * A clean, prompt drain on shutdown. Fastify answers requests that *arrive* while closing with
 * 503, and Node's `server.close()` closes the keep-alive sockets it considers idle. But sockets
 * busy when close starts, and in our tests some that sat idle in a client's keep-alive pool,
 * stayed open until the client's keep-alive timer ended them (Fastify advertises 72 s), and
 * `app.close()` waited all that time.
 * So we count the requests in flight on each socket ourselves. When close begins, every socket
 * with none is ended; replies sent from then on carry `Connection: close`, so their sockets end
 * right after them. Nothing in flight is lost, and close returns as soon as the last reply is out.
 */
import type { Socket } from 'node:net'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

async function drainOnClosePlugin(app: FastifyInstance) {
  const inFlight = new Map<Socket, number>()
  let closing = false

  app.server.on('connection', (socket: Socket) => {
    inFlight.set(socket, 0)
    socket.once('close', () => inFlight.delete(socket))
  })
  // Only sockets the server accepted are counted (app.inject has none).
  app.addHook('onRequest', async (request) => {
    const requests = inFlight.get(request.raw.socket)
    if (requests !== undefined) inFlight.set(request.raw.socket, requests + 1)
  })
  app.addHook('onResponse', async (request) => {
    const requests = inFlight.get(request.raw.socket)
    if (requests !== undefined) inFlight.set(request.raw.socket, requests - 1)
  })
  app.addHook('onSend', async (_request, reply) => {
    if (closing) void reply.header('connection', 'close')
  })
  app.addHook('preClose', async () => {
    closing = true
    for (const [socket, requests] of inFlight) if (requests === 0) socket.end()
  })
}

export default fp(drainOnClosePlugin, { name: 'drain-on-close', fastify: '5.x' })
