/**
 * Every scenario's bench workload, by scenario name. Each lives in its scenario's folder
 * (`src/exhibits/scenarios/<name>/workload.ts`) and reaches the bench through the registry only.
 */
import type { Workload } from '../src/exhibits/scenario-kit/workload.js'
import { scenarios } from '../src/exhibits/scenarios/index.js'

export const workloads: Readonly<Record<string, Workload>> = Object.fromEntries(
  scenarios.map((s) => [s.name, s.workload]),
)

export type { BenchConditions, Target, Workload } from '../src/exhibits/scenario-kit/workload.js'
