/**
 * EXERCISE: a copy of `offset.ts`, the mistake, for you to fix. The goal: make a deep page cost
 * about what page 1 costs, with the same orders on each page. Keep the contract (the same status
 * and body for the same request). Check it: `npm run verify -- pagination` runs the claims of
 * `keyset` (the model answer, `keyset.ts`) against this file and benches it between the two. Try
 * it by hand: `WORKSHOP=true npm run demo`, then the scenario's path + `/exercise`. The lesson
 * (README.md in this folder) explains why.
 */
import { desc } from 'drizzle-orm'
import { orders } from '../../../db/schema.js'
import { orderColumns } from '../../../db/orders-rows.js'
import type { Variant } from '../../scenario-kit/scenario.js'
import type { pageSchema } from './contract.js'
import { decodeCursor, encodeCursor } from './cursor.js'

export const exercise: Variant<typeof pageSchema> = {
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
