/**
 * Every scenario's bench workload, by scenario name. Each lives in its scenario's folder
 * (`src/scenarios/<name>/workload.ts`) and reaches the bench through the registry only.
 */
import type { Workload } from '../src/scenario-kit/workload.js'
import { scenarios } from '../src/scenarios/index.js'

export const workloads: Readonly<Record<string, Workload>> = Object.fromEntries(
  scenarios.map((s) => [s.name, s.workload]),
)

export type { BenchConditions, Target, Workload } from '../src/scenario-kit/workload.js'
