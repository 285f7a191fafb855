/**
 * The exhibits' settings: their own schema, merged into the service's by config.ts (still the one
 * reader of the environment, so a bad value is named the same way), and their own fields on the
 * service's Config, added here by declaration merging: stripped of this folder, the service's
 * Config has none of them.
 */
import { z } from 'zod'
import { booleanFlag, optionalUrl, positiveInt } from '../env-fields.js'

/** `SCENARIO_<NAME>` → `off` or a variant name, as set in the environment. */
export type ScenarioFlags = Readonly<Record<string, string>>

export interface ExhibitsSettings {
  /** The slow upstream of the scenarios, and the client that calls it. */
  readonly upstream: {
    readonly url: string | undefined
    /** The delay our own upstream applies when a request names none. */
    readonly delayMs: number
    /** Headers and body timeout of every upstream call. */
    readonly timeoutMs: number
    /** Cap on the upstream pool's sockets (undici's default is unlimited). */
    readonly connections: number
  }
  /** Exposes `/_bench/*` (event-loop histogram, memory) for the benchmark runner. */
  readonly benchRoutes: boolean
  /**
   * Where the logging scenario's variants write: a path such as a FIFO that a log consumer reads
   * (the bench's slow consumer). Unset: a file per variant under FILES_DIR/logs.
   */
  readonly loggingDestination: string | undefined
  /**
   * Serves every optimised variant's route with its naive sibling's handler: the swapped run
   * (`npm run test:swapped`) proves each claim test fails when the fix is undone. Never in production.
   */
  readonly swapFixes: boolean
  /** Serves each scenario's exercise (a learner's copy of its naive variant) at `<prefix>/exercise`. */
  readonly workshop: boolean
  /**
   * For `npm run verify -- <scenario>`. `scenario`: its solution's routes serve the exercise, so the
   * solution's claim tests judge the learner's code. `answer`: a variant whose code that scenario's
   * exercise route serves instead of exercise.ts (`verify --answer`: the model answer must pass).
   */
  readonly verify: {
    readonly scenario: string | undefined
    readonly answer: { readonly scenario: string; readonly variant: string } | undefined
  }
  /** The `SCENARIO_*` variables that are set; unset ones leave a scenario on its default variant. */
  readonly scenarioFlags: ScenarioFlags
}

declare module '../config.js' {
  // The point is the merge: Config gains the exhibits' fields, and declares none of its own here.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Config extends ExhibitsSettings {}
  /** Once the infrastructure has started, the upstream's URL is known too. */
  interface AppConfig {
    readonly upstream: ExhibitsSettings['upstream'] & { readonly url: string }
  }
}

export const exhibitsEnv = {
  UPSTREAM_URL: optionalUrl,
  UPSTREAM_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(50),
  UPSTREAM_TIMEOUT_MS: positiveInt.default(5_000),
  UPSTREAM_CONNECTIONS: positiveInt.default(128),
  BENCH_ROUTES: booleanFlag.default(false),
  LOGGING_DESTINATION: z.string().min(1).optional(),
  SWAP_FIXES: booleanFlag.default(false),
  WORKSHOP: booleanFlag.default(false),
  VERIFY_EXERCISE: z
    .string()
    .regex(/^[a-z0-9-]+$/, 'a scenario name')
    .optional(),
  EXERCISE_ANSWER: z
    .string()
    .regex(/^[a-z0-9-]+:[a-z0-9-]+$/, '<scenario>:<variant>')
    .optional(),
}

/** What config.ts's schema made of exhibitsEnv's variables. */
type ExhibitsEnv = z.output<z.ZodObject<typeof exhibitsEnv>>

/**
 * `SCENARIO_<NAME>=off|<variant>`: taken as written here, checked against the scenarios where the
 * app mounts them (scenario-kit/flags.ts), so this module does not depend on them.
 */
const SCENARIO_FLAG = /^SCENARIO_[A-Z0-9_]+$/
const scenarioFlagValue = z.string().regex(/^[a-z0-9-]+$/, 'off, or a variant name in kebab-case')

/** `<scenario>:<variant>` → its parts. */
function parseAnswer(value: string | undefined): { scenario: string; variant: string } | undefined {
  if (value === undefined) return undefined
  const [scenario = '', variant = ''] = value.split(':')
  return Object.freeze({ scenario, variant })
}

/**
 * The exhibits' settings from the values config.ts's schema parsed (`e`), and the SCENARIO_*
 * variables of `env`; `problems`: the flags it refuses, one line each.
 */
export function readExhibitsSettings(
  e: ExhibitsEnv,
  env: NodeJS.ProcessEnv,
): { settings: ExhibitsSettings; problems: string[] } {
  const flags: Record<string, string> = {}
  const problems: string[] = []
  for (const [name, value] of Object.entries(env)) {
    if (!SCENARIO_FLAG.test(name) || value === undefined) continue
    const checked = scenarioFlagValue.safeParse(value)
    if (checked.success) flags[name] = checked.data
    else problems.push(`  ${name}: ${checked.error.issues[0]?.message ?? 'invalid'}`)
  }
  const settings: ExhibitsSettings = {
    upstream: Object.freeze({
      url: e.UPSTREAM_URL,
      delayMs: e.UPSTREAM_DELAY_MS,
      timeoutMs: e.UPSTREAM_TIMEOUT_MS,
      connections: e.UPSTREAM_CONNECTIONS,
    }),
    benchRoutes: e.BENCH_ROUTES,
    loggingDestination: e.LOGGING_DESTINATION,
    swapFixes: e.SWAP_FIXES,
    workshop: e.WORKSHOP,
    verify: Object.freeze({ scenario: e.VERIFY_EXERCISE, answer: parseAnswer(e.EXERCISE_ANSWER) }),
    scenarioFlags: Object.freeze(flags),
  }
  return { settings, problems }
}
