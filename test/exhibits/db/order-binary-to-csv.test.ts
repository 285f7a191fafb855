/**
 * The binary COPY written as CSV, held to Postgres' own text: the same rows copied both ways from
 * the run's Postgres (timestamps of every awkward kind: fractions, infinities, BC, five-digit years,
 * far from 2000, random ones across the whole range; statuses that need quoting), cut into chunks
 * at many places, must give Postgres' CSV byte for byte. And what is not five non-null order fields,
 * or stops half-way, is an error. The export test shows it behind the route.
 */
import postgres, { type Sql } from 'postgres'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { sessionParameters } from '../../../src/db/session-parameters.js'
import { OrderBinaryToCsv } from '../../../src/exhibits/db/order-binary-to-csv.js'

const timestamps = [
  '2025-01-01 00:05:00+00',
  '2000-01-01 00:00:00+00',
  '1999-12-31 23:59:59.999999+00',
  '2000-01-01 00:00:00.000001+00',
  '2000-02-29 12:00:00.5+00',
  '1900-03-01 00:00:00.12+00',
  '1970-01-01 00:00:00+00',
  '1857-01-01 00:00:00+00',
  '1800-06-15 08:09:10.000100+00',
  '2142-12-31 23:59:59+00',
  '2500-01-01 00:00:00.75+00',
  '9999-12-31 23:59:59.999999+00',
  '10000-01-01 00:00:00+00',
  '294276-12-31 23:59:59.999999+00',
  '0001-01-01 00:00:00+00',
  '0001-01-01 00:00:00+00 BC',
  '0044-03-15 12:00:00+00 BC',
  '4713-11-24 00:00:00+00 BC',
  'infinity',
  '-infinity',
]
const statuses = [
  'paid',
  '',
  'say "hi", then\nleave',
  'a,b',
  'cr\rhere',
  '"',
  'ünïcødé ✓',
  '\\.',
  'tab\there',
  'x'.repeat(3_000),
]

let sql: Sql
beforeAll(async () => {
  sql = postgres(inject('databaseUrl'), { max: 1, onnotice: () => {}, connection: sessionParameters('test', 10_000) })
  await sql`create temporary table awkward_orders (id int, customer_id int, status text, total_cents int, created_at timestamptz)`
  // Fixed values, then random instants across timestamptz's whole range (4713 BC to 294276 AD).
  await sql`insert into awkward_orders select i, -i * 7919, (${statuses}::text[])[1 + (i % ${statuses.length})::int], i * 104729 - 2147483647 * (i % 2), t::timestamptz
    from unnest(${timestamps}::text[]) with ordinality as v(t, i)`
  await sql`insert into awkward_orders select 100 + i, 2147483647 - i, 'shipped', -2147483648 + i,
    '4713-11-24 00:00:00+00 BC'::timestamptz + random() * interval '298900 years'
    from generate_series(1, 2000) i`
  await sql`insert into awkward_orders select 3000 + i, i, 'pending', i, now() - random() * interval '3 years'
    from generate_series(1, 2000) i`
})
afterAll(() => sql?.end({ timeout: 1 }))

const select = (createdAt: string) =>
  `select id, customer_id, status, total_cents, ${createdAt} from awkward_orders order by id`

async function copyOut(statement: string): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of await sql.unsafe(statement).readable()) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/** The CSV written from `binary` handed over in pieces cut at `cuts`. */
function written(binary: Buffer, cuts: readonly number[]): Buffer {
  const rewriter = new OrderBinaryToCsv()
  const out: Buffer[] = []
  const take = () => Buffer.allocUnsafe(64 * 1024)
  let from = 0
  for (const cut of [...cuts, binary.length]) {
    // A view of a buffer reused after the call, as the relay's reads are.
    const piece = Buffer.from(binary.subarray(from, cut))
    rewriter.push(piece, take, (csv) => out.push(Buffer.from(csv)))
    piece.fill(0xee)
    from = cut
  }
  rewriter.end()
  return Buffer.concat(out)
}

describe('order binary COPY to CSV', () => {
  it('writes what Postgres writes as text, for every awkward value, in one piece or cut anywhere', async () => {
    const binary = await copyOut(`copy (${select('created_at')}) to stdout with (format binary)`)
    const text = await copyOut(`copy (${select('created_at::text as created_at')}) to stdout with (format csv, header)`)
    expect(written(binary, []).toString()).toBe(text.toString())
    // Every cut in the header and the first rows, then cuts at many places through the rest.
    for (let cut = 1; cut < 400; cut++) expect(written(binary, [cut]).equals(text), `cut at ${cut}`).toBe(true)
    for (let step = 97; step < 9_000; step += 811) {
      const cuts = Array.from({ length: Math.floor(binary.length / step) }, (_, i) => (i + 1) * step)
      expect(written(binary, cuts).equals(text), `cut every ${step}`).toBe(true)
    }
    // One byte at a time.
    const everyByte = Array.from({ length: Math.min(binary.length, 5_000) - 1 }, (_, i) => i + 1)
    expect(written(binary, everyByte).equals(text)).toBe(true)
  })

  it('refuses a NULL, a sixth column, a column of another type, and output that stops or goes on', async () => {
    const binaryOf = (columns: string) =>
      copyOut(`copy (select ${columns} from awkward_orders order by id limit 3) to stdout with (format binary)`)
    // Whole, and cut inside the header and inside the first row (the cut row's path reads its size).
    for (const columns of [
      'id, customer_id, null::text, total_cents, created_at',
      'id, customer_id, status, total_cents, created_at, 1',
      'id::int8, customer_id, status, total_cents, created_at',
    ]) {
      const binary = await binaryOf(columns)
      for (const cuts of [[], [10], [20], [30], [40]])
        expect(() => written(binary, cuts), `${columns}, cut at ${cuts.join()}`).toThrow(
          /not five non-null order fields/,
        )
    }
    const good = await binaryOf('id, customer_id, status, total_cents, created_at')
    expect(() => written(good.subarray(0, good.length - 5), [])).toThrow(/ended inside a row/)
    expect(() => written(good.subarray(0, good.length - 2), [])).toThrow(/ended inside a row/)
    expect(() => written(Buffer.concat([good, Buffer.from([0, 5])]), [])).toThrow(/went on after its end/)
    expect(() => written(Buffer.from('not a binary copy at all'), [])).toThrow(/not a binary COPY/)
  })
})
