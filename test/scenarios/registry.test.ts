import { describe, expect, it } from 'vitest'
import { workloads } from '../../bench/workloads/index.js'
import { buildApp } from '../../src/app.js'
import { scenarios } from '../../src/scenarios/index.js'
import { testConfig } from '../helpers/app.js'

describe('the scenario registry', () => {
  it('every scenario has a bench workload, and every workload a scenario', () => {
    expect(Object.keys(workloads).sort()).toEqual(scenarios.map((s) => s.name).sort())
  })

  it('every scenario has a naive and an optimized variant, with distinct names', () => {
    for (const s of scenarios) {
      const roles = new Set(s.variants.map((v) => v.role))
      expect(roles, s.name).toEqual(new Set(['naive', 'optimized']))
      expect(new Set(s.variants.map((v) => v.name)).size).toBe(s.variants.length)
    }
  })

  it('a flag moves the plain path to another variant, or turns the scenario off', async () => {
    const flipped = await buildApp(testConfig({ scenarios: { 'outbound-http': 'blocking' } }))
    const off = await buildApp(testConfig({ scenarios: { 'outbound-http': 'off' } }))
    try {
      expect((await flipped.inject('/scenarios')).json()).toMatchObject({
        scenarios: expect.arrayContaining([expect.objectContaining({ name: 'outbound-http', activeVariant: 'blocking' })]),
      })
      expect((await flipped.inject('/http?delayMs=1')).json()).toEqual({ upstreamDelayMs: 1 })
      const listed = (await off.inject('/scenarios')).json<{ scenarios: { name: string }[] }>().scenarios
      expect(listed.map((s) => s.name)).not.toContain('outbound-http')
      expect((await off.inject('/http')).statusCode).toBe(404)
      expect((await off.inject('/http/pooled')).statusCode).toBe(404)
    } finally {
      await Promise.all([flipped.close(), off.close()])
    }
  })
})
