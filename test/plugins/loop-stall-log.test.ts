/**
 * The stall warning names the route that blocked the loop, and only a blocked loop: a route that
 * waits as long on a timer (the loop free meanwhile) gives no warning.
 */
import { Writable } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { buildApp } from '../../src/app.js'
import { busyLoop } from '../helpers/busy-loop.js'
import { testConfig } from '../helpers/app.js'
import { waitFor } from '../helpers/wait.js'

interface StallLine {
  msg: string
  stallMs?: number
  inFlight?: Record<string, number>
}

async function appWithLog() {
  const lines: StallLine[] = []
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as StallLine)
      done()
    },
  })
  const app = await buildApp(testConfig({ loopStallLogMs: 100 }), { logger: { level: 'warn', stream } })
  app.get('/test/busy', async () => {
    busyLoop(300)
    return { done: true }
  })
  app.get('/test/waits', async () => {
    await sleep(300)
    return { done: true }
  })
  const stalls = () => lines.filter((l) => l.msg.startsWith('event loop blocked'))
  return { app, stalls }
}

describe('the loop stall warning', () => {
  it('names the route whose handler blocked the loop, with how long', async () => {
    const { app, stalls } = await appWithLog()
    try {
      const line = await waitFor('a stall line naming GET /test/busy', async () => {
        await app.inject('/test/busy')
        return stalls().find((l) => l.inFlight?.['GET /test/busy'])
      })
      expect(line.stallMs).toBeGreaterThanOrEqual(100)
      expect(line.msg).toMatch(/^event loop blocked for \d+ ms; routes in flight: GET \/test\/busy/)
    } finally {
      await app.close()
    }
  })

  it('a route that waits as long without blocking gives none', async () => {
    const { app, stalls } = await appWithLog()
    try {
      await Promise.all(Array.from({ length: 5 }, () => app.inject('/test/waits')))
      expect(stalls().filter((l) => l.inFlight?.['GET /test/waits'])).toEqual([])
    } finally {
      await app.close()
    }
  })

  it('says it at most once a second, however often the loop stalls: a stalling process does not flood its log', async () => {
    const { app, stalls } = await appWithLog()
    try {
      // Stalls well above the threshold, one after another for a little over a second: ten or more.
      const started = performance.now()
      let made = 0
      while (performance.now() - started < 1_200) {
        await app.inject('/test/busy')
        made++
        // A turn of the timers between stalls, so the check sees each one apart.
        await sleep(30)
      }
      await waitFor('the first stall line', () => stalls().length > 0)
      expect(made).toBeGreaterThanOrEqual(4)
      // Within about 1.2 s: the first line, and at most one more after a second has passed.
      expect(stalls().length).toBeLessThanOrEqual(2)
      expect(stalls().length).toBeLessThan(made)
    } finally {
      await app.close()
    }
  })
})
