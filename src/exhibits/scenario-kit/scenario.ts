/**
 * What a blind-spot scenario is: one route contract (method + schema) and two or more variants that
 * fulfil it, one the way people get it wrong and one the way it should be done, plus the bench
 * workload that measures them. Every variant is served at `<prefix>/<variant>`; the variant chosen
 * by the scenario's flag is also served at `<prefix>`, so a workshop can flip the flag and re-run
 * the same URL.
 */
import type {
  ContextConfigDefault,
  FastifyInstance,
  FastifySchema,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
  RouteGenericInterface,
  RouteHandlerMethod,
} from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { Workload } from './workload.js'

export type VariantRole = 'naive' | 'optimized'

/** A route handler typed from a zod route schema. */
export type ZodRouteHandler<S extends FastifySchema> = RouteHandlerMethod<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  RouteGenericInterface,
  ContextConfigDefault,
  S,
  ZodTypeProvider
>

/** One way of doing the scenario's job. Its name is its key in the scenario's `variants`. */
export interface Variant<S extends FastifySchema = FastifySchema> {
  readonly role: VariantRole
  /** One line for `/scenarios` and the bench table: the mistake, or the fix. */
  readonly summary: string
  /**
   * Builds the handler once per app. It may open resources (a worker, a client); it must close
   * them in an `onClose` hook of the instance it is given.
   */
  readonly createHandler: (app: FastifyInstance) => ZodRouteHandler<S> | Promise<ZodRouteHandler<S>>
}

export interface NamedVariant<S extends FastifySchema = FastifySchema> extends Variant<S> {
  /** Path segment and flag value: says what the variant does (`blocking`, `pooled`, …). */
  readonly name: string
}

interface ScenarioBase<S extends FastifySchema> {
  /** Kebab-case name: registry key and flag name (`SCENARIO_<NAME>`). */
  readonly name: string
  readonly title: string
  readonly prefix: string
  /** Path parameters after the variant, e.g. `/:id` serves `<prefix>/<variant>/:id`. */
  readonly params?: string
  readonly method: 'GET' | 'POST'
  readonly schema: S
}

/** What a scenario folder writes: variants keyed by name, so the workload can be typed from them. */
export interface ScenarioDefinition<S extends FastifySchema, V extends string> extends ScenarioBase<S> {
  readonly variants: { readonly [K in V]: Variant<S> }
  /** The variant the plain path serves unless the flag says otherwise: the good one. */
  readonly defaultVariant: NoInfer<V>
  /** How the bench loads it; a target naming a variant the scenario lacks does not compile. */
  readonly workload: Workload<NoInfer<V>>
  readonly exercise: Exercise<S, NoInfer<V>>
}

/**
 * The workshop's exercise: `exercise.ts` in the scenario folder, a copy of a naive variant for a
 * learner to fix, served at `<prefix>/exercise` in workshop mode (WORKSHOP=true) only.
 * `npm run verify -- <scenario>` serves `solution`'s routes with it and runs the scenario's claim
 * tests, then benches it between `startsAs` and `solution`.
 */
export interface Exercise<S extends FastifySchema = FastifySchema, V extends string = string> {
  readonly variant: Variant<S>
  /** The naive variant the exercise is a copy of. */
  readonly startsAs: V
  /** The optimised variant whose claims the exercise must meet: the model answer. */
  readonly solution: V
}

/** What the app, the bench and the tests read: the variants in order, each with its name. */
export interface Scenario<S extends FastifySchema = FastifySchema> extends ScenarioBase<S> {
  readonly variants: readonly NamedVariant<S>[]
  readonly defaultVariant: string
  readonly workload: Workload
  readonly exercise: Exercise<S>
}

export function defineScenario<S extends FastifySchema, V extends string>(
  definition: ScenarioDefinition<S, V>,
): Scenario<S> {
  const variants = Object.entries<Variant<S>>(definition.variants).map(([name, variant]) => ({ name, ...variant }))
  return { ...definition, variants, workload: definition.workload, exercise: definition.exercise }
}

/** The name the exercise is served under: `<prefix>/exercise`. */
export const EXERCISE = 'exercise'

/** Where a variant is served, without its path parameters (the bench appends concrete ones). */
export function variantPath(scenario: Pick<Scenario, 'prefix'>, variant: string): string {
  return `${scenario.prefix}/${variant}`
}
