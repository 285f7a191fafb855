/**
 * EXERCISE: a copy of `n-plus-one.ts`, the mistake, for you to fix. The goal: answer the same
 * orders with their customers in one statement, not one per order plus one. Keep the contract (the
 * same status and body for the same request). Check it: `npm run verify -- n-plus-one` runs the
 * claims of `joined` (the model answer, `joined.ts`) against this file and benches it between the
 * two. Try it by hand: `WORKSHOP=true npm run demo`, then the scenario's path + `/exercise`. The
 * lesson (README.md in this folder) explains why.
 */
import { desc, eq } from 'drizzle-orm'
import { customers, orders } from '../../../db/schema.js'
import type { Variant } from '../../scenario-kit/scenario.js'
import type { recentOrdersSchema } from './contract.js'

export const exercise: Variant<typeof recentOrdersSchema> = {
  role: 'naive',
  summary: 'one query for the orders, then one per order for its customer',
  createHandler: (app) => async (request) =>
    app.dbGate.run(async () => {
      const recent = await app.db
        .select({ id: orders.id, status: orders.status, totalCents: orders.totalCents, customerId: orders.customerId })
        .from(orders)
        .orderBy(desc(orders.createdAt), desc(orders.id))
        .limit(request.query.limit)
      const result = []
      for (const { customerId, ...order } of recent) {
        // eslint-disable-next-line blindspots/no-query-in-loop -- the blind spot
        const [customer] = await app.db
          .select({ id: customers.id, name: customers.name })
          .from(customers)
          .where(eq(customers.id, customerId))
        result.push({ ...order, customer: customer! })
      }
      return { orders: result }
    }),
}
