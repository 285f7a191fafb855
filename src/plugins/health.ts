/**
 * GET /health: the process is up and its event loop answers.
 * GET /health/ready: Postgres and Redis both answer within a short timeout; 503 otherwise, with
 * which one failed, so a load balancer stops sending traffic and an operator sees why.
 */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { errorReplySchema } from '../errors.js'
import { within } from '../infra/within.js'

const CHECK_TIMEOUT_MS = 2_000
/** What any route may still answer: a 503 while the server closes, a 500 if something breaks. */
const errorReplies = { '4xx': errorReplySchema, '5xx': errorReplySchema }

const checkResult = z.string().describe('"ok", or why the check failed')
const readyReply = z.object({
  status: z.enum(['ready', 'not-ready']),
  checks: z.object({ postgres: checkResult, redis: checkResult }),
})

async function check(name: string, probe: () => Promise<unknown>): Promise<string> {
  try {
    await within(probe(), CHECK_TIMEOUT_MS, () => new Error(`${name} did not answer within ${CHECK_TIMEOUT_MS} ms`))
    return 'ok'
  } catch (err) {
    return err instanceof Error ? err.message : String(err)
  }
}

async function healthPlugin(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>()

  app.get(
    '/health',
    { schema: { response: { 200: z.object({ status: z.literal('ok') }), ...errorReplies } } },
    async () => ({
      status: 'ok' as const,
    }),
  )

  app.get(
    '/health/ready',
    { schema: { response: { 200: readyReply, 503: readyReply, ...errorReplies } } },
    async (_request, reply) => {
      const [postgres, redis] = await Promise.all([
        check('postgres', () => app.sql`select 1`),
        check('redis', () => app.redis.ping()),
      ])
      const ready = postgres === 'ok' && redis === 'ok'
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not-ready', checks: { postgres, redis } })
    },
  )
}

export default fp(healthPlugin, { name: 'health', fastify: '5.x', dependencies: ['db', 'redis'] })
