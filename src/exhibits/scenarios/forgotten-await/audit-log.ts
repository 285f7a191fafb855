/**
 * Written by this scenario: a row here proves a write was really sent. Its table is the exhibits'
 * (migrations/exhibits), not the service's: drizzle-kit generates the service's history only.
 */
import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core'

export const auditLog = pgTable('audit_log', {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  event: text().notNull(),
  requestId: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})
