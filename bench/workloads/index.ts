/**
 * One workload per scenario of the registry, keyed by scenario name. A test checks the two lists
 * match, so a new scenario cannot land without bench coverage.
 */
import { database } from './database.js'
import { orderExport } from './export.js'
import { fanOut } from './fan-out.js'
import { fileDownload } from './file-download.js'
import { fileIo } from './file-io.js'
import { forgottenAwait } from './forgotten-await.js'
import { hooks } from './hooks.js'
import { logging } from './logging.js'
import { nPlusOne } from './n-plus-one.js'
import { outboundHttp } from './outbound-http.js'
import { pagination } from './pagination.js'
import { loadShedding, passwordHash, workerQueue } from './password-hash.js'
import { reports } from './reports.js'
import { serialization } from './serialization.js'
import { sharedSingleton } from './shared-singleton.js'
import type { Workload } from './types.js'

export const workloads: Readonly<Record<string, Workload>> = {
  'outbound-http': outboundHttp,
  database,
  'n-plus-one': nPlusOne,
  'fan-out': fanOut,
  'forgotten-await': forgottenAwait,
  'shared-singleton': sharedSingleton,
  'file-io': fileIo,
  'file-download': fileDownload,
  serialization,
  pagination,
  export: orderExport,
  'password-hash': passwordHash,
  'worker-queue': workerQueue,
  'load-shedding': loadShedding,
  logging,
  hooks,
  reports,
}

export type { BenchConditions, Target, Workload } from './types.js'
