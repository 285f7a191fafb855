/**
 * THE FIX: await the write before answering. The 201 now means the row exists; a failed insert
 * becomes an error reply instead of silence. Lint keeps it that way: no-floating-promises fails
 * the build on any query or promise left un-awaited.
 * Bench: slower than the forgotten variant by exactly the cost of doing the work.
 */
import { auditLog } from './audit-log.js'
import type { Variant } from '../../scenario-kit/scenario.js'
import type { auditSchema } from './contract.js'

export const awaited: Variant<typeof auditSchema> = {
  role: 'optimized',
  summary: 'the insert is awaited before the reply',
  createHandler: (app) => async (request, reply) => {
    await app.dbGate.run(() => app.db.insert(auditLog).values({ event: request.body.event, requestId: request.id }))
    return reply.code(201).send({ recorded: true })
  },
}
