/**
 * What both export variants must do: send the first `limit` orders (by default all 100,000) as
 * NDJSON (one order per line) or CSV (a header, then one order per line). Same bytes either way;
 * the variants differ in what sits in memory meanwhile and in when the first byte leaves.
 */
import { z } from 'zod'
import { SEED_ORDERS } from '../../db/seed.js'
import { errorReplySchema } from '../../errors.js'
import { compileStringifier } from '../../serializer.js'
import { orderRow, type OrderRow } from '../orders-rows.js'

export const exportSchema = {
  querystring: z.object({
    limit: z.coerce.number().int().min(1).max(SEED_ORDERS).default(SEED_ORDERS),
    format: z.enum(['ndjson', 'csv']).default('ndjson'),
  }),
  response: {
    200: z.unknown().describe('application/x-ndjson (one order per line) or text/csv (header, then one order per line)'),
    '4xx': errorReplySchema,
    '5xx': errorReplySchema,
  },
}
export type ExportFormat = z.infer<typeof exportSchema.querystring>['format']

// A compiled stringifier per line: 100,000 JSON.stringify calls on plain objects are a large
// share of an export's CPU time, and the schema also keeps undeclared columns out.
const orderJson = compileStringifier(orderRow)

/** RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value
}

interface Format {
  readonly contentType: string
  /** Written once, before the first row. */
  readonly header: string
  line(row: OrderRow): string
}

export const formats: Record<ExportFormat, Format> = {
  ndjson: {
    contentType: 'application/x-ndjson; charset=utf-8',
    header: '',
    line: (row) => `${orderJson(row)}\n`,
  },
  csv: {
    contentType: 'text/csv; charset=utf-8',
    header: 'id,customer_id,status,total_cents,created_at\r\n',
    line: ({ id, customerId, status, totalCents, createdAt }) =>
      `${id},${customerId},${csvField(status)},${totalCents},${csvField(createdAt)}\r\n`,
  },
}

/** Rows to text in one go: one string per batch, not per row, keeps stream chunks few and large. */
export function toText(format: Format, rows: readonly OrderRow[]): string {
  let text = ''
  for (const row of rows) text += format.line(row)
  return text
}
