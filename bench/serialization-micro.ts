/**
 * Serialisation alone, no HTTP: the same order list turned into JSON three ways, at 100 and
 * 10,000 rows, in the runner's process while nothing else runs. It isolates what the
 * `serialization` scenario's rows mix with HTTP and framework costs.
 */
import { z } from 'zod'
import { orderRow, type OrderRow } from '../src/db/orders-rows.js'
import { compiledSerializerCompiler } from '../src/serializer.js'

/** The serialization scenario's reply: a list of order rows. */
const orderListReply = z.object({ orders: z.array(orderRow) })

export interface MicroRow {
  readonly rows: number
  readonly method: 'JSON.stringify' | 'fast-json-stringify' | 'zod parse + JSON.stringify'
  readonly opsPerSec: number
  readonly microsPerOp: number
  readonly mbPerSec: number
}

function payload(rows: number): { orders: OrderRow[] } {
  const statuses = ['pending', 'paid', 'shipped', 'cancelled']
  return {
    orders: Array.from({ length: rows }, (_, i) => ({
      id: i + 1,
      customerId: 1 + ((i * 7919) % 1000),
      status: statuses[i % 4]!,
      totalCents: 100 + ((i * 104_729) % 100_000),
      createdAt: new Date(Date.UTC(2025, 0, 1) + i * 300_000).toISOString().replace('T', ' ').replace('.000Z', '+00'),
    })),
  }
}

/** Runs `fn` for about `budgetMs` (after a short warm-up) and returns ops/s. */
function opsPerSecond(fn: () => string, budgetMs: number): { ops: number; bytes: number } {
  const bytes = fn().length
  for (let i = 0, end = performance.now() + budgetMs / 4; performance.now() < end; i++) fn()
  let ops = 0
  const start = performance.now()
  while (performance.now() - start < budgetMs) {
    fn()
    ops++
  }
  return { ops: (ops * 1000) / (performance.now() - start), bytes }
}

export function runSerializationMicro(budgetMs: number): MicroRow[] {
  const compiled = compiledSerializerCompiler({ schema: orderListReply, method: 'GET', url: '/', httpStatus: '200' })
  const methods: Array<[MicroRow['method'], (data: { orders: OrderRow[] }) => string]> = [
    ['JSON.stringify', (data) => JSON.stringify(data)],
    ['fast-json-stringify', (data) => compiled(data)],
    ['zod parse + JSON.stringify', (data) => JSON.stringify(orderListReply.parse(data))],
  ]
  const rows: MicroRow[] = []
  for (const size of [100, 10_000]) {
    const data = payload(size)
    // Only a race between equals counts: all three must write exactly the same JSON.
    if (new Set(methods.map(([, serialise]) => serialise(data))).size !== 1) {
      throw new Error(`serialisation methods disagree on ${size} rows`)
    }
    for (const [method, serialise] of methods) {
      const { ops, bytes } = opsPerSecond(() => serialise(data), budgetMs)
      rows.push({ rows: size, method, opsPerSec: ops, microsPerOp: 1e6 / ops, mbPerSec: (ops * bytes) / 1e6 })
    }
  }
  return rows
}
