/**
 * THE USUAL PAGINATION: `ORDER BY … LIMIT n OFFSET k`. Bounded pages, but Postgres must still
 * produce and discard the k rows before the page, so page 1 is fast and page 900 reads 90,000
 * rows to return 100: latency grows with depth.
 * Bench: at a deep page, a fraction of keyset's req/s.
 */
import { desc } from 'drizzle-orm'
import { orders } from '../../../db/schema.js'
import { orderColumns } from '../../../db/orders-rows.js'
import type { Variant } from '../../scenario-kit/scenario.js'
import type { pageSchema } from './contract.js'
import { decodeCursor, encodeCursor } from './cursor.js'

export const offset: Variant<typeof pageSchema> = {
  role: 'naive',
  summary: 'LIMIT/OFFSET: every page re-reads all the rows before it',
  createHandler: (app) => async (request) => {
    const { limit, cursor } = request.query
    const skip = cursor ? decodeCursor(cursor, 'offset').offset : 0
    const page = await app.dbGate.run(() =>
      app.db
        .select(orderColumns)
        .from(orders)
        .orderBy(desc(orders.createdAt), desc(orders.id))
        .limit(limit)
        // eslint-disable-next-line blindspots/no-offset-pagination -- the blind spot
        .offset(skip),
    )
    const nextCursor = page.length === limit ? encodeCursor({ kind: 'offset', offset: skip + limit }) : null
    return { orders: page, nextCursor }
  },
}
