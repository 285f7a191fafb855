import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { buildApp } from '../../../src/app.js'
import { ConfigError } from '../../../src/config.js'
import { activeVariants, scenarioFlagName } from '../../../src/exhibits/scenario-kit/flags.js'
import { scenarios } from '../../../src/exhibits/scenarios/index.js'
import { testConfig } from '../../helpers/app.js'

describe('the scenario registry', () => {
  it('every scenario has a naive and an optimized variant with distinct names, and a default among them', () => {
    for (const s of scenarios) {
      const roles = new Set(s.variants.map((v) => v.role))
      expect(roles, s.name).toEqual(new Set(['naive', 'optimized']))
      expect(new Set(s.variants.map((v) => v.name)).size).toBe(s.variants.length)
      expect(
        s.variants.map((v) => v.name),
        s.name,
      ).toContain(s.defaultVariant)
    }
  })

  it('every scenario flag is documented in .env.example (commented out, on its default) with its variants', async () => {
    const example = await readFile(new URL('../../../.env.example', import.meta.url), 'utf8')
    for (const s of scenarios) {
      expect(example, s.name).toMatch(new RegExp(`^# ${scenarioFlagName(s.name)}=${s.defaultVariant}$`, 'm'))
      expect(example, s.name).toContain(`${s.variants.map((v) => v.name).join(' | ')} | off`)
    }
  })

  it('a flag that names no scenario, or no variant of it, stops start-up with what would be valid', () => {
    const [first] = scenarios
    if (!first) return
    const flag = scenarioFlagName(first.name)
    expect(activeVariants(scenarios, {}).get(first.name)).toBe(first.defaultVariant)
    expect(activeVariants(scenarios, { [flag]: 'off' }).get(first.name)).toBe('off')
    expect(() => activeVariants(scenarios, { [flag]: 'fast' })).toThrow(ConfigError)
    expect(() => activeVariants(scenarios, { [flag]: 'fast' })).toThrow(
      new RegExp(`${flag}=fast: expected one of "off", "${first.variants[0]!.name}"`),
    )
    expect(() => activeVariants(scenarios, { SCENARIO_NO_SUCH_THING: 'off' })).toThrow(
      /SCENARIO_NO_SUCH_THING=off: no such scenario/,
    )
  })

  it('a flag moves the plain path to another variant, or turns the scenario off', async () => {
    // A GET scenario without path parameters, so its plain path can be called as is.
    const scenario = scenarios.find((s) => s.method === 'GET' && !s.params && s.variants.length > 1)
    if (!scenario) return
    const other = scenario.variants.find((v) => v.name !== scenario.defaultVariant)!.name
    const flag = scenarioFlagName(scenario.name)
    const flipped = await buildApp(testConfig({ scenarioFlags: { [flag]: other } }))
    const off = await buildApp(testConfig({ scenarioFlags: { [flag]: 'off' } }))
    try {
      expect((await flipped.inject('/scenarios')).json()).toMatchObject({
        scenarios: expect.arrayContaining([expect.objectContaining({ name: scenario.name, activeVariant: other })]),
      })
      const listed = (await off.inject('/scenarios')).json<{ scenarios: { name: string }[] }>().scenarios
      expect(listed.map((s) => s.name)).not.toContain(scenario.name)
      expect((await off.inject(scenario.prefix)).statusCode).toBe(404)
      expect((await off.inject(`${scenario.prefix}/${scenario.defaultVariant}`)).statusCode).toBe(404)
    } finally {
      await Promise.all([flipped.close(), off.close()])
    }
  })

  it('every scenario has an exercise that starts as one of its naive variants and names an optimised one as its answer', async () => {
    for (const s of scenarios) {
      const role = (name: string) => s.variants.find((v) => v.name === name)?.role
      expect(role(s.exercise.startsAs), s.name).toBe('naive')
      expect(role(s.exercise.solution), s.name).toBe('optimized')
      const source = await readFile(
        new URL(`../../../src/exhibits/scenarios/${s.name}/exercise.ts`, import.meta.url),
        'utf8',
      )
      expect(source, s.name).toContain(`npm run verify -- ${s.name}`)
    }
  })

  it("the exercise is served at <prefix>/exercise in workshop mode only; verify puts it, or a named answer, in the solution's place", async () => {
    const scenario = scenarios.find((s) => s.method === 'GET' && !s.params && s.variants.length > 1)
    if (!scenario) return
    const { solution, startsAs } = scenario.exercise
    const plain = await buildApp(testConfig({ workshop: false }))
    const workshop = await buildApp(testConfig({ workshop: true }))
    const verified = await buildApp(
      testConfig({ verify: { scenario: scenario.name, answer: { scenario: scenario.name, variant: solution } } }),
    )
    try {
      expect((await plain.inject(`${scenario.prefix}/exercise`)).statusCode).toBe(404)
      const listed = (app: typeof plain) =>
        app
          .inject('/scenarios')
          .then((r) => r.json<{ scenarios: { name: string; variants: { name: string; summary: string }[] }[] }>())
      const mine = (await listed(workshop)).scenarios.find((s) => s.name === scenario.name)!
      expect(mine.variants.at(-1)).toMatchObject({
        name: 'exercise',
        summary: expect.stringContaining(`a copy of ${startsAs}`),
      })
      expect((await verified.inject(`${scenario.prefix}/exercise`)).statusCode).toBeLessThan(500)
    } finally {
      await Promise.all([plain.close(), workshop.close(), verified.close()])
    }
    expect(() => testConfig({ verify: { scenario: 'no-such', answer: undefined } })).not.toThrow()
    await expect(buildApp(testConfig({ verify: { scenario: 'no-such', answer: undefined } }))).rejects.toThrow(
      /VERIFY_EXERCISE=no-such: no enabled scenario/,
    )
    await expect(
      buildApp(testConfig({ verify: { scenario: undefined, answer: { scenario: scenario.name, variant: 'nope' } } })),
    ).rejects.toThrow(/EXERCISE_ANSWER=.*:nope: expected a variant/)
  })
})
