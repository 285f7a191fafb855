/** Every schema history this app applies, in order, each recorded in a table of its own. */
import { migrationsIn, type MigrationHistory } from './migrate.js'

export const migrationHistories: readonly MigrationHistory[] = [
  // The service's own (drizzle-kit writes it from schema.ts; drizzle's default table).
  migrationsIn('migrations', '__drizzle_migrations'),
  // exhibit:start
  // The exhibits' tables and functions (audit_log, simulated_latency): a history of their own, so
  // that stripping the exhibits leaves the service a clean one.
  migrationsIn('migrations/exhibits', '__drizzle_migrations_exhibits'),
  // exhibit:end
]
