/**
 * The registry: the one place that names the scenarios, and the only door into their folders.
 * The app mounts them from this list (and checks the SCENARIO_* flags against it), the bench runs
 * every variant in it with the workload each folder holds. To remove a scenario, delete its
 * folder and its line here; nothing else refers to it.
 */
import type { FastifySchema } from 'fastify'
import { database } from './database/index.js'
import { orderExport } from './export/index.js'
import { fanOut } from './fan-out/index.js'
import { fileDownload } from './file-download/index.js'
import { fileIo } from './file-io/index.js'
import { forgottenAwait } from './forgotten-await/index.js'
import { hooks } from './hooks/index.js'
import { loadShedding } from './load-shedding/index.js'
import { logging } from './logging/index.js'
import { nPlusOneScenario } from './n-plus-one/index.js'
import { outboundHttp } from './outbound-http/index.js'
import { pagination } from './pagination/index.js'
import { passwordHash } from './password-hash/index.js'
import { reports } from './reports/index.js'
import { serialization } from './serialization/index.js'
import { sharedSingleton } from './shared-singleton/index.js'
import type { Scenario } from '../scenario-kit/scenario.js'
import { workerQueue } from './worker-queue/index.js'

export const scenarios: readonly Scenario<FastifySchema>[] = [
  outboundHttp as Scenario<FastifySchema>,
  database as Scenario<FastifySchema>,
  nPlusOneScenario as Scenario<FastifySchema>,
  fanOut as Scenario<FastifySchema>,
  forgottenAwait as Scenario<FastifySchema>,
  sharedSingleton as Scenario<FastifySchema>,
  fileIo as Scenario<FastifySchema>,
  fileDownload as Scenario<FastifySchema>,
  serialization as Scenario<FastifySchema>,
  pagination as Scenario<FastifySchema>,
  orderExport as Scenario<FastifySchema>,
  passwordHash as Scenario<FastifySchema>,
  workerQueue as Scenario<FastifySchema>,
  loadShedding as Scenario<FastifySchema>,
  logging as Scenario<FastifySchema>,
  hooks as Scenario<FastifySchema>,
  reports as Scenario<FastifySchema>,
]

export function findScenario(name: string): Scenario<FastifySchema> | undefined {
  return scenarios.find((s) => s.name === name)
}
