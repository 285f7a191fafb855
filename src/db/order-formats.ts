/**
 * The text forms of order rows: NDJSON (one order per line) and CSV (a header, then one order per
 * line). The export routes and the report jobs write the same bytes with them. Lines end in LF, CSV
 * included (RFC 4180 says CRLF): Postgres' COPY, which the fastest export variant uses, always
 * ends rows with LF and cannot be told otherwise, and every CSV reader we know accepts either.
 */
import { compileStringifier } from '../serializer.js'
import { orderRow, type OrderRow } from './orders-rows.js'

export const EXPORT_FORMATS = ['ndjson', 'csv'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

// A compiled stringifier per line: 100,000 JSON.stringify calls on plain objects are a large
// share of an export's CPU time, and the schema also keeps undeclared columns out.
const orderJson = compileStringifier(orderRow)

/**
 * Quoted as Postgres' `COPY … (FORMAT csv)` quotes, so every export variant writes the same bytes:
 * a field holding a comma, a quote or a line break is quoted with its quotes doubled, and so is the
 * empty string (unquoted empty is how COPY writes NULL).
 */
function csvField(value: string): string {
  return value === '' || /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value
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
    header: 'id,customer_id,status,total_cents,created_at\n',
    line: ({ id, customerId, status, totalCents, createdAt }) =>
      `${id},${customerId},${csvField(status)},${totalCents},${csvField(createdAt)}\n`,
  },
}

/**
 * Rows `start` to `end` (by default all) to text in one go: one string for many rows, not one per
 * row, keeps stream chunks few and large.
 */
export function toText(format: OrderFormat, rows: readonly OrderRow[], start = 0, end = rows.length): string {
  const last = Math.min(end, rows.length)
  let text = ''
  for (let i = start; i < last; i++) text += format.line(rows[i]!)
  return text
}
