/**
 * Export: both variants send the same NDJSON; the buffered one holds the whole export in memory,
 * the streamed one a batch at a time; clients that hang up free their cursor and connection.
 */
import { createHash } from 'node:crypto'
import { request } from 'undici'
import { describe, expect, it } from 'vitest'
import { SEED_ORDERS } from '../../db/seed.js'
import { useListeningApp } from '../../../test/helpers/app.js'
import { heldForStalledClients } from '../../../test/helpers/load.js'

describe('export', () => {
  const server = useListeningApp({ dbPoolSize: 4 })

  async function download(variant: string, query = '') {
    const { statusCode, headers, body } = await request(`${server.url}/orders/export/${variant}?${query}`)
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
    for (const bad of ['limit=0', 'limit=100001', 'format=xml']) {
      const rejected = await request(`${server.url}/orders/export/streamed?${bad}`)
      expect(rejected.statusCode).toBe(400)
      expect(await rejected.body.json()).toMatchObject({ message: expect.stringMatching(/limit|format/) })
    }
  })

  it('CSV: a header, then one line per order, the same from both variants', async () => {
    const buffered = await download('buffered', 'format=csv')
    expect(buffered).toMatchObject({ statusCode: 200, type: 'text/csv; charset=utf-8', lines: SEED_ORDERS + 1 })
    expect(await download('streamed', 'format=csv')).toEqual(buffered)
    const { body } = await request(`${server.url}/orders/export/streamed?format=csv&limit=2`)
    expect((await body.text()).split('\r\n')).toEqual([
      'id,customer_id,status,total_cents,created_at',
      expect.stringMatching(/^1,\d+,[a-z]+,\d+,2025-01-01 00:05:00\+00$/),
      expect.stringMatching(/^2,\d+,[a-z]+,\d+,2025-01-01 00:10:00\+00$/),
      '',
    ])
  })

  it('with clients that stall, buffered holds each whole export; streamed a batch or two', async () => {
    // 4 exports of 100,000 rows (~10 MB of NDJSON each) whose clients read nothing; 4 s lets even
    // the buffered ones, four at a time on the test pool, finish building their bodies.
    const streamed = await heldForStalledClients(server.url, '/orders/export/streamed', 4, 4_000)
    const buffered = await heldForStalledClients(server.url, '/orders/export/buffered', 4, 4_000)
    expect(buffered).toBeGreaterThan(4 * 5_000_000)
    expect(buffered).toBeGreaterThan(4 * Math.max(streamed, 1_000_000))
  }, 30_000)

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
