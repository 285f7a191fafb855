/**
 * Scenario flags: `SCENARIO_<NAME>=off|<variant>`. config.ts reads them as plain strings (it knows
 * no scenario); the app checks them against the registry it mounts, so a typo in a name or a
 * variant stops start-up with a message that lists what would have been valid.
 */
import { ConfigError } from '../../config.js'
import type { Scenario } from './scenario.js'

/** `outbound-http` → `SCENARIO_OUTBOUND_HTTP`. */
export function scenarioFlagName(name: string): string {
  return `SCENARIO_${name.toUpperCase().replaceAll('-', '_')}`
}

/** Scenario name → the variant its plain path serves, or `off`, for every scenario given. */
export function activeVariants(
  scenarios: readonly Scenario[],
  flags: Readonly<Record<string, string>>,
): Map<string, string> {
  const byFlag = new Map(scenarios.map((s) => [scenarioFlagName(s.name), s]))
  for (const [flag, value] of Object.entries(flags)) {
    const scenario = byFlag.get(flag)
    if (!scenario)
      throw new ConfigError(`${flag}=${value}: no such scenario (known: ${[...byFlag.keys()].join(', ') || 'none'})`)
    const allowed = ['off', ...scenario.variants.map((v) => v.name)]
    if (!allowed.includes(value))
      throw new ConfigError(`${flag}=${value}: expected one of ${allowed.map((a) => `"${a}"`).join(', ')}`)
  }
  return new Map(scenarios.map((s) => [s.name, flags[scenarioFlagName(s.name)] ?? s.defaultVariant]))
}
