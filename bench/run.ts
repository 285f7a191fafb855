/**
 * `npm run bench [-- --quick] [--rounds N] [--max-rounds N] [--connections N] [--duration S] [--warmup S]
 *   [--sweep] [--metrics-cost] [--scenario NAME]…`
 * `npm run bench -- --exercise --scenario NAME`: that scenario's workshop exercise between its naive
 * variant and its model answer (bench/exercise-run.ts).
 * `npm run bench -- --node 22,24 [--scenario NAME]…`: every variant under each Node line, a table by
 * version (bench/by-version.ts) and nothing else: no targets, no studies.
 *
 * Starts what it needs (Postgres, Redis, the upstream, then the API as a child process), runs
 * every variant of every scenario in the registry under autocannon, in rounds: the variants of a
 * scenario take turns (A B C, A B C, …) so drift hits all alike, and a scenario whose target is
 * still undecided gets more rounds (bench/decide.ts). Writes bench/results/latest.json, latest.md
 * (also printed) and latest.html. Exit codes (bench/check-results.ts): 0 every target met, 1 a
 * row missing, a run failed or a target missed, 3 nothing wrong but a target undecided.
 */
import { execFileSync } from 'node:child_process'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { cpus, totalmem } from 'node:os'
import { parseArgs } from 'node:util'
import closeWithGrace from 'close-with-grace'
import { request } from 'undici'
import { loadConfig } from '../src/config.js'
import { startInfrastructure } from '../src/infra/index.js'
import { startLogSink, type LogSink } from '../src/exhibits/infra/log-sink.js'
import type { Workload } from '../src/exhibits/scenario-kit/workload.js'
import { scenarios } from '../src/exhibits/scenarios/index.js'
import { variantPath, type NamedVariant, type Scenario } from '../src/exhibits/scenario-kit/scenario.js'
import { startApi, startWorker } from './api-process.js'
import { exitCodeOf, problemsIn, undecidedIn } from './check-results.js'
import { DEFAULT_LIMITS, RUN_EXTRA_SEC, runUntilDecided, variantsFor, type RoundLimits } from './decide.js'
import { describeNoise, measureMachineNoise } from './machine-noise.js'
import { measure, unloadedP99, type AroundRun, type RunOptions } from './measure.js'
import { exerciseScenario } from './exercise-run.js'
import { deleteQueueKeys, queueMetrics, reportJobTimes, withQueueDrain, type QueueDrain } from './queue-drain.js'
import { runQueueStudy } from './queue-study.js'
import { toHtml } from './html/report-page.js'
import { toMarkdown } from './report.js'
import { Progress } from './progress.js'
import { summariseRounds } from './rounds.js'
import { median } from './stats.js'
import { againstLines, csvExport } from './against.js'
import { byVersionMarkdown, NO_ROUTE, runByVersion } from './by-version.js'
import { nodeBinary, nodeVersionOf } from './node-binary.js'
import { NODE_FLAGS } from '../src/infra/node-flags.js'
import { projectRoot } from '../src/infra/child-process.js'
import { instrumentationCostMarkdown, runInstrumentationCost } from './instrumentation-cost.js'
import { runSerializationMicro } from './serialization-micro.js'
import { checkTargets } from './targets.js'
import { runSweep, SWEPT_SCENARIOS, type SweepResults } from './sweep.js'
import { runVolumeLoad } from './volume-load.js'
import { COPY_CSV_TECHNIQUE, COPY_NDJSON_TECHNIQUE, runVolumeStudy, VOLUME_SCENARIOS } from './volume.js'
import type {
  BenchMeta,
  BenchResults,
  BenchRow,
  MachineNoise,
  QueueStudy,
  TargetCheck,
  VolumeLoadRow,
  VolumeResults,
} from './results-format.js'

const { values } = parseArgs({
  allowNegative: true, // --no-volume-load
  options: {
    quick: { type: 'boolean', default: false },
    rounds: { type: 'string' },
    'max-rounds': { type: 'string' },
    sweep: { type: 'boolean', default: false },
    'metrics-cost': { type: 'boolean', default: false },
    connections: { type: 'string', default: '100' },
    duration: { type: 'string' },
    warmup: { type: 'string' },
    'upstream-delay': { type: 'string', default: '50' },
    'db-pool': { type: 'string', default: '20' },
    scenario: { type: 'string', multiple: true },
    exercise: { type: 'boolean', default: false },
    node: { type: 'string' },
    against: { type: 'string' },
    // A full run's, unless --no-volume-load; a quick run's only with --volume-load.
    'volume-load': { type: 'boolean' },
    out: { type: 'string', default: 'bench/results' },
  },
})

// A full run: three rounds of 2 s each (three short runs say more than one long one: they give a
// spread), more for a scenario whose target is undecided; a 1 s warm-up before the first round
// only. A quick run: one round, figures indicative only, no rounds added.
const rounds = Number(values.rounds ?? (values.quick ? 1 : DEFAULT_LIMITS.minRounds))
const limits: RoundLimits = {
  minRounds: rounds,
  maxRounds: values.quick ? rounds : Math.max(rounds, Number(values['max-rounds'] ?? DEFAULT_LIMITS.maxRounds)),
  maxExtraSec: DEFAULT_LIMITS.maxExtraSec,
}
const options: RunOptions = {
  connections: Number(values.connections),
  durationSec: Number(values.duration ?? 2),
  warmupSec: Number(values.warmup ?? 1),
}
if (!Number.isInteger(rounds) || rounds < 1)
  throw new Error(`--rounds must be a positive integer, not ${values.rounds}`)
if (!Number.isInteger(limits.maxRounds))
  throw new Error(`--max-rounds must be a positive integer, not ${values['max-rounds']}`)
const upstreamDelayMs = Number(values['upstream-delay'])
const dbPoolSize = Number(values['db-pool'])
const matching = scenarios.filter((s) => !values.scenario || values.scenario.includes(s.name))
if (matching.length === 0) throw new Error(`no scenario matches ${values.scenario?.join(', ')}`)
if (values.exercise && matching.length !== 1)
  throw new Error('--exercise benches one scenario: name it with --scenario')
const selected = values.exercise ? matching.map(exerciseScenario) : matching
const nodeLines = values.node?.split(',').map((line) => Number(line.trim()))
if (nodeLines && (nodeLines.length < 2 || nodeLines.some((line) => !Number.isInteger(line) || line < 18)))
  throw new Error(`--node takes two or more major versions, e.g. 22,24; not ${values.node}`)
if (nodeLines && values.against) throw new Error('--node and --against compare different things: give one')

function gitCommit(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim()
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'bench'], { encoding: 'utf8' }).trim()
    return dirty ? `${commit}+dirty` : commit
  } catch {
    return 'unknown'
  }
}

const startedAt = new Date().toISOString()
let noise: MachineNoise | null = null
// A function: the machine's noise is measured once the infrastructure runs.
const meta = (): BenchMeta => ({
  date: startedAt,
  gitCommit: gitCommit(),
  node: process.version,
  platform: `${process.platform}-${process.arch}`,
  cpuCount: cpus().length,
  cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
  totalMemoryGb: Math.round(totalmem() / 2 ** 30),
  connections: options.connections,
  durationSec: options.durationSec,
  warmupSec: options.warmupSec,
  upstreamDelayMs,
  rounds,
  roundLimits: { maxRounds: limits.maxRounds, maxExtraSec: limits.maxExtraSec },
  noise,
  dbPoolSize,
  quick: values.quick,
  exercise: values.exercise,
})

// The bench keeps its own embedded Postgres data, apart from `npm run dev`'s and the tests'.
const config = loadConfig({
  EMBEDDED_POSTGRES_DIR: '.data/postgres-bench',
  ...process.env,
  UPSTREAM_DELAY_MS: String(upstreamDelayMs),
  // Every scenario reads the demo rows.
  DEMO_DATA: 'true',
})
// Ctrl-C or SIGTERM mid-run: stop the API and whatever infrastructure was started, then exit.
const stops: Array<() => Promise<void>> = []
// skip beforeExit: close-with-grace would run on a normal end and exit 0, losing exitCode.
closeWithGrace({ delay: 30_000, skip: ['beforeExit'] }, async ({ signal, err }) => {
  if (err) console.error('bench: failed:', err)
  if (signal) console.error(`bench: ${signal}, stopping what it started`)
  for (const stop of stops.splice(0).reverse()) await stop()
})

const infrastructure = await startInfrastructure(config)
stops.push(() => infrastructure.stop())
// A slow log reader for the scenarios that ask for one; it keeps up until one of them is measured.
const KEEP_UP = { readMs: 100, everyMs: 100 }
let logSink: LogSink | null = null
if (selected.some((s) => s.workload.logSink)) {
  logSink = await startLogSink(KEEP_UP)
  stops.push(() => logSink!.stop())
}
/** A scenario's extra runs this run makes: none in a quick run. */
const extraRunsOf = (scenario: Scenario) => (values.quick ? [] : (scenario.workload.extraRuns ?? []))
const runs: BenchRow[] = []
const scenarioChecks: TargetCheck[] = []
let extraSecLeft = RUN_EXTRA_SEC
const scenarioSeconds: Record<string, number> = {}
const progress = new Progress(
  selected.reduce((steps, s) => steps + (s.variants.length + extraRunsOf(s).length) * rounds, 0),
)
let volume: VolumeResults | null = null
let volumeLoad: VolumeLoadRow[] | null = null
let queueDrain = null as QueueDrain | null
let queueStudy = null as QueueStudy | null
let sweep: SweepResults | null = null
const apiEnv = {
  NODE_ENV: 'production',
  // Report jobs run in a worker process of their own (started below), on a queue of this run's.
  REPORT_WORKER: 'separate',
  QUEUE_PREFIX: `bench-${Date.now()}`,
  LOG_LEVEL: 'warn',
  BENCH_ROUTES: 'true',
  ...(values.exercise ? { WORKSHOP: 'true' } : {}),
  DATABASE_URL: infrastructure.config.databaseUrl,
  REDIS_URL: infrastructure.config.redisUrl,
  UPSTREAM_URL: infrastructure.config.upstream.url,
  UPSTREAM_DELAY_MS: String(upstreamDelayMs),
  DB_POOL_SIZE: String(dbPoolSize),
  // Files of its own (the catalogue the file scenarios read, the reports it makes), apart from `npm run dev`'s.
  FILES_DIR: '.data/files-bench',
  ...(logSink ? { LOGGING_DESTINATION: logSink.fifo } : {}),
}

if (nodeLines || values.against) {
  // The by-version study only: its own APIs, one per line, then its table; the run ends there.
  const log = (line: string) => process.stderr.write(`bench: ${line}\n`)
  try {
    const lines = values.against
      ? await againstLines(values.against, infrastructure.config.databaseUrl, log)
      : nodeLines!.map((line) => {
          const node = nodeBinary(line, log)
          return { label: nodeVersionOf(node), node, flags: NODE_FLAGS, root: projectRoot }
        })
    const byVersion = await runByVersion({
      lines,
      // Against an older tree, exports are compared as CSV too.
      scenarios: values.against ? selected.flatMap((s) => (s.name === 'export' ? [s, csvExport(s)] : [s])) : selected,
      run: options,
      rounds,
      conditions: (s) => ({
        connections: s.workload.connections ?? options.connections,
        upstreamDelayMs: s.workload.upstreamDelayMs ?? upstreamDelayMs,
        dbPoolSize,
      }),
      apiEnv,
      redisUrl: infrastructure.config.redisUrl,
      logSink,
      keepUp: KEEP_UP,
      upstreamDelayMs,
      dbPoolSize,
      machine: ((m) => `${m.cpuCount} × ${m.cpuModel}, ${m.totalMemoryGb} GB`)(meta()),
      out: values.out,
      name: values.against ? `against-${lines[0]!.label}` : 'by-version',
      log,
    })
    console.log(byVersionMarkdown(byVersion))
    const failed = byVersion.runs.filter((r) => r.failure !== null && r.failure !== NO_ROUTE).length
    if (failed > 0) console.error(`bench: ${failed} of ${byVersion.runs.length} measurements failed`)
    process.exitCode = failed > 0 ? 1 : 0
  } finally {
    for (const stop of stops.splice(0).reverse()) await stop()
  }
  process.exit()
}

if (values['metrics-cost']) {
  // The instrumentation's cost only: fresh APIs of its own, loaded together; the run ends there.
  const log = (line: string) => process.stderr.write(`bench: ${line}\n`)
  try {
    const fileIo = scenarios.find((s) => s.name === 'file-io')
    if (!fileIo?.workload) throw new Error('--metrics-cost measures file-io/cached: the scenario is not in this tree')
    const study = await runInstrumentationCost({
      apiEnv,
      path: fileIo.workload.request(variantPath(fileIo, 'cached'), { connections: 10, upstreamDelayMs, dbPoolSize })
        .path,
      series: values.quick ? 3 : 14,
      rounds: values.quick ? 3 : 4,
      roundSec: 2,
      ratePerApi: 2_500,
      log,
    })
    const m = meta()
    const markdown = instrumentationCostMarkdown(study, `${m.cpuCount} × ${m.cpuModel}, ${m.totalMemoryGb} GB`, m.node)
    await mkdir(values.out, { recursive: true })
    await writeFile(join(values.out, 'metrics-cost.json'), `${JSON.stringify({ meta: m, ...study }, null, 2)}\n`)
    await writeFile(join(values.out, 'metrics-cost.md'), `${markdown}\n`)
    console.log(markdown)
  } finally {
    for (const stop of stops.splice(0).reverse()) await stop()
  }
  process.exit()
}

/** The workload's counter as the variant reports it now (a field of its JSON reply). */
async function readCounter(
  apiUrl: string,
  counter: NonNullable<Workload['counterAfterRun']>,
  path: string,
): Promise<number> {
  const { statusCode, body } = await request(`${apiUrl}${counter.path(path)}`, {
    headersTimeout: 10_000,
    bodyTimeout: 10_000,
  })
  const reply = (await body.json()) as Record<string, unknown>
  const value = reply[counter.name]
  if (statusCode !== 200 || typeof value !== 'number')
    throw new Error(`GET ${counter.path(path)}: ${statusCode}, no number ${counter.name} in ${JSON.stringify(reply)}`)
  return value
}

/** One row: a variant measured against the API at `apiUrl`; a failed run is a row too. */
async function benchVariant(
  apiUrl: string,
  scenario: Scenario,
  variant: NamedVariant,
  label: string,
  /** The req/s of the scenario's first variant this round; null where it is that variant, or did not run. */
  baselineRps: number | null,
  round: number,
) {
  const workload = scenario.workload
  if (!workload) throw new Error(`scenario ${scenario.name} has no bench workload`)
  const connections = workload.connections ?? options.connections
  const conditions = { connections, upstreamDelayMs: workload.upstreamDelayMs ?? upstreamDelayMs, dbPoolSize }
  const path = variantPath(scenario, variant.name)
  const roundNote = round > rounds ? `, extra round ${round}` : rounds > 1 ? `, round ${round} of ${rounds}` : ''
  progress.start(`${scenario.name}/${label}${roundNote} (${path})`)
  const ceilingRps = workload.ceilingRps(conditions, variant.name)
  const base = {
    scenario: scenario.name,
    variant: label,
    role: variant.role,
    path,
    connections,
    offeredRps: workload.offeredRps ?? null,
    ceilingRps,
  }
  try {
    const unloadedP99Ms = workload.probeUnloaded
      ? await unloadedP99(apiUrl, workload, path, conditions, Math.max(1, options.durationSec / 3))
      : null
    const drains = workload.drainsQueue?.includes(variant.name)
    const around: AroundRun = async (run) => {
      if (!drains) return run()
      const { result, drain } = await withQueueDrain(
        apiUrl,
        scenario.name,
        variant.name,
        run,
        reportJobTimes(infrastructure.config.redisUrl, apiEnv.QUEUE_PREFIX),
      )
      queueDrain = drain
      return result
    }
    const durationSec = Math.max(options.durationSec, workload.minDurationSec ?? 0)
    // Warm-up in the first round only: by the next, the variant's code, pools and connections are warm.
    const warmupSec = round === 1 ? options.warmupSec : 0
    const counterBefore = workload.counterAfterRun ? await readCounter(apiUrl, workload.counterAfterRun, path) : 0
    const m = await measure(
      apiUrl,
      workload,
      path,
      { ...options, connections, durationSec, warmupSec },
      conditions,
      around,
    )
    const counter = workload.counterAfterRun
      ? {
          name: workload.counterAfterRun.name,
          added: (await readCounter(apiUrl, workload.counterAfterRun, path)) - counterBefore,
        }
      : null
    progress.done(`${Math.round(m.rps)} req/s${counter ? `, ${counter.name} +${counter.added}` : ''}`)
    const row: BenchRow = {
      ...base,
      round,
      ...m,
      counter,
      unloadedP99Ms,
      ceilingPct: ceilingRps === null ? null : (100 * m.rps) / ceilingRps,
      speedup: variant === scenario.variants[0] ? 1 : baselineRps && baselineRps > 0 ? m.rps / baselineRps : null,
      failure: null,
    }
    return row
  } catch (err) {
    const failure = err instanceof Error ? err.message : String(err)
    progress.done(`FAILED: ${failure}`)
    const row: BenchRow = {
      ...base,
      round,
      rps: 0,
      requests: 0,
      latencyMs: { p50: 0, p97_5: 0, p99: 0, max: 0 },
      errors: 0,
      timeouts: 0,
      non2xx: 0,
      shed503: 0,
      unloadedP99Ms: null,
      eventLoopDelayMs: { p99: 0, max: 0 },
      cpuMsPerRequest: null,
      cpuPctOfCore: null,
      rssPeakMb: 0,
      rssGrowthMb: 0,
      ceilingPct: null,
      speedup: null,
      failure,
    }
    return row
  }
}

try {
  const api = await startApi(apiEnv)
  stops.push(() => api.stop())
  const worker = await startWorker(apiEnv, async () => (await queueMetrics(api.url)).workers > 0)
  stops.push(() => worker.stop())
  noise = measureMachineNoise()
  process.stderr.write(`bench: this machine's noise: ${describeNoise(noise, cpus().length)}\n`)
  try {
    // First, while the API's heap is fresh (see bench/volume.ts).
    const paging = selected.find((s) => s.name === 'pagination')?.workload.paging
    if (paging && VOLUME_SCENARIOS.every((name) => selected.some((s) => s.name === name))) {
      process.stderr.write('bench: volume study (100 / 1,000 / 10,000 / 100,000 rows) … ')
      volume = await runVolumeStudy(api.url, infrastructure.config.databaseUrl, values.quick, paging)
      const pct = (technique: string) => (volume?.pctOfCopy[technique] ?? 0).toFixed(0)
      process.stderr.write(
        `exports via COPY at ${pct(COPY_CSV_TECHNIQUE)}% (CSV) and ${pct(COPY_NDJSON_TECHNIQUE)}% (NDJSON) of COPY\n`,
      )
      // About a minute and a half a round: a full run's part, a quick run's only on request.
      if (values['volume-load'] ?? !values.quick) {
        process.stderr.write('bench: the volume rows under load, against their ceilings … ')
        volumeLoad = await runVolumeLoad(api.url, rounds, Math.max(options.durationSec, 3), dbPoolSize, upstreamDelayMs)
        process.stderr.write(
          `${volumeLoad.map((r) => `${r.technique} ${r.pctOfCeiling.toFixed(0)}% (${r.limitedBy})`).join('; ')}\n`,
        )
      }
    }
    for (const scenario of selected) {
      const started = performance.now()
      // Variants run again in an API of their own, started with the environment they ask for.
      // Extra runs compare fresh API processes: a full run's business, not a quick one's.
      const extras = await Promise.all(
        extraRunsOf(scenario).map(async (extra) => {
          const variant = scenario.variants.find((v) => v.name === extra.variant)
          if (!variant) throw new Error(`${scenario.name}: extra run of unknown variant ${extra.variant}`)
          return { extra, variant, api: await startApi({ ...apiEnv, ...extra.env }) }
        }),
      )
      if (scenario.workload.logSink) await logSink?.setPace(scenario.workload.logSink)
      try {
        // An extra round runs only the variants its undecided targets compare, and no extra run.
        const runRound = async (round: number, undecided: readonly TargetCheck[] | null) => {
          const wanted = undecided ? variantsFor(undecided) : null
          const variants = scenario.variants.filter((v) => !wanted || wanted.has(v.name))
          if (undecided) progress.add(variants.length)
          let baselineRps: number | null = null
          for (const variant of variants) {
            const row = await benchVariant(api.url, scenario, variant, variant.name, baselineRps, round)
            runs.push(row)
            if (!row.failure && variant === scenario.variants[0]) baselineRps = row.rps
          }
          for (const { extra, variant, api: extraApi } of undecided ? [] : extras) {
            runs.push(await benchVariant(extraApi.url, scenario, variant, extra.label, baselineRps, round))
          }
        }
        const decided = await runUntilDecided(runRound, () => checkTargets(runs, meta(), [scenario]), {
          ...limits,
          maxExtraSec: Math.min(limits.maxExtraSec, extraSecLeft),
        })
        extraSecLeft -= decided.extraSec
        scenarioChecks.push(...decided.checks)
        if (decided.rounds > rounds)
          process.stderr.write(
            `bench: ${scenario.name}: ${decided.rounds} rounds (${decided.stoppedBy === 'decided' ? 'every target decided' : `stopped at the ${decided.stoppedBy}`})\n`,
          )
      } finally {
        for (const { api: extraApi } of extras) await extraApi.stop()
        if (scenario.workload.logSink) await logSink?.setPace(KEEP_UP)
      }
      if (scenario.name === 'reports' && !values.exercise) {
        const inlineRows = runs.filter((r) => r.scenario === 'reports' && r.variant === 'inline' && r.failure === null)
        const { method, path, body, headers } = scenario.workload.request(variantPath(scenario, 'offloaded'), {
          connections: options.connections,
          upstreamDelayMs,
          dbPoolSize,
        })
        process.stderr.write(
          'bench: queue study: the admission bound under sustained overload, then the workers scaled out\n',
        )
        queueStudy = await runQueueStudy({
          apiEnv,
          redisUrl: infrastructure.config.redisUrl,
          inlineRps: median(inlineRows.map((r) => r.rps)),
          request: { method, path, ...(body === undefined ? {} : { body }), ...(headers ? { headers } : {}) },
          quick: values.quick,
          log: (line) => process.stderr.write(`bench: ${line}\n`),
        })
      }
      scenarioSeconds[scenario.name] = Math.round((performance.now() - started) / 1000)
    }
    const swept = selected.filter((s) => (SWEPT_SCENARIOS as readonly string[]).includes(s.name))
    if (values.sweep && swept.length > 0) {
      const conditionsOf = (s: Scenario) => ({
        connections: options.connections,
        upstreamDelayMs: s.workload.upstreamDelayMs ?? upstreamDelayMs,
        dbPoolSize,
      })
      sweep = await runSweep(api.url, swept, conditionsOf, values.quick ? 2 : 3, (line) =>
        process.stderr.write(`bench: ${line}\n`),
      )
    }
  } finally {
    await worker.stop()
    await api.stop()
    await deleteQueueKeys(infrastructure.config.redisUrl, apiEnv.QUEUE_PREFIX).catch(() => 0)
    // The reports the run made (each report request builds ~1 MB of CSV): nobody will read them.
    await rm(join(apiEnv.FILES_DIR, 'reports'), { recursive: true, force: true })
  }
} finally {
  await logSink?.stop()
  await infrastructure.stop()
}

// Serialisation alone, in this process, now that nothing else runs.
const serializationMicro = runSerializationMicro(values.quick ? 200 : 1_000)
const targets = [...scenarioChecks, ...(volume?.checks ?? []), ...(queueStudy?.checks ?? [])]
// Where a 2xx is not the same work in every variant (reports: built vs accepted), no speed-up.
const notASpeedup = (row: BenchRow) => selected.find((s) => s.name === row.scenario)?.workload.notASpeedup !== undefined
const withoutFalseSpeedups = (row: BenchRow): BenchRow =>
  notASpeedup(row)
    ? { ...row, speedup: null, ...(row.spread ? { spread: { ...row.spread, speedup: null } } : {}) }
    : row
const results: BenchResults = {
  meta: meta(),
  rows: summariseRounds(runs).map(withoutFalseSpeedups),
  runs: runs.map(withoutFalseSpeedups),
  scenarioSeconds,
  targets,
  serializationMicro,
  volume,
  volumeLoad,
  queueDrain,
  queueStudy,
  sweep,
}
const markdown = toMarkdown(results)
await mkdir(values.out, { recursive: true })
await writeFile(`${values.out}/latest.json`, `${JSON.stringify(results, null, 2)}\n`)
await writeFile(`${values.out}/latest.md`, `${markdown}\n`)
await writeFile(`${values.out}/latest.html`, toHtml(results))
console.log(markdown)

const problems = problemsIn(results, selected)
if (problems.length > 0) console.error(`bench: incomplete:\n  ${problems.join('\n  ')}`)
const undecided = undecidedIn(results)
if (undecided.length > 0) console.error(`bench: undecided (this is noise, not a verdict):\n  ${undecided.join('\n  ')}`)
process.exitCode = exitCodeOf(problems, undecided)
