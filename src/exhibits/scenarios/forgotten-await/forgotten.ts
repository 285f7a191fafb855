/**
 * THE MISTAKE: the insert is built but never awaited. With a Promise that would be a write racing
 * the reply; with drizzle (and postgres.js) it is worse: their queries are lazy and are sent only
 * when awaited (`.then` is what executes them), so this write is never sent at all. The route
 * answers 201, fast, and the row never exists. No error, no log line.
 * typescript-eslint's no-floating-promises reports this line; the disable comment below is the
 * only reason it passes lint, and forgotten-await.test.ts proves the rule fires.
 * Bench: the "fastest" row of its pair, because it does nothing.
 */
import { auditLog } from './audit-log.js'
import type { Variant } from '../../scenario-kit/scenario.js'
import type { auditSchema } from './contract.js'

export const forgotten: Variant<typeof auditSchema> = {
  role: 'naive',
  summary: 'the insert is never awaited, so drizzle never sends it',
  createHandler: (app) => async (request, reply) => {
    // eslint-disable-next-line @typescript-eslint/no-floating-promises -- the blind spot
    app.db.insert(auditLog).values({ event: request.body.event, requestId: request.id })
    return reply.code(201).send({ recorded: true })
  },
}
