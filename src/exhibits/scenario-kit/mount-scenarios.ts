/**
 * Mounts every enabled scenario it is given (the registry, src/exhibits/scenarios/index.ts, or what
 * the test and workshop modes made of it: modes.ts), each in its own encapsulated context, and
 * serves GET /scenarios: what is enabled, each variant's path, and which one the plain path serves.
 * Flags that name no scenario or no variant stop start-up.
 */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { errorReplySchema } from '../../errors.js'
import { ConfigError, type Config } from '../../config.js'
import { activeVariants } from './flags.js'
import { variantPath, type Scenario } from './scenario.js'

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
  await app.register(
    async (scenarioScope) => {
      for (const variant of scenario.variants) {
        // Each variant in a context of its own, so the hooks and plugins one variant adds (a
        // heavy hook, load shedding) touch its routes only, never its neighbour's.
        await scenarioScope.register(async (scoped) => {
          const handler = await variant.createHandler(scoped)
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
  for (const scenario of enabled) await mountScenario(app, scenario, active.get(scenario.name)!)

  const listing = {
    scenarios: enabled.map((s) => ({
      name: s.name,
      title: s.title,
      path: `${s.prefix}${s.params ?? ''}`,
      activeVariant: active.get(s.name)!,
      variants: s.variants.map((v) => ({
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
