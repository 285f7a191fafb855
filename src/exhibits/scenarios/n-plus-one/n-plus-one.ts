/**
 * THE MISTAKE: one query for the orders, then one more per order for its customer, each awaited
 * in turn (what an ORM's lazy relation or a helper called in a loop does). 50 orders: 51 round
 * trips, each paying network and parse/plan/execute overhead, one after another.
 * Bench: req/s a fraction of the joined variant's, latency grows with `limit`.
 */
import { desc, eq } from 'drizzle-orm'
import { customers, orders } from '../../../db/schema.js'
import type { Variant } from '../../scenario-kit/scenario.js'
import type { recentOrdersSchema } from './contract.js'

export const nPlusOne: Variant<typeof recentOrdersSchema> = {
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
