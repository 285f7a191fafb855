/**
 * `npm run doctor:check [-- --scenario NAME|foreign]… [--duration S] [--swapped]`: the labelled
 * check. The doctor examines every variant of every scenario in the registry, on quick settings,
 * against an API started as the bench starts it, then every route of the foreign servers
 * (foreign/servers.ts: Python asyncio, plain node:http); each verdict is compared with the one the
 * scenario's workload declares (`doctor.expect`), and the confusion matrix (declared × found) is
 * printed. Exit 1 on any mismatch. CI runs it.
 *
 * `--swapped` is the swapped run (`npm run test:swapped`) for the doctor: every optimised route
 * serves its naive sibling's handler, and each must now be found outside its own declaration: a
 * labelled check that stays green with the fix undone proves nothing. A fix declared with a verdict
 * its mistake shares cannot be told apart this way; it is listed as exempt, with the overlap.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { loadConfig } from '../../src/config.js'
import { startInfrastructure } from '../../src/infra/index.js'
import { startLogSink, type LogSink } from '../../src/exhibits/infra/log-sink.js'
import { variantPath } from '../../src/exhibits/scenario-kit/scenario.js'
import type { DoctorVerdict } from '../../src/exhibits/scenario-kit/workload.js'
import { scenarios } from '../../src/exhibits/scenarios/index.js'
import { startApi } from '../api-process.js'
import { deleteQueueKeys } from '../queue-drain.js'
import { examine, type Examination } from './examine.js'
import { FOREIGN_SERVERS, startForeign } from './foreign/servers.js'
import { pct, toText } from './report.js'

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', multiple: true },
    duration: { type: 'string', default: '1' },
    swapped: { type: 'boolean', default: false },
  },
})
const swapped = values.swapped
const selected = scenarios.filter((s) => !values.scenario || values.scenario.includes(s.name))
const KINDS: readonly DoctorVerdict[] = [
  'loop-blocked',
  'serialised',
  'pool-limited',
  'unbounded-queue',
  'cpu-saturated',
  'sequential-awaits',
  'healthy',
  'unknown',
]
const conditions = { connections: 64, upstreamDelayMs: 50, dbPoolSize: 20 }
const KEEP_UP = { readMs: 100, everyMs: 100 }

const config = loadConfig({
  EMBEDDED_POSTGRES_DIR: '.data/postgres-bench',
  ...process.env,
  UPSTREAM_DELAY_MS: String(conditions.upstreamDelayMs),
  // Every scenario reads the demo rows.
  DEMO_DATA: 'true',
})
const infrastructure = await startInfrastructure(config)
let sink: LogSink | null = null
const queuePrefix = `doctor-${Date.now()}`
const exams: Examination[] = []
const exempt: string[] = []
const outcomes: Array<{
  scenario: string
  variant: string
  declared: readonly DoctorVerdict[]
  found: DoctorVerdict
  summary: string
  seconds: number
}> = []
const asList = (v: DoctorVerdict | readonly DoctorVerdict[] | undefined): readonly DoctorVerdict[] =>
  v === undefined ? [] : typeof v === 'string' ? [v] : v
const matches = (o: (typeof outcomes)[number]) => o.declared.includes(o.found)
function record(
  scenario: string,
  variant: string,
  declared: readonly DoctorVerdict[],
  exam: Examination,
  why?: string,
) {
  const found = exam.diagnosis.kind
  outcomes.push({ scenario, variant, declared, found, summary: exam.diagnosis.summary, seconds: exam.seconds })
  exams.push(exam)
  console.log(
    `${(swapped ? ['caught ', 'MISSED '] : ['WRONG  ', 'ok     '])[Number(declared.includes(found))]} ${scenario}/${variant}: declared ${declared.join(' or ') || 'nothing'}, found ${found} (${Math.round(exam.seconds)} s): ${exam.diagnosis.summary}${why ? ` [${why}]` : ''}`,
  )
}
try {
  sink = await startLogSink(KEEP_UP)
  const api = await startApi({
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    // Offloaded reports pile up with no worker until the admission bound refuses them: what the doctor sees of it.
    REPORT_WORKER: 'separate',
    QUEUE_PREFIX: queuePrefix,
    DATABASE_URL: infrastructure.config.databaseUrl,
    REDIS_URL: infrastructure.config.redisUrl,
    UPSTREAM_URL: infrastructure.config.upstream.url,
    UPSTREAM_DELAY_MS: String(conditions.upstreamDelayMs),
    DB_POOL_SIZE: String(conditions.dbPoolSize),
    FILES_DIR: '.data/files-bench',
    LOGGING_DESTINATION: sink.fifo,
    SWAP_FIXES: String(swapped),
  })
  try {
    for (const scenario of selected) {
      const { doctor, logSink } = scenario.workload
      if (doctor.why) console.log(`${scenario.name}: ${doctor.why}`)
      if (logSink) await sink.setPace(logSink)
      const declaredOf = (name: string) =>
        asList((doctor.expect as Record<string, DoctorVerdict | readonly DoctorVerdict[]>)[name])
      const mistake = scenario.variants.find((v) => v.role === 'naive')
      try {
        for (const variant of scenario.variants) {
          if (swapped) {
            if (variant.role !== 'optimized' || !mistake) continue
            const shared = declaredOf(variant.name).filter((v) => declaredOf(mistake.name).includes(v))
            if (shared.length > 0) {
              exempt.push(`${scenario.name}/${variant.name}`)
              console.log(
                `exempt  ${scenario.name}/${variant.name}: declared ${shared.join(' or ')}, as its mistake ${mistake.name} is`,
              )
              continue
            }
          }
          const req = (doctor.request ?? scenario.workload.request)(variantPath(scenario, variant.name), conditions)
          const exam = await examine({
            url: `${api.url}${req.path}`,
            method: req.method,
            ...(req.body === undefined ? {} : { body: req.body }),
            headers: req.headers ?? (req.body === undefined ? {} : { 'content-type': 'application/json' }),
            probeUrl: `${api.url}/health`,
            metricsUrl: `${api.url}/metrics`,
            connections: [1, 4, 16, 64],
            levelSec: Number(values.duration),
            expectMs: doctor.expectMs?.(conditions) ?? null,
            log: () => {},
          })
          record(
            scenario.name,
            variant.name,
            declaredOf(variant.name),
            exam,
            swapped ? `served by ${mistake?.name}` : undefined,
          )
        }
      } finally {
        if (logSink) await sink.setPace(KEEP_UP)
      }
    }
  } finally {
    await api.stop()
    await deleteQueueKeys(infrastructure.config.redisUrl, queuePrefix).catch(() => 0)
  }
  // The foreign servers: other stacks, labelled the same way, in the same matrix.
  const foreign = swapped || (values.scenario && !values.scenario.includes('foreign')) ? [] : FOREIGN_SERVERS
  for (const server of foreign) {
    console.log(`foreign server ${server.name} (/metrics: ${server.metrics})`)
    for (const route of server.routes) {
      // A fresh process per route: one route's garbage (a TLS context per request holds native
      // memory) must not be collected, and counted, in the next one's examination.
      const running = await startForeign(server)
      const { origin } = running
      try {
        const exam = await examine({
          url: `${origin}${route.path}`,
          method: 'GET',
          headers: {},
          probeUrl: `${origin}/health`,
          metricsUrl: `${origin}/metrics`,
          connections: [1, 4, 16, 64],
          levelSec: Number(values.duration),
          expectMs: route.expectMs ?? null,
          log: () => {},
        })
        record(`foreign:${server.name}`, route.path, asList(route.expect), exam, route.why)
      } finally {
        await running.stop()
      }
    }
  }
} finally {
  await sink?.stop()
  await infrastructure.stop()
}

// Every examination, for a closer look at a verdict (never committed).
await mkdir('.data/doctor', { recursive: true })
await writeFile(
  `.data/doctor/${swapped ? 'swapped' : 'check'}.json`,
  `${JSON.stringify({ outcomes, exams }, null, 2)}\n`,
)
if (swapped) {
  // Swapped, a verdict as declared is a miss: the check would not have noticed the fix undone.
  const missed = outcomes.filter(matches)
  console.log(
    `doctor:check --swapped: ${outcomes.length - missed.length} caught, ${missed.length} missed, ${exempt.length} exempt (declared as their mistake)${missed.length ? `; missed: ${missed.map((o) => `${o.scenario}/${o.variant}`).join(', ')}` : ''}`,
  )
  process.exitCode = missed.length === 0 && outcomes.length > 0 ? 0 : 1
} else printMatrix()

/**
 * The confusion matrix: declared (rows; a variant declared with two verdicts counts under the one
 * found, if it is one of them, else under its first) × found (columns).
 */
function printMatrix() {
  const width = Math.max(...KINDS.map((k) => k.length)) + 2
  const row = (o: (typeof outcomes)[number]) => (matches(o) ? o.found : o.declared[0])
  console.log(`\n${'declared \\ found'.padEnd(width)}${KINDS.map((k) => k.padStart(width)).join('')}`)
  for (const declared of KINDS) {
    const counts = KINDS.map((found) => outcomes.filter((o) => row(o) === declared && o.found === found).length)
    if (counts.some((c) => c > 0))
      console.log(`${declared.padEnd(width)}${counts.map((c) => String(c || '.').padStart(width)).join('')}`)
  }
  const wrong = outcomes.filter((o) => !matches(o))
  // Each wrong verdict again, with the doctor's own report of its sweep, near the end: CI's log keeps
  // its tail. Beside it what that report leaves out and the healthy rules read: the machine's cores
  // and the doctor's generator, each level and the overload step.
  outcomes.forEach((o, i) => {
    const exam = exams[i]
    if (matches(o) || !exam) return
    const { levels, overload } = exam.measurements
    console.log(`WRONG   ${o.scenario}/${o.variant}, declared ${o.declared.join(' or ')}:\n${toText(exam)}`)
    console.log(
      `  machine busy ${levels.map((l) => pct(l.machineBusy)).join(', ')}; the doctor's generator ${levels.map((l) => pct(l.generatorElu)).join(', ')}${overload ? `, ${pct(overload.generatorElu)} in the overload step` : ''}`,
    )
  })
  console.log(
    `doctor:check: ${outcomes.length - wrong.length} of ${outcomes.length} verdicts as declared (${outcomes.filter((o) => o.scenario.startsWith('foreign:')).length} of them routes of foreign servers), in ${Math.round(outcomes.reduce((s, o) => s + o.seconds, 0))} s${wrong.length ? `; wrong: ${wrong.map((o) => `${o.scenario}/${o.variant}`).join(', ')}` : ''}`,
  )
  process.exitCode = wrong.length === 0 ? 0 : 1
}
