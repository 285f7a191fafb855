/**
 * The registry as the swapped run, the workshop and `npm run verify` need it, made from the plain
 * one: each mode is a transformation of the scenarios, applied once where the exhibits are
 * registered, so mounting serves whatever it is given and has no branch for any mode.
 *   SWAP_FIXES: every optimised variant is served by its scenario's first naive variant (each
 *     claim test must then fail: the fix undone).
 *   WORKSHOP: every scenario gains its exercise, a variant named `exercise`.
 *   VERIFY_EXERCISE: that scenario gains its exercise, and its solution is served by the exercise
 *     (EXERCISE_ANSWER: by the variant it names), so the solution's claim tests judge the
 *     learner's code.
 */
import type { ExhibitsSettings } from '../config.js'
import { EXERCISE, type NamedVariant, type Scenario, type Variant } from './scenario.js'

type Modes = Pick<ExhibitsSettings, 'swapFixes' | 'workshop' | 'verify'>

/** `variant`, under its own name, role and route, with `source`'s handler (a scenario's handlers share its schema). */
const servedBy = (variant: NamedVariant, source: Variant): NamedVariant => ({
  ...variant,
  createHandler: source.createHandler,
})

/** What the exercise route serves: the learner's exercise, or the variant EXERCISE_ANSWER puts in its place. */
function answerOf(scenario: Scenario, answer: Modes['verify']['answer']): Variant {
  if (answer?.scenario !== scenario.name) return scenario.exercise.variant
  return scenario.variants.find((v) => v.name === answer.variant) ?? scenario.exercise.variant
}

function withModes(scenario: Scenario, { swapFixes, workshop, verify }: Modes): Scenario {
  const naive = scenario.variants.find((v) => v.role === 'naive')
  const answer = answerOf(scenario, verify.answer)
  const verified = verify.scenario === scenario.name
  const variants = scenario.variants.map((v) => {
    if (verified && v.name === scenario.exercise.solution) return servedBy(v, answer)
    return swapFixes && naive && v.role === 'optimized' ? servedBy(v, naive) : v
  })
  if (!workshop && !verified) return { ...scenario, variants }
  const summary = `the workshop exercise: a copy of ${scenario.exercise.startsAs} to fix (npm run verify -- ${scenario.name})`
  const exercise: NamedVariant = { ...answer, name: EXERCISE, role: 'naive', summary }
  return { ...scenario, variants: [...variants, exercise] }
}

/** The registry the modes ask for; the plain one, unchanged, when none is on. */
export function applyModes(scenarios: readonly Scenario[], modes: Modes): readonly Scenario[] {
  if (!modes.swapFixes && !modes.workshop && modes.verify.scenario === undefined) return scenarios
  return scenarios.map((s) => withModes(s, modes))
}

/** One warning per mode that is on: none of them belongs in production. */
export function modeWarnings(scenarios: readonly Scenario[], modes: Modes): string[] {
  const verified = scenarios.find((s) => s.name === modes.verify.scenario)
  return [
    ...(modes.swapFixes
      ? ['SWAP_FIXES is on: every optimised route serves its naive sibling (the swapped test run); never in production']
      : []),
    ...(modes.workshop
      ? ['WORKSHOP is on: every scenario serves its exercise at <prefix>/exercise; never in production']
      : []),
    ...(verified
      ? [
          `VERIFY_EXERCISE: ${verified.name}/${verified.exercise.solution} is served by the exercise; never in production`,
        ]
      : []),
  ]
}
