/**
 * The one place that turns errors into replies. Validation errors keep their details (a client can
 * fix its request); 4xx errors from the catalogue keep their message; 5xx replies never show
 * internals: the details go to the log, with the request's id, and the client gets a generic
 * message and that id. Unknown routes get a 404 in the same shape (not-found.ts).
 */
import type { FastifyError, FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { databaseUnavailable } from '../db/connection-errors.js'
import type { ErrorReply } from '../errors.js'

function reasonPhrase(statusCode: number): string {
  return (
    {
      400: 'Bad Request',
      404: 'Not Found',
      413: 'Payload Too Large',
      415: 'Unsupported Media Type',
      429: 'Too Many Requests',
      502: 'Bad Gateway',
      503: 'Service Unavailable',
      504: 'Gateway Timeout',
    }[statusCode] ?? (statusCode < 500 ? 'Bad Request' : 'Internal Server Error')
  )
}

async function errorHandlerPlugin(app: FastifyInstance) {
  app.setErrorHandler<FastifyError>((thrown, request, reply) => {
    // A database that is down or restarting is "not now" (503), not a bug (500).
    const err = (databaseUnavailable(thrown) as FastifyError | undefined) ?? thrown
    const statusCode = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500
    const body: ErrorReply = {
      statusCode,
      code: err.code ?? 'BS_INTERNAL',
      error: reasonPhrase(statusCode),
      message: err.message,
    }
    // A 503 is a "not now": tell well-behaved clients when to come back.
    if (statusCode === 503) void reply.header('retry-after', '1')
    const catalogued = err.code?.startsWith('BS_') ?? false
    if (statusCode >= 500 && !catalogued) {
      // A bug or an unexpected failure: the details go to the log, never to the client.
      request.log.error({ err }, 'request failed')
      body.code = 'BS_INTERNAL'
      body.message = `Internal error (request id ${request.id})`
    } else if (statusCode === 503) {
      // Load shed on purpose (a full queue or pool): routine under overload, where a warning per
      // request would flood the log at thousands a second.
      request.log.info({ err: { code: err.code, message: err.message } }, 'request shed')
    } else if (statusCode >= 500) {
      // Expected failures (a failing upstream): a warning, and the message, which says which call
      // failed, goes to the client.
      request.log.warn({ err: { code: err.code, message: err.message } }, 'request failed')
    } else {
      request.log.info({ err: { code: err.code, message: err.message } }, 'request rejected')
    }
    return reply.code(statusCode).send(body)
  })
}

export default fp(errorHandlerPlugin, { name: 'error-handler', fastify: '5.x' })
