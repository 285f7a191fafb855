/**
 * The service's data: customers and their orders (the scenarios work on them too). drizzle-kit generates the SQL
 * migrations in migrations/ from this file (`npm run db:generate`); this file is the one source
 * of truth for the schema.
 */
import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core'

export const customers = pgTable('customers', {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  name: text().notNull(),
  email: text().notNull().unique(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})

export const orders = pgTable(
  'orders',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    customerId: integer()
      .notNull()
      .references(() => customers.id),
    status: text({ enum: ['pending', 'paid', 'shipped', 'cancelled'] }).notNull(),
    totalCents: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('orders_customer_id_idx').on(t.customerId),
    // Keyset pagination walks (created_at, id); the index makes every page an index range scan.
    index('orders_created_at_id_idx').on(t.createdAt, t.id),
  ],
)
