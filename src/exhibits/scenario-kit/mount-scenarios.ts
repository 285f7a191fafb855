/**
 * Mounts every enabled scenario it is given (the registry, src/exhibits/scenarios/index.ts), each in its
 * own encapsulated context, and serves GET /scenarios: what is enabled, each variant's path, and
 * which one the plain path serves. Flags that name no scenario or no variant stop start-up.
 */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { errorReplySchema } from '../../errors.js'
import { ConfigError, type Config } from '../../config.js'
import { activeVariants } from './flags.js'
import { EXERCISE, variantPath, type NamedVariant, type Scenario, type Variant } from './scenario.js'

export interface MountScenariosOptions {
  readonly scenarios: readonly Scenario[]
}

const scenarioListReply = z.object({
  scenarios: z.array(
    z.object({
      name: z.string(),
      title: z.string(),
      path: z.string(),
      activeVariant: z.string(),
      variants: z.array(
        z.object({ name: z.string(), role: z.enum(['naive', 'optimized']), path: z.string(), summary: z.string() }),
      ),
    }),
  ),
})

/**
 * The variant whose handler serves `variant`'s route: itself; in the swapped run (SWAP_FIXES) an
 * optimised variant's first naive sibling; for the scenario `npm run verify` checks, the solution's
 * route is served by the exercise (or the answer named in its place). They share the scenario's
 * schema, so any handler of the scenario fits any of its routes.
 */
function servedBy(app: FastifyInstance, scenario: Scenario, variant: NamedVariant): Variant {
  if (app.config.verify.scenario === scenario.name && variant.name === scenario.exercise.solution)
    return answerOf(app, scenario)
  if (!app.config.swapFixes || variant.role !== 'optimized') return variant
  return scenario.variants.find((v) => v.role === 'naive') ?? variant
}

/** What `<prefix>/exercise` serves: the learner's exercise, or the variant EXERCISE_ANSWER puts in its place. */
function answerOf(app: FastifyInstance, scenario: Scenario): Variant {
  const { answer } = app.config.verify
  if (answer?.scenario !== scenario.name) return scenario.exercise.variant
  return scenario.variants.find((v) => v.name === answer.variant) ?? scenario.exercise.variant
}

/** The exercise as a listed variant, in workshop mode and for the scenario being verified. */
function exerciseOf(app: FastifyInstance, scenario: Scenario): NamedVariant | null {
  if (!app.config.workshop && app.config.verify.scenario !== scenario.name) return null
  const summary = `the workshop exercise: a copy of ${scenario.exercise.startsAs} to fix (npm run verify -- ${scenario.name})`
  return { ...scenario.exercise.variant, name: EXERCISE, role: 'naive', summary }
}

/**
 * Every scenario setting checked against the registry (SCENARIO_* flags; VERIFY_EXERCISE and
 * EXERCISE_ANSWER name an enabled scenario, the latter one of its variants too): a ConfigError
 * naming the variable. server.ts calls it before anything starts; the mount, for every other caller.
 */
export function checkScenarioSettings(
  config: Pick<Config, 'scenarioFlags' | 'verify'>,
  scenarios: readonly Scenario[],
) {
  const active = activeVariants(scenarios, config.scenarioFlags)
  const enabled = scenarios.filter((s) => active.get(s.name) !== 'off')
  const { scenario: verified, answer } = config.verify
  const known = () => enabled.map((s) => s.name).join(', ')
  if (verified !== undefined && !enabled.some((s) => s.name === verified)) {
    throw new ConfigError(`VERIFY_EXERCISE=${verified}: no enabled scenario of that name (known: ${known()})`)
  }
  if (answer !== undefined) {
    const scenario = enabled.find((s) => s.name === answer.scenario)
    if (!scenario)
      throw new ConfigError(
        `EXERCISE_ANSWER=${answer.scenario}:${answer.variant}: no enabled scenario ${answer.scenario} (known: ${known()})`,
      )
    const variants = scenario.variants.map((v) => v.name)
    if (!variants.includes(answer.variant))
      throw new ConfigError(
        `EXERCISE_ANSWER=${answer.scenario}:${answer.variant}: expected a variant of ${answer.scenario} (${variants.join(', ')})`,
      )
  }
  return { active, enabled }
}

async function mountScenario(app: FastifyInstance, scenario: Scenario, activeVariant: string) {
  const exercise = exerciseOf(app, scenario)
  await app.register(
    async (scenarioScope) => {
      for (const variant of [...scenario.variants, ...(exercise ? [exercise] : [])]) {
        // Each variant in a context of its own, so the hooks and plugins one variant adds (a
        // heavy hook, load shedding) touch its routes only, never its neighbour's.
        await scenarioScope.register(async (scoped) => {
          const source = variant === exercise ? answerOf(app, scenario) : servedBy(app, scenario, variant)
          const handler = await source.createHandler(scoped)
          const route = { method: scenario.method, schema: scenario.schema, handler }
          const params = scenario.params ?? ''
          scoped.route({ ...route, url: `/${variant.name}${params}` })
          // The plain path serves the flag's variant: same handler, so same behaviour and numbers.
          if (variant.name === activeVariant) scoped.route({ ...route, url: params })
        })
      }
    },
    { prefix: scenario.prefix },
  )
}

async function mountScenarios(fastify: FastifyInstance, { scenarios }: MountScenariosOptions) {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const { active, enabled } = checkScenarioSettings(app.config, scenarios)
  if (app.config.swapFixes)
    app.log.warn(
      'SWAP_FIXES is on: every optimised route serves its naive sibling (the swapped test run); never in production',
    )
  if (app.config.workshop)
    app.log.warn('WORKSHOP is on: every scenario serves its exercise at <prefix>/exercise; never in production')
  const verified = enabled.find((s) => s.name === app.config.verify.scenario)
  if (verified)
    app.log.warn(
      `VERIFY_EXERCISE: ${verified.name}/${verified.exercise.solution} is served by the exercise; never in production`,
    )
  for (const scenario of enabled) await mountScenario(app, scenario, active.get(scenario.name)!)

  const listing = {
    scenarios: enabled.map((s) => ({
      name: s.name,
      title: s.title,
      path: `${s.prefix}${s.params ?? ''}`,
      activeVariant: active.get(s.name)!,
      variants: [...s.variants, ...[exerciseOf(app, s)].filter((e) => e !== null)].map((v) => ({
        name: v.name,
        role: v.role,
        path: `${variantPath(s, v.name)}${s.params ?? ''}`,
        summary: v.summary,
      })),
    })),
  }
  app.get(
    '/scenarios',
    { schema: { response: { 200: scenarioListReply, '4xx': errorReplySchema, '5xx': errorReplySchema } } },
    async () => listing,
  )
}

export default fp(mountScenarios, {
  name: 'scenarios',
  fastify: '5.x',
  dependencies: ['db', 'redis', 'upstream-client', 'report-queue'],
})
