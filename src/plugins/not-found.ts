/**
 * The reply to a request no route matched: a 404 in the error catalogue's shape. Registered last
 * and encapsulated (no fastify-plugin): Fastify runs, for the 404, the hooks of the context that set
 * it, so it gets every hook the app has by then, and `onResponse` hooks given here run for it
 * alone. The request timing gives one: an app-level hook would run on every request to find the
 * few that matched nothing.
 */
import type { FastifyInstance, onRequestHookHandler, onResponseHookHandler } from 'fastify'
import type { ErrorReply } from '../errors.js'

export interface NotFoundOptions {
  readonly onRequest?: readonly onRequestHookHandler[]
  readonly onResponse?: readonly onResponseHookHandler[]
}

export default async function notFound(app: FastifyInstance, { onRequest = [], onResponse = [] }: NotFoundOptions) {
  for (const hook of onRequest) app.addHook('onRequest', hook)
  for (const hook of onResponse) app.addHook('onResponse', hook)
  app.setNotFoundHandler((request, reply) => {
    const body: ErrorReply = {
      statusCode: 404,
      code: 'BS_NOT_FOUND',
      error: 'Not Found',
      message: `Route ${request.method} ${request.url.split('?', 1)[0]} not found`,
    }
    return reply.code(404).send(body)
  })
}
