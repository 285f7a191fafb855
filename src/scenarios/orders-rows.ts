/**
 * The order rows the volume scenarios return, selected the same way by every variant so that only
 * what the variant teaches differs. `createdAt` comes back as Postgres' text, so no variant pays
 * for Date objects the others do not.
 */
import { sql } from 'drizzle-orm'
import { z } from 'zod'
import { orders } from '../db/schema.js'

export const orderRow = z.object({
  id: z.number().int(),
  customerId: z.number().int(),
  status: z.string(),
  totalCents: z.number().int(),
  createdAt: z.string(),
})
export type OrderRow = z.infer<typeof orderRow>

export const orderColumns = {
  id: orders.id,
  customerId: orders.customerId,
  status: orders.status,
  totalCents: orders.totalCents,
  createdAt: sql<string>`${orders.createdAt}::text`,
}
