/**
 * EXERCISE: a copy of `forgotten.ts`, the mistake, for you to fix. The goal: reply 201 only once
 * the insert is done, so no audit row is lost. Keep the contract (the same status and body for the
 * same request). Check it: `npm run verify -- forgotten-await` runs the claims of `awaited` (the
 * model answer, `awaited.ts`) against this file and benches it between the two. Try it by hand:
 * `WORKSHOP=true npm run demo`, then the scenario's path + `/exercise`. The lesson (README.md in this
 * folder) explains why.
 */
import { auditLog } from './audit-log.js'
import type { Variant } from '../../scenario-kit/scenario.js'
import type { auditSchema } from './contract.js'

export const exercise: Variant<typeof auditSchema> = {
  role: 'naive',
  summary: 'the insert is never awaited, so drizzle never sends it',
  createHandler: (app) => async (request, reply) => {
    // eslint-disable-next-line @typescript-eslint/no-floating-promises -- the blind spot
    app.db.insert(auditLog).values({ event: request.body.event, requestId: request.id })
    return reply.code(201).send({ recorded: true })
  },
}
