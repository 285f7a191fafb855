/**
 * The modes as transformations of the registry: which handler serves which route once a mode is
 * on, on a scenario of the test's own (each variant's handler says who it is).
 */
import { describe, expect, it } from 'vitest'
import { applyModes, modeWarnings } from '../../../src/exhibits/scenario-kit/modes.js'
import { defineScenario, type Scenario, type Variant } from '../../../src/exhibits/scenario-kit/scenario.js'
import { defineWorkload } from '../../../src/exhibits/scenario-kit/workload.js'

const variant = (role: Variant['role'], who: string): Variant => ({
  role,
  summary: who,
  createHandler: () => async () => ({ who }),
})
const scenario = defineScenario({
  name: 'synthetic',
  title: 'a naive variant, a fix and a better fix',
  prefix: '/synthetic',
  method: 'GET',
  schema: {},
  variants: {
    naive: variant('naive', 'naive'),
    fixed: variant('optimized', 'fixed'),
    best: variant('optimized', 'best'),
  },
  defaultVariant: 'fixed',
  workload: defineWorkload({
    request: (path) => ({ method: 'GET', path }),
    ceilingRps: () => null,
    doctor: { expect: { naive: 'loop-blocked', fixed: 'healthy', best: 'healthy' } },
    lint: { expect: { naive: [], fixed: [], best: [] } },
  }),
  exercise: { variant: variant('naive', 'exercise'), startsAs: 'naive', solution: 'fixed' },
})
const OFF = { swapFixes: false, workshop: false, verify: { scenario: undefined, answer: undefined } }

/** Route name → who serves it. */
async function served(registry: readonly Scenario[]): Promise<Record<string, string>> {
  const [s] = registry
  const entries = await Promise.all(
    s!.variants.map(async (v) => {
      const handler = (await v.createHandler({} as never)) as unknown as () => Promise<{ who: string }>
      return [v.name, (await handler()).who] as const
    }),
  )
  return Object.fromEntries(entries)
}

describe('applyModes', () => {
  it('no mode: the registry itself', () => {
    const registry = [scenario]
    expect(applyModes(registry, OFF)).toBe(registry)
  })

  it('SWAP_FIXES: every optimised route served by the naive variant, names and roles kept', async () => {
    const swapped = applyModes([scenario], { ...OFF, swapFixes: true })
    expect(await served(swapped)).toEqual({ naive: 'naive', fixed: 'naive', best: 'naive' })
    expect(swapped[0]!.variants.map((v) => `${v.name}:${v.role}`)).toEqual([
      'naive:naive',
      'fixed:optimized',
      'best:optimized',
    ])
  })

  it('WORKSHOP: the exercise as a route of its own, the rest untouched', async () => {
    const workshop = applyModes([scenario], { ...OFF, workshop: true })
    expect(await served(workshop)).toEqual({ naive: 'naive', fixed: 'fixed', best: 'best', exercise: 'exercise' })
    expect(workshop[0]!.variants.at(-1)).toMatchObject({ name: 'exercise', role: 'naive' })
  })

  it('VERIFY_EXERCISE: the solution served by the exercise; EXERCISE_ANSWER: by the variant it names', async () => {
    const verify = { scenario: 'synthetic', answer: undefined }
    expect(await served(applyModes([scenario], { ...OFF, verify }))).toEqual({
      naive: 'naive',
      fixed: 'exercise',
      best: 'best',
      exercise: 'exercise',
    })
    const answer = { scenario: 'synthetic', answer: { scenario: 'synthetic', variant: 'best' } }
    expect(await served(applyModes([scenario], { ...OFF, verify: answer }))).toEqual({
      naive: 'naive',
      fixed: 'best',
      best: 'best',
      exercise: 'best',
    })
  })

  it('a verify of another scenario leaves this one as it is', async () => {
    const other = applyModes([scenario], { ...OFF, verify: { scenario: 'other', answer: undefined } })
    expect(await served(other)).toEqual({ naive: 'naive', fixed: 'fixed', best: 'best' })
  })

  it('one warning per mode that is on', () => {
    expect(modeWarnings([scenario], OFF)).toEqual([])
    const all = modeWarnings([scenario], {
      swapFixes: true,
      workshop: true,
      verify: { scenario: 'synthetic', answer: undefined },
    })
    expect(all).toHaveLength(3)
    expect(all[2]).toMatch(/synthetic\/fixed is served by the exercise/)
  })
})
