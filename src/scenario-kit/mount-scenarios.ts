/**
 * Mounts every enabled scenario it is given (the registry, src/scenarios/index.ts), each in its
 * own encapsulated context, and serves GET /scenarios: what is enabled, each variant's path, and
 * which one the plain path serves. Flags that name no scenario or no variant stop start-up.
 */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { errorReplySchema } from '../errors.js'
import { activeVariants } from './flags.js'
import { variantPath, type NamedVariant, type Scenario } from './scenario.js'

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
      variants: z.array(z.object({ name: z.string(), role: z.enum(['naive', 'optimized']), path: z.string(), summary: z.string() })),
    }),
  ),
})

/**
 * The variant whose handler serves `variant`'s route: itself, or in the swapped run (SWAP_FIXES)
 * an optimised variant's first naive sibling. They share the scenario's schema, so any handler of
 * the scenario fits any of its routes.
 */
function servedBy(app: FastifyInstance, scenario: Scenario, variant: NamedVariant): NamedVariant {
  if (!app.config.swapFixes || variant.role !== 'optimized') return variant
  return scenario.variants.find((v) => v.role === 'naive') ?? variant
}

async function mountScenario(app: FastifyInstance, scenario: Scenario, activeVariant: string) {
  await app.register(
    async (scenarioScope) => {
      for (const variant of scenario.variants) {
        // Each variant in a context of its own, so the hooks and plugins one variant adds (a
        // heavy hook, load shedding) touch its routes only, never its neighbour's.
        await scenarioScope.register(async (scoped) => {
          const handler = await servedBy(app, scenario, variant).createHandler(scoped)
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
  const active = activeVariants(scenarios, app.config.scenarioFlags)
  const enabled = scenarios.filter((s) => active.get(s.name) !== 'off')
  if (app.config.swapFixes) app.log.warn('SWAP_FIXES is on: every optimised route serves its naive sibling (the swapped test run); never in production')
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
  app.get('/scenarios', { schema: { response: { 200: scenarioListReply, '4xx': errorReplySchema, '5xx': errorReplySchema } } }, async () => listing)
}

export default fp(mountScenarios, { name: 'scenarios', fastify: '5.x', dependencies: ['db', 'redis', 'upstream-client', 'report-queue'] })
