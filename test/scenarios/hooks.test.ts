/**
 * Hooks: both variants let a valid key in and keep others out; the global synchronous check makes
 * an unrelated /health wait while requests are checked, the scoped, async and cached one does not.
 */
import { request } from 'undici'
import { describe, expect, it } from 'vitest'
import { DEMO_API_KEY } from '../../src/scenarios/hooks/contract.js'
import { useListeningApp } from '../helpers/app.js'
import { burst, type Timed } from '../helpers/http.js'

const CONCURRENT = 8

async function getWithKey(url: string, key?: string): Promise<Timed> {
  const start = performance.now()
  const { statusCode, body } = await request(url, { headers: key === undefined ? {} : { 'x-api-key': key } })
  return { status: statusCode, body: await body.json(), ms: performance.now() - start }
}

describe('hooks', () => {
  const server = useListeningApp()

  it('a valid key gets 200, a wrong key 401, no key a 4xx naming the header', async () => {
    for (const variant of ['global-sync', 'scoped-cached']) {
      const path = `${server.url}/hooks/${variant}`
      expect(await getWithKey(path, DEMO_API_KEY)).toMatchObject({ status: 200, body: { ok: true } })
      expect(await getWithKey(path, 'not-the-key')).toMatchObject({ status: 401, body: { code: 'BS_INVALID_API_KEY' } })
      const missing = await getWithKey(path)
      expect([400, 401]).toContain(missing.status)
      expect(JSON.stringify(missing.body)).toMatch(/x-api-key/)
    }
  })

  for (const [variant, blocks] of [
    ['global-sync', true],
    ['scoped-cached', false],
  ] as const) {
    it(`${variant}: ${blocks ? 'an unrelated /health waits for the key checks' : '/health answers at once'}`, async () => {
      const path = `/hooks/${variant}`
      const one = await getWithKey(`${server.url}${path}`, DEMO_API_KEY)
      const alone = (await getWithKey(`${server.url}${path}`, DEMO_API_KEY)).ms
      expect(one.status).toBe(200)
      const b = await burst(server.url, path, CONCURRENT, 2, (url) => getWithKey(url, DEMO_API_KEY))
      expect(b.statuses.every((s) => s === 200)).toBe(true)
      // A check costs ~10 ms of CPU: 8 of them in a row on the loop, or one per key, cached.
      if (blocks) expect(b.stats.eventLoopDelayMs.max).toBeGreaterThan(Math.max(5, 0.5 * alone))
      else expect(b.stats.eventLoopDelayMs.max).toBeLessThan(20)
      if (blocks) expect(b.elapsed).toBeGreaterThan(0.5 * CONCURRENT * alone)
    })
  }
})
