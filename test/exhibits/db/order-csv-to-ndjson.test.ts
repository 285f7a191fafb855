/**
 * The CSV-to-NDJSON rewrite on its own: for rows of every awkward kind, Postgres-style CSV cut into
 * chunks at every place (inside a quoted field, between a quote and its double, inside a multi-byte
 * character) comes out as exactly the bytes `formats.ndjson` writes. The export test shows it behind
 * a real COPY.
 */
import { describe, expect, it } from 'vitest'
import { orderCsvToNdjson, rewritePlainLines } from '../../../src/exhibits/db/order-csv-to-ndjson.js'
import { formats, toText } from '../../../src/db/order-formats.js'
import type { OrderRow } from '../../../src/db/orders-rows.js'

const plain = (id: number): OrderRow => ({
  id,
  customerId: 1000 + id,
  status: 'paid',
  totalCents: -id * 7,
  createdAt: '2025-01-01 00:05:00+00',
})
const awkwardStatuses = [
  'say "hi", then\nleave',
  'back\\slash\tand\r\nCRLF',
  '',
  'ünïcødé ✓',
  '\u0001ctl',
  '"',
  '""',
  ',',
  '\\.',
  'end"',
]
const rows: OrderRow[] = [
  plain(1),
  ...awkwardStatuses.map((status, i) => ({ ...plain(i + 2), status })),
  { ...plain(20), createdAt: 'an "odd", time\n' },
  plain(21),
]

/** The CSV as COPY writes it without its header: formats.csv follows COPY's quoting. */
const csv = Buffer.from(toText(formats.csv, rows))
const ndjson = Buffer.from(toText(formats.ndjson, rows))

async function rewrite(chunks: Buffer[]): Promise<Buffer> {
  async function* source() {
    yield* chunks
  }
  const out: Buffer[] = []
  for await (const chunk of orderCsvToNdjson(source())) out.push(chunk)
  return Buffer.concat(out)
}

describe('order CSV to NDJSON', () => {
  it('writes the bytes formats.ndjson writes, in one chunk and in plain lines only', async () => {
    expect((await rewrite([csv])).toString()).toBe(ndjson.toString())
    const plainRows = [1, 2, 3].map(plain)
    expect(await rewrite([Buffer.from(toText(formats.csv, plainRows))])).toEqual(
      Buffer.from(toText(formats.ndjson, plainRows)),
    )
  })

  it('gives the same bytes however the CSV is cut into two or three chunks', async () => {
    for (let cut = 1; cut < csv.length; cut++) {
      const two = await rewrite([csv.subarray(0, cut), csv.subarray(cut)])
      if (!two.equals(ndjson)) expect.fail(`cut at byte ${cut}: ${two.toString()}`)
      const second = Math.min(csv.length - 1, cut + 7)
      const three = await rewrite([csv.subarray(0, cut), csv.subarray(cut, second), csv.subarray(second)])
      if (!three.equals(ndjson)) expect.fail(`cut at bytes ${cut} and ${second}: ${three.toString()}`)
    }
  })

  it('byte by byte, and with empty chunks between; nothing from nothing', async () => {
    const bytes = [...csv].flatMap((b) => [Buffer.of(b), Buffer.alloc(0)])
    expect(await rewrite(bytes)).toEqual(ndjson)
    expect(await rewrite([])).toEqual(Buffer.alloc(0))
  })

  it('takes the byte loop for plain lines, up to `end` and no further, and leaves every line that needs care to the careful path', () => {
    // Both paths write the same bytes, so only this test can tell the fast one is taken.
    const plainRows = [1, 2, 3].map((id) => ({ ...plain(id), status: `paid in full ${id}` })) // a space is plain
    const text = toText(formats.csv, plainRows)
    const input = Buffer.from(`${text}9,9,par`) // an unfinished line after `end`
    expect(rewritePlainLines(input, text.length)?.toString()).toBe(toText(formats.ndjson, plainRows))
    for (const byte of ['"', '\\', '\t', '\r', '\u0001', '\u001f']) {
      const line = Buffer.from(`1,2,pa${byte}id,3,2025-01-01 00:05:00+00\n`)
      expect(rewritePlainLines(line, line.length), JSON.stringify(byte)).toBeUndefined()
    }
  })

  it('refuses output that ends inside a record, or that is not five fields a line', async () => {
    await expect(rewrite([csv.subarray(0, csv.length - 1)])).rejects.toThrow(/ended inside a record/)
    for (const line of ['1,2,"x",3\n', '1,2,x,3\n', '1,2,x,3,y,z\n', '1,2,"x",3,y,z\n'])
      await expect(rewrite([Buffer.from(line)]), line).rejects.toThrow(/unexpected COPY output/)
  })
})
