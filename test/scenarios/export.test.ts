/**
 * Export: both variants send the same NDJSON; the buffered one holds the whole export in memory,
 * the streamed one a batch at a time; clients that hang up free their cursor and connection.
 */
import { createHash } from 'node:crypto'
import { request } from 'undici'
import { describe, expect, it } from 'vitest'
import { SEED_ORDERS } from '../../src/db/seed.js'
import { useListeningApp } from '../helpers/app.js'

describe('export', () => {
  const server = useListeningApp({ dbPoolSize: 4 })

  async function download(variant: string, limit = SEED_ORDERS) {
    const { statusCode, headers, body } = await request(`${server.url}/orders/export/${variant}?limit=${limit}`)
    const hash = createHash('sha256')
    let lines = 0
    for await (const chunk of body) {
      hash.update(chunk as Buffer)
      lines += (chunk as Buffer).toString().split('\n').length - 1
    }
    return { statusCode, type: headers['content-type'], lines, sha: hash.digest('hex') }
  }

  it('both variants send the same NDJSON, one line per order', async () => {
    const buffered = await download('buffered')
    expect(buffered).toMatchObject({ statusCode: 200, type: 'application/x-ndjson; charset=utf-8', lines: SEED_ORDERS })
    expect(await download('streamed')).toEqual(buffered)
    const rejected = await request(`${server.url}/orders/export/streamed?limit=0`)
    await rejected.body.dump()
    expect(rejected.statusCode).toBe(400)
  })

  /** Peak JS heap above a GC'd baseline while one full export is served and read. */
  async function heapPeak(variant: string): Promise<number> {
    const gc = (globalThis as { gc?: () => void }).gc!
    gc()
    const base = process.memoryUsage().heapUsed
    let peak = base
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 2)
    await download(variant)
    clearInterval(sampler)
    return peak - base
  }

  it('buffered holds the whole export in memory; streamed a batch at a time', async () => {
    const streamed = await heapPeak('streamed')
    const buffered = await heapPeak('buffered')
    expect(buffered).toBeGreaterThan(20_000_000)
    expect(buffered).toBeGreaterThan(3 * streamed)
  })

  it('50 clients that hang up mid-export leak no cursor and no connection', async () => {
    for (let i = 0; i < 50; i++) {
      const { body } = await request(`${server.url}/orders/export/streamed`)
      // Read the first chunk, then hang up.
      for await (const chunk of body) if (chunk) break
    }
    // Soon no export query is left running, every gate slot is back, and the pool still answers.
    const running = async () => {
      const [row] = await server.app.sql<[{ n: number }]>`
        select count(*)::int as n from pg_stat_activity
        where application_name = 'blindspots' and state = 'active' and pid <> pg_backend_pid()
          and query like '%from orders order by id%'`
      return row.n
    }
    await expect.poll(running, { timeout: 10_000, interval: 200 }).toBe(0)
    expect(server.app.dbGate.waiting).toBe(0)
    const after = await request(`${server.url}/orders/export/streamed?limit=10`)
    await after.body.dump()
    expect(after.statusCode).toBe(200)
  }, 60_000)
})
