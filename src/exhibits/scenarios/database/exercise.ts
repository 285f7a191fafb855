/**
 * EXERCISE: a copy of `serialised.ts`, the mistake, for you to fix. The goal: let queries run side
 * by side instead of one at a time, with every connection borrowed for a bounded time. Keep the
 * contract (the same status and body for the same request). Check it: `npm run verify -- database`
 * runs the claims of `pooled` (the model answer, `pooled.ts`) against this file and benches it
 * between the two. Try it by hand: `WORKSHOP=true npm run demo`, then the scenario's path +
 * `/exercise`. The lesson (README.md in this folder) explains why.
 */
import { drizzle } from 'drizzle-orm/postgres-js'
import postgres from 'postgres'
import * as schema from '../../../db/schema.js'
import { Mutex } from '../../scenario-kit/mutex.js'
import type { Variant } from '../../scenario-kit/scenario.js'
import type { databaseSchema } from './contract.js'
import { prepareCustomerSummary } from './customer-summary.js'

export const exercise: Variant<typeof databaseSchema> = {
  role: 'naive',
  summary: 'async driver, but one connection behind a mutex-guarded singleton',
  createHandler: (app) => {
    const connection = postgres(app.config.databaseUrl, { max: 1, onnotice: () => {} })
    const customerSummary = prepareCustomerSummary(drizzle(connection, { schema, casing: 'snake_case' }))
    const lock = new Mutex()
    app.addHook('onClose', () => connection.end({ timeout: 5 }))

    return async (request) => {
      // eslint-disable-next-line blindspots/no-shared-lock -- the blind spot
      const [row] = await lock.runExclusive(() => customerSummary.execute(request.query))
      return row!
    }
  },
}
