/**
 * THE FIX: keyset (seek) pagination. The cursor carries the last row's sort key, and the next page
 * starts right after it: `WHERE (created_at, id) < (…) ORDER BY created_at DESC, id DESC LIMIT n`,
 * an index range scan on orders_created_at_id_idx. Page 900 costs what page 1 costs.
 * Bench: the same req/s at any depth.
 */
import { desc, sql } from 'drizzle-orm'
import { orders } from '../../../db/schema.js'
import { orderColumns } from '../../../db/orders-rows.js'
import type { Variant } from '../../scenario-kit/scenario.js'
import type { pageSchema } from './contract.js'
import { decodeCursor, encodeCursor } from './cursor.js'

export const keyset: Variant<typeof pageSchema> = {
  role: 'optimized',
  summary: 'keyset: the cursor holds the last sort key, each page is an index range scan',
  createHandler: (app) => async (request) => {
    const { limit, cursor } = request.query
    const after = cursor ? decodeCursor(cursor, 'keyset') : undefined
    const page = await app.dbGate.run(() =>
      app.db
        .select(orderColumns)
        .from(orders)
        .where(
          after ? sql`(${orders.createdAt}, ${orders.id}) < (${after.createdAt}::timestamptz, ${after.id})` : undefined,
        )
        .orderBy(desc(orders.createdAt), desc(orders.id))
        .limit(limit),
    )
    const last = page.at(-1)
    const nextCursor =
      last && page.length === limit ? encodeCursor({ kind: 'keyset', createdAt: last.createdAt, id: last.id }) : null
    return { orders: page, nextCursor }
  },
}
