/**
 * The article's volume table, for Node: how long one client waits for 100, 1,000, 10,000 and
 * 100,000 of the seeded orders by each technique, one request at a time on an otherwise idle API, beside the
 * article's own figures (FastAPI: 80 ms, 1.2 s, 8.5 s). Also:
 *   - the physical limit of an export: how fast Postgres itself emits the same rows, `COPY (...)
 *     TO STDOUT` read through the same driver in this process, and every technique's rate at
 *     100,000 rows as a % of it;
 *   - the server's peak RSS growth while it serves each request;
 *   - keyset vs offset pagination at page 1 and at a deep page.
 * Runs before the load tests, in the API's first minutes, so its RSS readings start from a heap
 * that no earlier load has grown (a heap that grew keeps its pages and hides later growth).
 */
import postgres from 'postgres'
import { request } from 'undici'
import type { Paging } from '../src/exhibits/scenario-kit/workload.js'
import type { PageTiming, TargetCheck, VolumeCell, VolumeResults, VolumeTechnique } from './results-format.js'
import { single, targetCheck } from './targets.js'
import { ratioInterval } from './stats.js'

/** The scenarios whose routes the study calls: it runs when all three are selected. */
export const VOLUME_SCENARIOS = ['serialization', 'pagination', 'export'] as const
export const VOLUME_SIZES = [100, 1_000, 10_000, 100_000] as const
/** The article's times to return N rows from FastAPI, for the table's first line. */
export const ARTICLE_MS: Readonly<Record<number, number>> = { 100: 80, 10_000: 1_200, 100_000: 8_500 }

/** What the study promises, checked in full runs like the workloads' targets. */
const MIN_COPY_CSV_PCT_OF_COPY = 80
const MIN_COPY_NDJSON_PCT_OF_COPY = 50
// Node 24's young generation holds a stream's garbage between scavenges: COPY grew RSS by 9.5
// (CSV) and 19 MB (NDJSON) at 100,000 rows there, 0.1 on Node 20; a buffered export holds it all.
const MAX_COPY_RSS_GROWTH_MB = 32
const MAX_STREAMED_RSS_GROWTH_MB = 64
const MAX_DEEP_KEYSET_VS_PAGE_ONE = 1.5

/** What the table compares; the order is the order of measurement (see the header on RSS). */
const TECHNIQUES: ReadonlyArray<Omit<VolumeTechnique, 'cells'>> = [
  {
    technique: 'CSV export, COPY: Postgres sends binary values, the API writes the CSV',
    role: 'optimized',
    request: '/orders/export/copy?format=csv&limit={rows}',
  },
  {
    technique: 'NDJSON export, COPY: Postgres’ CSV rewritten as JSON lines',
    role: 'optimized',
    request: '/orders/export/copy?limit={rows}',
  },
  {
    technique: 'CSV export, streamed from a cursor',
    role: 'optimized',
    request: '/orders/export/streamed?format=csv&limit={rows}',
  },
  {
    technique: 'NDJSON export, streamed from a cursor',
    role: 'optimized',
    request: '/orders/export/streamed?limit={rows}',
  },
  {
    technique: 'one JSON array, built by Postgres',
    role: 'optimized',
    request: '/orders/list/postgres-json?limit={rows}',
  },
  {
    technique: 'one JSON array, Postgres’ CSV rewritten',
    role: 'optimized',
    request: '/orders/list/postgres-csv?limit={rows}',
  },
  {
    technique: 'one JSON array, compiled response schema',
    role: 'optimized',
    request: '/orders/list/compiled?limit={rows}',
  },
  { technique: 'one JSON array, JSON.stringify', role: 'naive', request: '/orders/list/json-stringify?limit={rows}' },
  { technique: 'one JSON array, zod-validated', role: 'naive', request: '/orders/list/zod-validated?limit={rows}' },
  { technique: 'NDJSON export, buffered', role: 'naive', request: '/orders/export/buffered?limit={rows}' },
]
const [COPY_CSV, COPY_NDJSON, STREAMED_CSV, STREAMED_NDJSON] = TECHNIQUES.map((t) => t.technique) as [
  string,
  string,
  string,
  string,
]
export { COPY_CSV as COPY_CSV_TECHNIQUE, COPY_NDJSON as COPY_NDJSON_TECHNIQUE }
const COPY_TECHNIQUE = 'COPY … TO STDOUT (CSV), read by the bench: Postgres’ own rate'

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0

interface Timing {
  firstByteMs: number
  lastByteMs: number
  bytes: number
}

/** Reads a whole stream of chunks, noting when the first one came. */
async function timeBody(start: number, chunks: AsyncIterable<Uint8Array>): Promise<Timing> {
  let firstByteMs = 0
  let bytes = 0
  for await (const chunk of chunks) {
    if (bytes === 0) firstByteMs = performance.now() - start
    bytes += chunk.length
  }
  return { firstByteMs, lastByteMs: performance.now() - start, bytes }
}

export async function timeRequest(url: string): Promise<Timing> {
  const start = performance.now()
  const { statusCode, body } = await request(url, { headersTimeout: 60_000, bodyTimeout: 60_000 })
  if (statusCode !== 200) throw new Error(`GET ${url} answered ${statusCode}: ${await body.text()}`)
  return timeBody(start, body)
}

async function rssGrowthDuring<T>(apiUrl: string, work: () => Promise<T>): Promise<{ result: T; growthMb: number }> {
  await (await request(`${apiUrl}/_bench/reset`, { method: 'POST' })).body.dump()
  const result = await work()
  const { body } = await request(`${apiUrl}/_bench/stats`)
  const stats = (await body.json()) as { rssPeakMb: number; rssAtResetMb: number }
  return { result, growthMb: Math.max(0, stats.rssPeakMb - stats.rssAtResetMb) }
}

/**
 * COPY through postgres.js on a connection of its own, closed after each use: in postgres.js
 * the connection that served a COPY stream can hang on its next query
 * (https://github.com/porsager/postgres/issues/917; reproduced).
 */
async function timeCopy(databaseUrl: string, rows: number): Promise<Timing> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} })
  try {
    await sql`select 1`
    const start = performance.now()
    // COPY takes no bind parameters; `rows` is one of our own integers.
    const stream = await sql
      .unsafe(
        `copy (select id, customer_id, status, total_cents, created_at::text from orders order by id limit ${Math.trunc(rows)})
         to stdout with (format csv, header)`,
      )
      .readable()
    return await timeBody(start, stream)
  } finally {
    await sql.end({ timeout: 0 })
  }
}

function samplesFor(rows: number, quick: boolean): number {
  if (rows <= 1_000) return quick ? 5 : 15
  if (rows <= 10_000) return quick ? 3 : 7
  return quick ? 2 : 5
}

async function measureCell(
  rows: number,
  samples: number,
  once: () => Promise<{ timing: Timing; growthMb: number | null }>,
) {
  await once() // warm-up: JIT, the query plan, the pool
  const timings: Timing[] = []
  let growth: number | null = null
  for (let i = 0; i < samples; i++) {
    const { timing, growthMb } = await once()
    timings.push(timing)
    if (growthMb !== null) growth = Math.max(growth ?? 0, growthMb)
  }
  return {
    rows,
    firstByteMs: median(timings.map((t) => t.firstByteMs)),
    lastByteMs: median(timings.map((t) => t.lastByteMs)),
    bytes: timings[0]?.bytes ?? 0,
    rssGrowthMb: growth,
    samples,
  }
}

/** A variant's pages, timed, with the samples of page 1 and the deep page, pair by pair. */
interface PagesTimed {
  readonly timing: PageTiming
  readonly pageOneMs: readonly number[]
  readonly deepPageMs: readonly number[]
}

/**
 * Page 1, page 2 and the deep page of each variant, timed in turn `samples` times (after one turn
 * of warm-up): interleaved, so that whatever else the machine does in a moment lands on all three
 * pages alike, and each deep page has its page 1 beside it for the ratio's interval.
 */
async function timePages(apiUrl: string, samples: number, paging: Paging): Promise<PagesTimed[]> {
  const timed: PagesTimed[] = []
  for (const variant of ['offset', 'keyset'] as const) {
    const path = `/orders/page/${variant}`
    const urls = [0, paging.pageSize, paging.deepOffset].map((offset) => `${apiUrl}${paging.pageAt(path, offset)}`)
    const ms = urls.map((): number[] => [])
    for (let i = -1; i < samples; i++) {
      for (const [page, url] of urls.entries()) {
        const { lastByteMs } = await timeRequest(url)
        if (i >= 0) ms[page]!.push(lastByteMs)
      }
    }
    const [pageOne, pageTwo, deep] = ms as [number[], number[], number[]]
    timed.push({
      timing: {
        variant,
        pageOneMs: median(pageOne),
        pageTwoMs: median(pageTwo),
        deepPageMs: median(deep),
        deepPage: paging.deepOffset / paging.pageSize + 1,
      },
      pageOneMs: pageOne,
      deepPageMs: deep,
    })
  }
  return timed
}

/** `paging`: the pagination scenario's (its workload), so the study asks for pages as the bench does. */
export async function runVolumeStudy(
  apiUrl: string,
  databaseUrl: string,
  quick: boolean,
  paging: Paging,
): Promise<VolumeResults> {
  const techniques: VolumeTechnique[] = []
  const copyCells: VolumeCell[] = []
  const cellsOf = new Map<string, VolumeCell[]>(TECHNIQUES.map((t) => [t.technique, []]))
  const largest = VOLUME_SIZES[VOLUME_SIZES.length - 1]
  // At the largest size each sample of a technique follows a COPY timed just before it, and the
  // technique's % of COPY is against those: the yardstick is read in the same moments, so drift
  // over the minute the study takes (GC in the bench, a busy neighbour) falls on both sides.
  // Measured once per size instead, CSV through COPY came out at 104% in one run and 83% in the next.
  const copyMsBeside = new Map<string, number>()
  // Size by size, smallest first: every technique at 100 rows, then at 10,000, then 100,000.
  for (const rows of VOLUME_SIZES) {
    const samples = samplesFor(rows, quick)
    for (const technique of TECHNIQUES) {
      const url = `${apiUrl}${technique.request?.replace('{rows}', String(rows))}`
      const copyMs: number[] = []
      const cell = await measureCell(rows, samples, async () => {
        if (rows === largest) copyMs.push((await timeCopy(databaseUrl, rows)).lastByteMs)
        const { result, growthMb } = await rssGrowthDuring(apiUrl, () => timeRequest(url))
        return { timing: result, growthMb }
      })
      cellsOf.get(technique.technique)?.push(cell)
      // The first was measureCell's warm-up.
      if (rows === largest) copyMsBeside.set(technique.technique, median(copyMs.slice(1)))
    }
    copyCells.push(
      await measureCell(rows, samples, async () => ({ timing: await timeCopy(databaseUrl, rows), growthMb: null })),
    )
  }
  for (const technique of TECHNIQUES) techniques.push({ ...technique, cells: cellsOf.get(technique.technique) ?? [] })
  techniques.push({ technique: COPY_TECHNIQUE, role: 'baseline', request: null, cells: copyCells })

  const at = (technique: string) =>
    techniques.find((t) => t.technique === technique)?.cells.find((c) => c.rows === largest)
  // Same rows either way, so the ratio of rates is the inverse ratio of times.
  const pctOfCopy = Object.fromEntries(
    techniques.map((t) => {
      const cell = at(t.technique)
      const copyMs = copyMsBeside.get(t.technique) ?? at(COPY_TECHNIQUE)?.lastByteMs
      return [t.technique, cell && copyMs ? (100 * copyMs) / cell.lastByteMs : 0]
    }),
  )
  const timedPages = await timePages(apiUrl, quick ? 9 : 31, paging)
  const pages = timedPages.map((p) => p.timing)
  const keyset = timedPages.find((p) => p.timing.variant === 'keyset')
  const rss = (technique: string) => single(at(technique)?.rssGrowthMb ?? Infinity)

  const checks: TargetCheck[] = [
    targetCheck(
      'export',
      'copy (CSV)',
      'rate as % of COPY',
      single(pctOfCopy[COPY_CSV] ?? 0),
      MIN_COPY_CSV_PCT_OF_COPY,
      false,
    ),
    targetCheck(
      'export',
      'copy (NDJSON)',
      'rate as % of COPY',
      single(pctOfCopy[COPY_NDJSON] ?? 0),
      MIN_COPY_NDJSON_PCT_OF_COPY,
      false,
    ),
    targetCheck('export', 'copy (CSV)', 'peak RSS growth MB', rss(COPY_CSV), MAX_COPY_RSS_GROWTH_MB, true),
    targetCheck('export', 'copy (NDJSON)', 'peak RSS growth MB', rss(COPY_NDJSON), MAX_COPY_RSS_GROWTH_MB, true),
    targetCheck('export', 'streamed (CSV)', 'peak RSS growth MB', rss(STREAMED_CSV), MAX_STREAMED_RSS_GROWTH_MB, true),
    targetCheck(
      'export',
      'streamed (NDJSON)',
      'peak RSS growth MB',
      rss(STREAMED_NDJSON),
      MAX_STREAMED_RSS_GROWTH_MB,
      true,
    ),
    targetCheck(
      'pagination',
      'keyset',
      'deep page ÷ page 1',
      keyset ? ratioInterval(keyset.deepPageMs, keyset.pageOneMs) : single(Infinity),
      MAX_DEEP_KEYSET_VS_PAGE_ONE,
      true,
    ),
  ]
  return { techniques, pages, pctOfCopy, checks }
}
