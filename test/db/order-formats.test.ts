/**
 * toBytes writes each line straight into a Buffer; toText builds strings. Both must give the same
 * bytes, whatever the rows hold: the export variants are compared byte for byte on the seeded rows
 * only, which are plain.
 */
import { describe, expect, it } from 'vitest'
import { EXPORT_FORMATS, formats, toBytes, toText } from '../../src/db/order-formats.js'
import { writeInt } from '../../src/db/int-bytes.js'
import type { OrderRow } from '../../src/db/orders-rows.js'

const row = (id: number, fields: Partial<OrderRow> = {}): OrderRow => ({
  id,
  customerId: 1000 + id,
  status: 'paid',
  totalCents: id * 7,
  createdAt: '2025-01-01 00:05:00+00',
  ...fields,
})

const awkward: OrderRow[] = [
  row(0, { totalCents: 0 }),
  row(1, { status: 'say "hi", then\nleave', totalCents: -1 }),
  row(2, { status: '', customerId: 2_147_483_647, totalCents: -2_147_483_648 }),
  row(3, { status: 'ünïcødé ✓ 🦀', createdAt: '"' }),
  row(4, { status: '\u0001ctl\r\n\\', createdAt: '' }),
  row(5, { status: 'x'.repeat(5_000) }), // longer than a chunk's first guess
  row(6, { status: '✓'.repeat(2_000) }), // 3 bytes of UTF-8 each
  row(7, { totalCents: 10 }),
  row(8, { totalCents: 9_007_199_254_740_991 }),
  row(9, { status: 'lone \ud800 surrogate', createdAt: 'back\\slash' }),
  row(10, { customerId: 2 ** 60 }), // beyond a safe integer
  row(11, { totalCents: 1.5 }), // not an integer: the JSON stringifier truncates it, CSV does not
]

describe('toBytes', () => {
  it('writes the bytes toText writes, header included if asked, for every format and awkward rows', () => {
    for (const name of EXPORT_FORMATS) {
      const format = formats[name]
      // As bytes: a string's lone surrogate becomes U+FFFD on the way to UTF-8, either way.
      expect(toBytes(format, awkward)).toEqual(Buffer.from(toText(format, awkward)))
      expect(toBytes(format, awkward, { withHeader: true })).toEqual(
        Buffer.from(format.header + toText(format, awkward)),
      )
      expect(toBytes(format, [], { withHeader: true })).toEqual(Buffer.from(format.header))
    }
  })

  it('writes rows start to end only, and stops at the last row', () => {
    const csv = formats.csv
    expect(toBytes(csv, awkward, { start: 2, end: 5 })).toEqual(Buffer.from(toText(csv, awkward.slice(2, 5))))
    expect(toBytes(csv, awkward, { start: 7, end: 500 })).toEqual(Buffer.from(toText(csv, awkward.slice(7))))
  })
})

describe('writeInt', () => {
  it('writes what String() writes', () => {
    const out = Buffer.alloc(64)
    for (const n of [0, 7, 9, 10, 99, 100, -1, -10, 123_456_789, -2_147_483_648, 2 ** 53 - 1, -0, 1.5, 2 ** 60, NaN]) {
      const end = writeInt(out, 3, n)
      expect(out.toString('latin1', 3, end)).toBe(String(n))
    }
  })

  it('writes what String() writes at every digit count, on both sides of each power of ten', () => {
    const out = Buffer.alloc(64)
    for (let power = 1; power <= 1e15; power *= 10)
      for (const n of [power - 1, power, power + 1, 2 * power - 1, 4_294_967_295, 4_294_967_296, -4_294_967_295])
        for (const signed of [n, -n]) expect(out.toString('latin1', 0, writeInt(out, 0, signed))).toBe(String(signed))
  })
})
