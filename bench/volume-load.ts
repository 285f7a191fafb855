/**
 * The volume rows under load, each against its physical limit: an export of 100,000 orders at 4
 * clients, the 1,000-row list at 20, with the API's CPU per request and per MB moved, beside two
 * ceilings measured in the same run at the same clients (src/exhibits/plugins/bench-ceilings.ts):
 * the database's rate (the same rows read and thrown away) and the server's (the same bytes from
 * memory through the same HTTP stack). A technique's % is of the lesser, and the lesser names whose
 * limit it is. Rounds alternate techniques and ceilings so drift falls on both.
 */
import type { BenchConditions } from '../src/exhibits/scenario-kit/workload.js'
import { measure, type LoadShape, type RunOptions } from './measure.js'
import { median } from './stats.js'
import { timeRequest } from './volume.js'
import type { VolumeLoadRow } from './results-format.js'

const EXPORT_ROWS = 100_000
const LIST_ROWS = 1_000

interface Technique {
  readonly technique: string
  readonly path: string
  readonly connections: number
  readonly database: string
  /** The memory ceiling's query for this technique's body size. */
  readonly memory: (bytes: number) => string
}

/** `as`: the COPY the technique asks of the database (binary for the CSV export, its text CSV otherwise). */
const exportRow = (technique: string, path: string, as: 'copy' | 'binary' = 'copy'): Technique => ({
  technique,
  path,
  connections: 4,
  database: `/_bench/ceiling/database?rows=${EXPORT_ROWS}&as=${as}`,
  memory: (bytes) => `/_bench/ceiling/memory?bytes=${bytes}`,
})
const listRow = (technique: string, variant: string, as: 'document' | 'copy' = 'document'): Technique => ({
  technique,
  path: `/orders/list/${variant}?limit=${LIST_ROWS}`,
  connections: 20,
  database: `/_bench/ceiling/database?rows=${LIST_ROWS}&as=${as}`,
  memory: (bytes) => `/_bench/ceiling/memory?bytes=${bytes}&chunked=false`,
})

const TECHNIQUES: readonly Technique[] = [
  exportRow('CSV export, COPY (binary)', `/orders/export/copy?format=csv&limit=${EXPORT_ROWS}`, 'binary'),
  exportRow('NDJSON export, COPY', `/orders/export/copy?limit=${EXPORT_ROWS}`),
  exportRow('CSV export, cursor', `/orders/export/streamed?format=csv&limit=${EXPORT_ROWS}`),
  exportRow('NDJSON export, cursor', `/orders/export/streamed?limit=${EXPORT_ROWS}`),
  listRow('1,000-row list, built by Postgres', 'postgres-json'),
  listRow('1,000-row list, Postgres’ CSV rewritten', 'postgres-csv', 'copy'),
  listRow('1,000-row list, compiled schema', 'compiled'),
  listRow('1,000-row list, JSON.stringify', 'json-stringify'),
]

export async function runVolumeLoad(
  apiUrl: string,
  rounds: number,
  durationSec: number,
  dbPoolSize: number,
  upstreamDelayMs: number,
): Promise<VolumeLoadRow[]> {
  const figures = new Map<string, { rps: number; cpu: number | null }[]>()
  const load = async (path: string, connections: number) => {
    const conditions: BenchConditions = { connections, upstreamDelayMs, dbPoolSize }
    const workload: LoadShape = { request: (p) => ({ method: 'GET', path: p }) }
    const run: RunOptions = { connections, durationSec, warmupSec: 1 }
    const m = await measure(apiUrl, workload, path, run, conditions)
    if (m.errors + m.timeouts + m.non2xx > 0)
      throw new Error(`${path}: ${m.errors + m.timeouts + m.non2xx} failed requests`)
    const list = figures.get(`${path}@${connections}`) ?? []
    list.push({ rps: m.rps, cpu: m.cpuMsPerRequest })
    figures.set(`${path}@${connections}`, list)
  }
  const sizes = new Map<string, number>()
  for (const t of TECHNIQUES) sizes.set(t.technique, (await timeRequest(`${apiUrl}${t.path}`)).bytes)
  const ceilings = (t: Technique) => [t.database, t.memory(sizes.get(t.technique)!)]
  for (let round = 1; round <= rounds; round++) {
    for (const t of TECHNIQUES) {
      // Odd rounds: the technique, then its ceilings; even rounds: the other way round.
      const paths = round % 2 === 1 ? [t.path, ...ceilings(t)] : [...ceilings(t), t.path]
      for (const path of paths)
        if (!figures.get(`${path}@${t.connections}`)?.[round - 1]) await load(path, t.connections)
    }
  }
  const rpsOf = (path: string, connections: number) =>
    median((figures.get(`${path}@${connections}`) ?? []).map((f) => f.rps))
  return TECHNIQUES.map((t) => {
    const runs = figures.get(`${t.path}@${t.connections}`) ?? []
    const cpu = runs.map((r) => r.cpu).filter((c): c is number => c !== null)
    const bytes = sizes.get(t.technique)!
    const cpuMsPerRequest = cpu.length > 0 ? median(cpu) : null
    const databaseRps = rpsOf(t.database, t.connections)
    const serverRps = rpsOf(t.memory(bytes), t.connections)
    const rps = median(runs.map((r) => r.rps))
    return {
      technique: t.technique,
      connections: t.connections,
      bytesPerRequest: bytes,
      rps,
      cpuMsPerRequest,
      cpuMsPerMb: cpuMsPerRequest === null ? null : cpuMsPerRequest / (bytes / 1e6),
      databaseRps,
      serverRps,
      pctOfCeiling: (100 * rps) / Math.min(databaseRps, serverRps),
      limitedBy: databaseRps <= serverRps ? 'database' : 'server',
      rounds: runs.length,
    }
  })
}

const n0 = (n: number) => Math.round(n).toLocaleString('en-US')
const n2 = (n: number | null) => (n === null ? '–' : n.toFixed(2))

export function volumeLoadSection(rows: readonly VolumeLoadRow[]): string[] {
  return [
    '## Volume under load: each technique against its ceiling',
    '',
    'Exports of 100,000 orders at 4 clients, the 1,000-row list at 20. Ceilings, measured in the same rounds at the same ' +
      'clients: the database (the same rows read by the API and thrown away: COPY for the exports, the JSON document for ' +
      'the list) and the server (the same number of bytes from memory through the same HTTP stack). % of the lesser; ' +
      'medians over the rounds.',
    '',
    '| technique | clients | KB per reply | req/s | CPU ms per request | CPU ms per MB | database ceiling req/s | server ceiling req/s | % of the lesser (whose) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.technique} | ${r.connections} | ${n0(r.bytesPerRequest / 1000)} | ${n0(r.rps)} | ${n2(r.cpuMsPerRequest)} | ${n2(r.cpuMsPerMb)} | ${n0(r.databaseRps)} | ${n0(r.serverRps)} | ${n0(r.pctOfCeiling)}% (${r.limitedBy}) |`,
    ),
  ]
}
