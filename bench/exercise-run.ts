/**
 * `npm run bench -- --exercise --scenario NAME` (what `npm run verify` runs): the scenario's
 * exercise between the naive variant it copies and its model answer, nothing else: no extra runs,
 * no studies. The API serves the exercise in workshop mode (WORKSHOP=true).
 */
import { EXERCISE, type NamedVariant, type Scenario } from '../src/exhibits/scenario-kit/scenario.js'

export function exerciseScenario(scenario: Scenario): Scenario {
  const { startsAs, solution, variant } = scenario.exercise
  const named = (name: string) => {
    const found = scenario.variants.find((v) => v.name === name)
    if (!found) throw new Error(`${scenario.name}: its exercise names no variant ${name}`)
    return found
  }
  const exercise: NamedVariant = {
    ...variant,
    name: EXERCISE,
    role: 'naive',
    summary: `the exercise (a copy of ${startsAs})`,
  }
  return {
    ...scenario,
    variants: [named(startsAs), exercise, named(solution)],
    workload: { ...scenario.workload, extraRuns: [] },
  }
}
