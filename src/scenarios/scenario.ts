/**
 * What a blind-spot scenario is: one route contract (method + schema) and two or more variants that
 * fulfil it, one the way people get it wrong and one the way it should be done. Every variant is
 * served at `<prefix>/<variant>`; the variant chosen by the scenario's flag is also served at
 * `<prefix>`, so a workshop can flip the flag and re-run the same URL.
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

export interface Variant<S extends FastifySchema = FastifySchema> {
  /** Path segment and flag value: says what the variant does (`blocking`, `pooled`, …). */
  readonly name: string
  readonly role: VariantRole
  /** One line for `/scenarios` and the bench table: the mistake, or the fix. */
  readonly summary: string
  /**
   * Builds the handler once per app. It may open resources (a worker, a client); it must close
   * them in an `onClose` hook of the instance it is given.
   */
  readonly createHandler: (app: FastifyInstance) => ZodRouteHandler<S> | Promise<ZodRouteHandler<S>>
}

export interface Scenario<S extends FastifySchema = FastifySchema> {
  /** Kebab-case name: registry key, flag name (`SCENARIO_<NAME>`), bench workload key. */
  readonly name: string
  readonly title: string
  readonly prefix: string
  /** Path parameters after the variant, e.g. `/:id` serves `<prefix>/<variant>/:id`. */
  readonly params?: string
  readonly method: 'GET' | 'POST'
  readonly schema: S
  readonly variants: readonly Variant<S>[]
  /** The variant the plain path serves unless the flag says otherwise: the good one. */
  readonly defaultVariant: string
}

export function defineScenario<S extends FastifySchema>(scenario: Scenario<S>): Scenario<S> {
  if (!scenario.variants.some((v) => v.name === scenario.defaultVariant)) {
    throw new Error(`scenario ${scenario.name}: default variant ${scenario.defaultVariant} is not one of its variants`)
  }
  return scenario
}

/** Where a variant is served, without its path parameters (the bench appends concrete ones). */
export function variantPath(scenario: Pick<Scenario, 'prefix'>, variant: string): string {
  return `${scenario.prefix}/${variant}`
}
