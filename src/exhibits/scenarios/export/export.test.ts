/**
 * Export: the three variants send the same bytes, text with quotes, commas and line breaks
 * included; the buffered one holds the whole export in memory, the streamed one a batch at a time,
 * COPY a chunk, with backpressure reaching Postgres itself; clients that hang up free their
 * cursor, their COPY and their connection; COPY connections are reused (postgres.js #917 worked
 * around) and capped.
 */
import { createHash } from 'node:crypto'
import { once } from 'node:events'
import { connect } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { request } from 'undici'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { SEED_ORDERS } from '../../../db/seed.js'
import { listeningApp, useListeningApp } from '../../../../test/helpers/app.js'
import { heldForStalledClients, jsMemoryBytes } from '../../../../test/helpers/load.js'
import { scratchDatabase, type ScratchDatabase } from '../../../../test/helpers/scratch-database.js'
import type { App } from '../../../app.js'
// The test's pool is larger than this, so the COPY cap is the bound that shows.
import { COPY_CONNECTIONS } from './copy.js'

const VARIANTS = ['buffered', 'streamed', 'copy'] as const

async function download(url: string) {
  // Bounded: a COPY on a stuck connection (postgres.js #917) never answers; fail, do not hang.
  const { statusCode, headers, body } = await request(url, { headersTimeout: 20_000, bodyTimeout: 30_000 })
  const hash = createHash('sha256')
  let text = ''
  let lines = 0
  for await (const chunk of body) {
    hash.update(chunk as Buffer)
    lines += (chunk as Buffer).toString().split('\n').length - 1
    if (text.length < 4_096) text += (chunk as Buffer).toString()
  }
  return { statusCode, type: headers['content-type'], lines, sha: hash.digest('hex'), head: text.slice(0, 4_096) }
}

/** The backends serving COPY exports now, from Postgres' own view. */
async function copyBackends(app: App) {
  return app.sql<{ pid: number; state: string; waitEvent: string | null }[]>`
    select pid, state, wait_event as "waitEvent" from pg_stat_activity
    where application_name = 'blindspots-copy' and datname = current_database()`
}

describe('export, rows whose text needs quoting', () => {
  // Text no seed row has: quotes, commas, line breaks, a backslash, a tab, a control character,
  // the empty string, non-ASCII. In a database of its own, so no other test sees these rows.
  const awkward = ['say "hi", then\nleave', 'back\\slash\tand\r\nCRLF', '', 'ünïcødé ✓', '\u0001ctl', '\\.']
  let scratch: ScratchDatabase
  let server: { app: App; url: string }
  beforeAll(async () => {
    scratch = await scratchDatabase(inject('databaseUrl'))
    for (const [i, status] of awkward.entries())
      await scratch.sql`update orders set status = ${status} where id = ${i + 2}`
    server = await listeningApp({ databaseUrl: scratch.url, dbPoolSize: 4 })
  }, 60_000)
  afterAll(async () => {
    await server?.app.close()
    await scratch?.drop()
  })

  it('all three variants send the same bytes, NDJSON and CSV, every row', async () => {
    for (const format of ['ndjson', 'csv'] as const) {
      const [first, ...others] = await Promise.all(
        VARIANTS.map((v) => download(`${server.url}/orders/export/${v}?format=${format}`)),
      )
      const type = format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8'
      expect(first).toMatchObject({ statusCode: 200, type })
      for (const other of others) expect(other).toEqual(first)
      // The awkward values come back intact from the bytes every variant sent.
      if (format === 'ndjson') {
        const rows = first!.head
          .split('\n')
          .slice(0, awkward.length + 1)
          .map((l) => JSON.parse(l) as { status: string })
        expect(rows.slice(1).map((r) => r.status)).toEqual(awkward)
      } else {
        expect(first!.head).toContain('\n2,')
        expect(first!.head).toContain(`,"say ""hi"", then\nleave",`)
        expect(first!.head).toContain(`,"back\\slash\tand\r\nCRLF",`)
        expect(first!.head).toMatch(/\n4,\d+,"",/) // the empty string quoted, as COPY writes it
      }
    }
  })
})

describe('export', () => {
  const server = useListeningApp({ dbPoolSize: 6 })

  it('every variant: NDJSON one line per order, CSV a header then one line per order, the same bad-input replies', async () => {
    const reference = await download(`${server.url}/orders/export/buffered`)
    expect(reference).toMatchObject({
      statusCode: 200,
      type: 'application/x-ndjson; charset=utf-8',
      lines: SEED_ORDERS,
    })
    for (const variant of VARIANTS.slice(1))
      expect(await download(`${server.url}/orders/export/${variant}`)).toEqual(reference)
    for (const variant of VARIANTS) {
      const { body } = await request(`${server.url}/orders/export/${variant}?format=csv&limit=2`)
      expect((await body.text()).split('\n')).toEqual([
        'id,customer_id,status,total_cents,created_at',
        expect.stringMatching(/^1,\d+,[a-z]+,\d+,2025-01-01 00:05:00\+00$/),
        expect.stringMatching(/^2,\d+,[a-z]+,\d+,2025-01-01 00:10:00\+00$/),
        '',
      ])
    }
    for (const bad of ['limit=0', 'limit=100001', 'limit=1.5', 'format=xml']) {
      const replies = await Promise.all(VARIANTS.map((v) => request(`${server.url}/orders/export/${v}?${bad}`)))
      const bodies = await Promise.all(replies.map((r) => r.body.json()))
      expect(replies.map((r) => r.statusCode)).toEqual([400, 400, 400])
      expect(bodies[0]).toMatchObject({ message: expect.stringMatching(/limit|format/) })
      expect(bodies).toEqual(bodies.map(() => bodies[0]))
    }
  }, 60_000)

  it('with clients that stall, buffered holds each whole export; streamed a batch or two; COPY less', async () => {
    // 4 exports of 100,000 rows (~10 MB of NDJSON each) whose clients read nothing; 4 s lets even
    // the buffered ones, four at a time, finish building their bodies.
    const copy = await heldForStalledClients(server.url, '/orders/export/copy', 4, 4_000)
    const streamed = await heldForStalledClients(server.url, '/orders/export/streamed', 4, 4_000)
    const buffered = await heldForStalledClients(server.url, '/orders/export/buffered', 4, 4_000)
    const held = `held: buffered ${buffered}, streamed ${streamed}, copy ${copy} bytes`
    expect(buffered, held).toBeGreaterThan(4 * 5_000_000)
    expect(buffered, held).toBeGreaterThan(4 * Math.max(streamed, 1_000_000))
    expect(buffered, held).toBeGreaterThan(4 * Math.max(copy, 1_000_000))
  }, 30_000)

  it('COPY: a slow client that pauses gets the whole body, and memory stays flat', async () => {
    const { sha: expected, lines } = await download(`${server.url}/orders/export/streamed`)
    const gc = (globalThis as { gc?: () => void }).gc!
    const used = () => {
      gc()
      return jsMemoryBytes()
    }
    // Warm: the COPY connection, its client and the code paths exist before `before`.
    await download(`${server.url}/orders/export/copy?limit=10`)
    const before = used()
    const { statusCode, body } = await request(`${server.url}/orders/export/copy`, {
      highWaterMark: 64 * 1024,
      bodyTimeout: 30_000,
    })
    expect(statusCode).toBe(200)
    const hash = createHash('sha256')
    let bytes = 0
    let heldDuringPause = Infinity
    for await (const chunk of body) {
      hash.update(chunk as Buffer)
      bytes += (chunk as Buffer).length
      // The client reads ~20 MB/s (a deliberate pace, not a wait) ...
      await sleep(Math.ceil((chunk as Buffer).length / 20_000))
      if (heldDuringPause === Infinity && bytes > 2_000_000) {
        // ... and stops reading for half a second (what the client does, not a wait on the
        // server). What stays held all that while (the least of five readings: a reading can
        // catch buffers in passage, or freed ones not yet swept): a buffered export holds the
        // whole body and its rows; COPY a few chunks, the rest waits in the sockets or Postgres.
        const readings: number[] = []
        for (let i = 0; i < 5; i++) {
          await sleep(100)
          readings.push(used() - before)
        }
        heldDuringPause = Math.min(...readings)
      }
    }
    expect({ sha: hash.digest('hex'), bytes: bytes > 0 }).toEqual({ sha: expected, bytes: true })
    expect(lines).toBe(SEED_ORDERS)
    // The body is ~10 MB; a buffered export holds all of it here (measured: 10.5 MB; COPY under
    // 0.5 MB, often less than before).
    expect(heldDuringPause).toBeLessThan(bytes / 4)
  }, 60_000)

  it('COPY: a connection that served a COPY answers its next one (postgres.js #917), and is reused', async () => {
    const pids = new Set<number>()
    for (let i = 0; i < 25; i++) {
      // Full exports: the larger the COPY, the likelier its end meets a paused socket.
      const { statusCode, lines } = await download(
        `${server.url}/orders/export/copy?format=${i % 2 ? 'csv' : 'ndjson'}`,
      )
      expect({ i, statusCode, lines }).toEqual({ i, statusCode: 200, lines: SEED_ORDERS + (i % 2) })
      for (const backend of await copyBackends(server.app)) pids.add(backend.pid)
    }
    // One at a time, so one connection (two at most) served all 25: none was thrown away.
    expect(pids.size).toBeLessThanOrEqual(COPY_CONNECTIONS)
  }, 120_000)

  it('75 clients that hang up mid-export, or before it starts, leak no cursor, no COPY and no connection, and crash nothing', async () => {
    for (const variant of ['streamed', 'copy']) {
      for (let i = 0; i < 25; i++) {
        const { body } = await request(`${server.url}/orders/export/${variant}`, { headersTimeout: 20_000 })
        // Read the first chunk, then hang up.
        for await (const chunk of body) if (chunk) break
      }
    }
    // Gone before the first byte: the reply's stream is dropped unread, and the COPY stream with
    // it, whose connection is then destroyed (an unheard error there would kill the process).
    const { hostname, port } = new URL(server.url)
    for (let i = 0; i < 25; i++) {
      const socket = connect(Number(port), hostname)
      socket.end(`GET /orders/export/copy HTTP/1.1\r\nHost: ${hostname}\r\n\r\n`)
      socket.destroySoon()
      await once(socket, 'close')
    }
    // Soon no export query is left running, every gate slot is back, and the pool still answers.
    const running = async () => {
      const [row] = await server.app.sql<[{ n: number }]>`
        select count(*)::int as n from pg_stat_activity
        where application_name in ('blindspots', 'blindspots-copy') and state = 'active' and pid <> pg_backend_pid()
          and (query like '%from orders order by id%')`
      return row.n
    }
    await expect.poll(running, { timeout: 10_000, interval: 200 }).toBe(0)
    await expect
      .poll(async () => (await copyBackends(server.app)).length, { timeout: 10_000, interval: 200 })
      .toBeLessThanOrEqual(COPY_CONNECTIONS)
    expect(server.app.dbGate.waiting).toBe(0)
    for (let i = 0; i < 20; i++) {
      const variant = i % 2 ? 'copy' : 'streamed'
      const after = await download(`${server.url}/orders/export/${variant}?limit=10`)
      expect({ i, variant, statusCode: after.statusCode, lines: after.lines }).toEqual({
        i,
        variant,
        statusCode: 200,
        lines: 10,
      })
    }
  }, 60_000)

  it('COPY connections never exceed their cap: 20 exports at once queue for them, or get a 503', async () => {
    let most = 0
    let sampling = true
    const sampler = (async () => {
      while (sampling) {
        most = Math.max(most, (await copyBackends(server.app)).filter((b) => b.state === 'active').length)
        await sleep(5)
      }
    })()
    const replies = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const { statusCode, body } = await request(`${server.url}/orders/export/copy?format=csv`, {
          bodyTimeout: 30_000,
        })
        const text = await body.text()
        return { statusCode, text }
      }),
    )
    sampling = false
    await sampler
    const served = replies.filter((r) => r.statusCode === 200)
    const refused = replies.filter((r) => r.statusCode !== 200)
    expect(served.length).toBeGreaterThanOrEqual(COPY_CONNECTIONS)
    for (const r of refused)
      expect({ status: r.statusCode, body: JSON.parse(r.text) as unknown }).toMatchObject({
        status: 503,
        body: { message: expect.stringMatching(/database connection/) },
      })
    expect(most).toBeGreaterThan(0)
    expect(most).toBeLessThanOrEqual(COPY_CONNECTIONS)
  }, 60_000)
})
