/**
 * The seed: 1,000 customers and 100,000 orders made by Postgres itself with generate_series, so it
 * takes a second or two rather than 100,000 round trips. Values are derived from the row number,
 * so every run produces the same data. Idempotent: it runs in one transaction only when the
 * orders table is empty.
 */
import type { Sql } from 'postgres'

export const SEED_CUSTOMERS = 1_000
export const SEED_ORDERS = 100_000

export async function seed(sql: Sql): Promise<boolean> {
  return sql.begin(async (tx) => {
    const [{ exists }] = (await tx`select exists (select 1 from orders) as exists`) as unknown as [{ exists: boolean }]
    if (exists) return false
    await tx`
      insert into customers (id, name, email, created_at) overriding system value
      select n, 'Customer ' || n, 'customer' || n || '@example.test', timestamptz '2025-01-01' + n * interval '1 minute'
      from generate_series(1, ${SEED_CUSTOMERS}::int) as n`
    await tx`
      insert into orders (id, customer_id, status, total_cents, created_at) overriding system value
      select
        n,
        1 + (n::bigint * 7919) % ${SEED_CUSTOMERS}::int,
        (array['pending', 'paid', 'shipped', 'cancelled'])[1 + n % 4],
        100 + (n::bigint * 104729) % 100000,
        timestamptz '2025-01-01' + n * interval '5 minutes'
      from generate_series(1, ${SEED_ORDERS}::int) as n`
    // Explicit ids keep the data identical run after run; move the identity sequences past them.
    await tx`select setval(pg_get_serial_sequence('customers', 'id'), ${SEED_CUSTOMERS}::int)`
    await tx`select setval(pg_get_serial_sequence('orders', 'id'), ${SEED_ORDERS}::int)`
    await tx`analyze customers`
    await tx`analyze orders`
    return true
  })
}
