/**
 * File I/O: every variant answers the same product; reading and parsing the 5 MB file per request
 * stalls the event loop (async read included: the parse is still on the loop), the cached variant
 * does neither.
 */
import { describe, expect, it } from 'vitest'
import { fileIo } from './index.js'
import { useListeningApp } from '../../../../test/helpers/app.js'
import { get } from '../../../../test/helpers/http.js'
import { measureEventLoop } from '../../../../test/helpers/load.js'

const variants = fileIo.variants.map((v) => v.name)
const REQUESTS = 10

describe('file-io', () => {
  const server = useListeningApp()

  it('every variant answers the same status and body', async () => {
    const replies = await Promise.all(variants.map((v) => get(`${server.url}/products/${v}/4242`)))
    for (const reply of replies) {
      expect(reply).toMatchObject({ status: 200, body: { id: 4242, sku: 'SKU-004242' } })
      expect(reply.body).toEqual(replies[0]!.body)
    }
    for (const bad of ['0', '20001', 'abc']) {
      const rejected = await Promise.all(variants.map((v) => get(`${server.url}/products/${v}/${bad}`)))
      expect(rejected.map((r) => r.status)).toEqual([400, 400, 400])
    }
  })

  /** REQUESTS concurrent lookups: how long they take and the longest event-loop stall meanwhile. */
  async function load(variant: string) {
    const { result, stats } = await measureEventLoop(server.url, async () => {
      const start = performance.now()
      await Promise.all(Array.from({ length: REQUESTS }, () => get(`${server.url}/products/${variant}/4242`)))
      return performance.now() - start
    })
    return { elapsed: result, loopMax: stats.eventLoopDelayMs.max }
  }

  it('reading per request, sync or async, stalls the loop; the cached variant does not', async () => {
    const sync = await load('sync-read')
    const async_ = await load('async-read')
    const cached = await load('cached')
    expect(sync.elapsed).toBeGreaterThan(5 * cached.elapsed)
    expect(async_.elapsed).toBeGreaterThan(5 * cached.elapsed)
    // The parse of 5 MB is one long stall either way; a lookup in memory is not.
    expect(sync.loopMax).toBeGreaterThan(3 * cached.loopMax)
    expect(async_.loopMax).toBeGreaterThan(3 * cached.loopMax)
  })
})
