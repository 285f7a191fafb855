/**
 * Every schema history this app applies, in order: the service's, and the exhibits' tables and
 * functions (audit_log, simulated_latency) in a history of their own, so that stripping the
 * exhibits leaves the service a clean one.
 */
import { migrationsIn, type MigrationHistory } from './migrate.js'

export const migrationHistories: readonly MigrationHistory[] = [
  // The service's own (drizzle-kit writes it from schema.ts; drizzle's default table).
  migrationsIn('migrations', '__drizzle_migrations'),
  // exhibit:start
  migrationsIn('migrations/exhibits', '__drizzle_migrations_exhibits'),
  // exhibit:end
]
