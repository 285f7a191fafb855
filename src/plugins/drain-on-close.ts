/**
 * A clean drain on shutdown. Fastify answers requests that *arrive* while closing with 503 and
 * `Connection: close`, and Node closes the sockets that are idle when close starts; but a request
 * already in flight on a keep-alive socket gets its reply, and then the socket stays open until the
 * client's keep-alive timer ends it (Fastify advertises 72 s), holding `app.close()` open all that
 * time. Marking every reply sent after close began with `Connection: close` ends each such socket
 * right after its last reply: nothing in flight is lost, and close returns promptly.
 */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

async function drainOnClosePlugin(app: FastifyInstance) {
  let closing = false
  app.addHook('preClose', async () => {
    closing = true
  })
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close')
  })
}

export default fp(drainOnClosePlugin, { name: 'drain-on-close', fastify: '5.x' })
