/**
 * The text forms of order rows: NDJSON (one order per line) and CSV (a header, then one order per
 * line). The export routes and the report jobs write the same bytes with them.
 */
import { compileStringifier } from '../serializer.js'
import { orderRow, type OrderRow } from './orders-rows.js'

export const EXPORT_FORMATS = ['ndjson', 'csv'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

// A compiled stringifier per line: 100,000 JSON.stringify calls on plain objects are a large
// share of an export's CPU time, and the schema also keeps undeclared columns out.
const orderJson = compileStringifier(orderRow)

/** RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value
}

export interface OrderFormat {
  readonly contentType: string
  /** Written once, before the first row. */
  readonly header: string
  line(row: OrderRow): string
}

export const formats: Record<ExportFormat, OrderFormat> = {
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
export function toText(format: OrderFormat, rows: readonly OrderRow[]): string {
  let text = ''
  for (const row of rows) text += format.line(row)
  return text
}
