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
  stalls?: number
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
  app.get('/test/busy-short', async () => {
    busyLoop(150)
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
      // Six stalls well above the 100 ms threshold, a turn of the timers apart so the check sees
      // each one: without the limit, six lines. However long they take on a busy machine, the
      // limit allows one line, then one more per second that has passed.
      const STALLS = 6
      const started = performance.now()
      for (let made = 0; made < STALLS; made++) {
        await app.inject('/test/busy-short')
        await sleep(30)
      }
      const elapsedMs = performance.now() - started
      await waitFor('the first stall line', () => stalls().length > 0)
      expect(stalls().length).toBeLessThanOrEqual(1 + Math.floor(elapsedMs / 1_000))
      expect(stalls().length).toBeLessThan(STALLS)
      // The stalls after the first line are not lost: the next line counts them (five, here).
      await waitFor('the second line, a second after the first', () => stalls().length >= 2)
      expect(stalls()[1]!.stalls).toBeGreaterThanOrEqual(2)
    } finally {
      await app.close()
    }
  })

  it('a stall with no request in flight says so', async () => {
    const { app, stalls } = await appWithLog()
    try {
      await app.ready()
      busyLoop(200)
      const line = await waitFor('a stall line', () => stalls()[0])
      expect(line.msg).toMatch(/^event loop blocked for \d+ ms; routes in flight: none$/)
    } finally {
      await app.close()
    }
  })
})
