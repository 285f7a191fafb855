/**
 * `npm run bench -- --node 22,24`: does the runtime matter? The same API, one process per Node line
 * (bench/node-binary.ts), all on the same PostgreSQL, Redis and upstream; every variant measured
 * under each line in turn, round after round, the order of the lines reversed every other round so
 * drift hits them alike. Each later line's req/s is given as a ratio to the first line's, with the
 * 95% interval over the paired rounds, beside both lines' CPU per request and loop delay.
 * Writes <out>/by-version.json and .md. The default run stays on one version: this is a study.
 * `--against <commit>` runs the same pairing with two trees instead of two lines (bench/against.ts),
 * into <out>/against-<commit>.json and .md.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import type { Pace } from '../src/exhibits/log-sink/slow-consumer.js'
import type { LogSink } from '../src/exhibits/infra/log-sink.js'
import { variantPath, type Scenario } from '../src/exhibits/scenario-kit/scenario.js'
import { startApi, startWorker, type ApiProcess, type ApiRuntime } from './api-process.js'
import { measure, type RunOptions } from './measure.js'
import { deleteQueueKeys, queueMetrics } from './queue-drain.js'
import { median, ratioInterval, spanText, type Interval } from './stats.js'
import type { BenchConditions } from './workloads.js'

/** One variant under one line, one round. */
export interface VersionRun {
  readonly scenario: string
  readonly variant: string
  readonly node: string
  readonly round: number
  readonly rps: number
  readonly p99Ms: number
  readonly cpuMsPerRequest: number | null
  readonly loopDelayP99Ms: number
  readonly errors: number
  readonly failure: string | null
}

/** One variant under one line, over its rounds. */
export interface VersionFigures {
  readonly rps: number
  readonly rpsRange: readonly [number, number]
  readonly cpuMsPerRequest: number | null
  readonly loopDelayP99Ms: number
  readonly rounds: number
}

/** How a later line's req/s compares with the first's: what the interval allows one to say. */
export type VersionVerdict = 'faster' | 'slower' | 'same' | 'cannot tell'

export interface VersionRow {
  readonly scenario: string
  readonly variant: string
  readonly role: string
  /** An open-model workload's fixed arrival rate: its req/s is what was offered, its CPU the figure. */
  readonly offeredRps: number | null
  /** By node version (`v24.22.3`), in the order of --node. */
  readonly figures: Readonly<Record<string, VersionFigures | null>>
  /** Each later version's req/s ÷ the first's, paired by round. */
  readonly ratios: Readonly<Record<string, (Interval & { verdict: VersionVerdict }) | null>>
  /** Each later version's CPU per request ÷ the first's, paired by round: the steadier figure of the two. */
  readonly cpuRatios: Readonly<Record<string, (Interval & { verdict: CpuVerdict }) | null>>
  /**
   * A variant the first line does not have (a route new in a later tree): the first line's fastest
   * variant of the same scenario, which `ratios` and `cpuRatios` are then taken against. Otherwise
   * absent, and the ratios are the variant's own on both lines.
   */
  readonly versus?: string
}

export interface ByVersionResults {
  readonly meta: {
    readonly date: string
    readonly versions: readonly string[]
    readonly machine: string
    readonly connections: number
    readonly durationSec: number
    readonly rounds: number
    readonly upstreamDelayMs: number
    readonly dbPoolSize: number
  }
  readonly rows: readonly VersionRow[]
  readonly runs: readonly VersionRun[]
}

/** Within ±5% is the same; an interval that straddles a 5% line is not a finding either way. */
const SAME_WITHIN = 0.05

/** The same rule on CPU per request, where more is worse. */
export type CpuVerdict = 'less CPU' | 'more CPU' | 'same' | 'cannot tell'
const CPU_VERDICT: Record<VersionVerdict, CpuVerdict> = {
  faster: 'more CPU',
  slower: 'less CPU',
  same: 'same',
  'cannot tell': 'cannot tell',
}
export const cpuVerdictOf = (interval: Interval): CpuVerdict => CPU_VERDICT[verdictOf(interval)]

export function verdictOf(interval: Interval): VersionVerdict {
  // One pair is a figure, not an interval.
  if (interval.n < 2) return 'cannot tell'
  if (interval.low > 1 + SAME_WITHIN) return 'faster'
  if (interval.high < 1 - SAME_WITHIN) return 'slower'
  if (interval.low >= 1 - SAME_WITHIN && interval.high <= 1 + SAME_WITHIN) return 'same'
  return 'cannot tell'
}

/** The failure of a variant's run on a line that has no such route (an older tree): absent, not broken. */
export const NO_ROUTE = 'no such route on this line (404)'

/** One line of the comparison: what runs the API, under a name for the tables. */
export interface ComparedLine extends ApiRuntime {
  /** `v24.22.3` for a Node line; `8a4b4ca` and `this tree` for --against. */
  readonly label: string
  /** Settings of this line's own (a database of its own for an older tree). */
  readonly env?: Readonly<Record<string, string>>
}

export interface ByVersionOptions {
  readonly lines: readonly ComparedLine[]
  readonly scenarios: readonly Scenario[]
  readonly run: RunOptions
  readonly rounds: number
  readonly conditions: (scenario: Scenario) => BenchConditions
  readonly apiEnv: Readonly<Record<string, string>>
  readonly redisUrl: string
  readonly logSink: LogSink | null
  readonly keepUp: Pace
  readonly machine: string
  /** The run's defaults (a scenario may set its own). */
  readonly upstreamDelayMs: number
  readonly dbPoolSize: number
  readonly out: string
  /** The files' name: <out>/<name>.json and .md. */
  readonly name?: string
  readonly log: (line: string) => void
}

export async function runByVersion(o: ByVersionOptions): Promise<ByVersionResults> {
  const versions = o.lines.map((line) => line.label)
  const apis: ApiProcess[] = []
  const stops: Array<() => Promise<void>> = []
  const runs: VersionRun[] = []
  try {
    for (const [i, line] of o.lines.entries()) {
      // A queue of each line's own, drained by a worker on the same line.
      const env = { ...o.apiEnv, ...line.env, QUEUE_PREFIX: `${o.apiEnv.QUEUE_PREFIX}-line${i}` }
      const api = await startApi(env, line)
      stops.push(() => api.stop())
      apis.push(api)
      const worker = await startWorker(env, async () => (await queueMetrics(api.url)).workers > 0, line)
      stops.push(() => worker.stop())
      stops.push(async () => void (await deleteQueueKeys(o.redisUrl, env.QUEUE_PREFIX).catch(() => 0)))
    }
    o.log(`the API under ${versions.join(', ')}`)
    for (const scenario of o.scenarios) {
      const workload = scenario.workload
      const conditions = o.conditions(scenario)
      if (workload.logSink) await o.logSink?.setPace(workload.logSink)
      try {
        for (let round = 1; round <= o.rounds; round++) {
          for (const variant of scenario.variants) {
            const path = variantPath(scenario, variant.name)
            for (const i of versionOrder(round, versions.length)) {
              const run: RunOptions = {
                connections: workload.connections ?? o.run.connections,
                durationSec: Math.max(o.run.durationSec, workload.minDurationSec ?? 0),
                warmupSec: round === 1 ? o.run.warmupSec : 0,
              }
              const base = { scenario: scenario.name, variant: variant.name, node: versions[i]!, round }
              // A run that gave no figures: why, and zeros in their place.
              const unmeasured = (failure: string): VersionRun => ({
                ...base,
                rps: 0,
                p99Ms: 0,
                cpuMsPerRequest: null,
                loopDelayP99Ms: 0,
                errors: 0,
                failure,
              })
              try {
                const m = await measure(apis[i]!.url, workload, path, run, conditions)
                // A tree without the route answers 404 at once: a rate of errors, not of the work.
                if (m.requests > 0 && m.notFound >= m.requests) {
                  runs.push(unmeasured(NO_ROUTE))
                  o.log(`${scenario.name}/${variant.name} on ${versions[i]}, round ${round}: ${NO_ROUTE}`)
                  continue
                }
                runs.push({
                  ...base,
                  rps: m.rps,
                  p99Ms: m.latencyMs.p99,
                  cpuMsPerRequest: m.cpuMsPerRequest,
                  loopDelayP99Ms: m.eventLoopDelayMs.p99,
                  errors: m.errors + m.timeouts,
                  failure: null,
                })
                o.log(`${scenario.name}/${variant.name} on ${versions[i]}, round ${round}: ${Math.round(m.rps)} req/s`)
              } catch (err) {
                const failure = err instanceof Error ? err.message : String(err)
                runs.push(unmeasured(failure))
                o.log(`${scenario.name}/${variant.name} on ${versions[i]}, round ${round}: FAILED: ${failure}`)
              }
            }
          }
        }
      } finally {
        if (workload.logSink) await o.logSink?.setPace(o.keepUp)
      }
    }
  } finally {
    for (const stop of stops.splice(0).reverse()) await stop()
  }
  const results: ByVersionResults = {
    meta: {
      date: new Date().toISOString(),
      versions,
      machine: o.machine,
      connections: o.run.connections,
      durationSec: o.run.durationSec,
      rounds: o.rounds,
      upstreamDelayMs: o.upstreamDelayMs,
      dbPoolSize: o.dbPoolSize,
    },
    rows: summarise(o.scenarios, versions, runs),
    runs,
  }
  await mkdir(o.out, { recursive: true })
  const name = o.name ?? 'by-version'
  await writeFile(`${o.out}/${name}.json`, `${JSON.stringify(results, null, 2)}\n`)
  await writeFile(`${o.out}/${name}.md`, `${byVersionMarkdown(results)}\n`)
  return results
}

/** The lines' order in a round: as given in odd rounds, reversed in even ones (drift hits them alike). */
export const versionOrder = (round: number, count: number): number[] => {
  const order = Array.from({ length: count }, (_, i) => i)
  return round % 2 === 1 ? order : order.reverse()
}

/**
 * `pick` of `rows` ÷ `base`'s, paired by round over the rounds where both have it (and base's is
 * above 0): the interval of the ratio, or null with fewer than `minPairs` pairs.
 */
function pairedRatio(
  rows: readonly VersionRun[],
  base: readonly VersionRun[],
  pick: (r: VersionRun) => number | null,
  minPairs = 1,
): Interval | null {
  const pairs = rows.flatMap((r) => {
    const a = pick(r)
    const match = base.find((x) => x.round === r.round)
    const b = match ? pick(match) : null
    return a !== null && b !== null && b > 0 ? [[a, b] as const] : []
  })
  if (pairs.length < minPairs) return null
  return ratioInterval(
    pairs.map(([a]) => a),
    pairs.map(([, b]) => b),
  )
}

/** Each variant's figures by version, and each later version's ratio over the rounds both completed. */
export function summarise(
  scenarios: readonly Scenario[],
  versions: readonly string[],
  runs: readonly VersionRun[],
): VersionRow[] {
  return scenarios.flatMap((scenario) =>
    scenario.variants.map((variant) => {
      const ok = (node: string) => okRuns(runs, scenario.name, variant.name, node)
      const figures = Object.fromEntries(
        versions.map((node) => {
          const rows = ok(node)
          if (rows.length === 0) return [node, null]
          const cpu = rows.map((r) => r.cpuMsPerRequest).filter((v): v is number => v !== null)
          const rps = rows.map((r) => r.rps)
          return [
            node,
            {
              rps: median(rps),
              rpsRange: [Math.min(...rps), Math.max(...rps)] as const,
              cpuMsPerRequest: cpu.length > 0 ? median(cpu) : null,
              loopDelayP99Ms: median(rows.map((r) => r.loopDelayP99Ms)),
              rounds: rows.length,
            },
          ]
        }),
      )
      const absent = absentOn(runs, scenario.name, variant.name, versions[0]!)
      const versus = absent ? fastestOn(scenario, versions[0]!, runs) : undefined
      const first = versus === undefined ? ok(versions[0]!) : okRuns(runs, scenario.name, versus, versions[0]!)
      const ratioOf = (node: string, pick: (r: VersionRun) => number | null) => pairedRatio(ok(node), first, pick)
      const later = versions.slice(1)
      const ratios = Object.fromEntries(
        later.map((node) => {
          const interval = ratioOf(node, (r) => r.rps)
          return [node, interval && { ...interval, verdict: verdictOf(interval) }]
        }),
      )
      const cpuRatios = Object.fromEntries(
        later.map((node) => {
          const interval = ratioOf(node, (r) => r.cpuMsPerRequest)
          return [node, interval && { ...interval, verdict: cpuVerdictOf(interval) }]
        }),
      )
      return {
        scenario: scenario.name,
        variant: variant.name,
        role: variant.role,
        offeredRps: scenario.workload.offeredRps ?? null,
        figures,
        ratios,
        cpuRatios,
        ...(versus === undefined ? {} : { versus }),
      }
    }),
  )
}

const runsOf = (runs: readonly VersionRun[], scenario: string, variant: string, node: string) =>
  runs.filter((r) => r.scenario === scenario && r.variant === variant && r.node === node)
const okRuns = (runs: readonly VersionRun[], scenario: string, variant: string, node: string) =>
  runsOf(runs, scenario, variant, node).filter((r) => !r.failure)

/** Whether `node` has no such route: every run of the variant there a 404. */
function absentOn(runs: readonly VersionRun[], scenario: string, variant: string, node: string): boolean {
  const there = runsOf(runs, scenario, variant, node)
  return there.length > 0 && there.every((r) => r.failure === NO_ROUTE)
}

/** The variant of `scenario` with the highest median req/s on `node`, if any ran there. */
function fastestOn(scenario: Scenario, node: string, runs: readonly VersionRun[]): string | undefined {
  const rated = scenario.variants.flatMap((v) => {
    const rows = okRuns(runs, scenario.name, v.name, node)
    return rows.length > 0 ? [{ name: v.name, rps: median(rows.map((r) => r.rps)) }] : []
  })
  return rated.sort((a, b) => b.rps - a.rps)[0]?.name
}

const int = (n: number) => Math.round(n).toLocaleString('en-US')
const ms = (n: number | null) => (n === null ? '–' : n < 10 ? n.toFixed(2) : n.toFixed(1))
const major = (version: string) => version.replace(/^v/, '').split('.')[0]!

/** Said beside a ratio taken against another variant of the first line. */
const versusNote = (row: VersionRow) => (row.versus === undefined ? '' : ` (vs ${row.versus}, the fastest there)`)

export function byVersionMarkdown(results: ByVersionResults): string {
  const { meta, rows } = results
  const [first, ...later] = meta.versions
  const head = [
    'scenario',
    'variant',
    ...meta.versions.map((v) => `req/s ${v} (range)`),
    ...later.map((v) => `req/s ${major(v)} ÷ ${major(first!)} [95%]`),
    `CPU ms/req ${meta.versions.map(major).join(' → ')}`,
    ...later.map((v) => `CPU ${major(v)} ÷ ${major(first!)} [95%]`),
    `loop p99 ms ${meta.versions.map(major).join(' → ')}`,
  ]
  const lines = [
    `${meta.versions.every((v) => /^v\d/.test(v)) ? 'Node versions' : 'Trees'} compared: ${meta.versions.join(', ')}; ${meta.machine}; ${meta.connections} connections unless the`,
    `scenario sets its own, ${meta.rounds} paired rounds of ${meta.durationSec} s per variant and version (order reversed`,
    `every other round); upstream ${meta.upstreamDelayMs} ms and DB pool ${meta.dbPoolSize} unless the scenario sets its`,
    'own. A ratio is "same" within ±5%, "faster"/"slower" (req/s) or "less"/"more CPU" (per request)',
    'only when its whole interval is beyond that, otherwise "cannot tell". Where a fixed rate is',
    'offered, req/s is that rate met or not: the CPU per request is the figure to read.',
    '',
    `| ${head.join(' | ')} |`,
    `| ${head.map((_, i) => (i < 2 ? '---' : '---:')).join(' | ')} |`,
  ]
  for (const row of rows) {
    const figures = meta.versions.map((v) => row.figures[v] ?? null)
    const interval = (r: Interval & { verdict: string }) => `${r.estimate.toFixed(2)}× [${spanText(r, 2)}] ${r.verdict}`
    const cells = [
      row.scenario,
      row.offeredRps === null ? row.variant : `${row.variant} (${int(row.offeredRps)} req/s offered)`,
      ...figures.map((f, i) =>
        f
          ? `${int(f.rps)} (${int(f.rpsRange[0])}–${int(f.rpsRange[1])})`
          : absentOn(results.runs, row.scenario, row.variant, meta.versions[i]!)
            ? 'no such route'
            : 'failed',
      ),
      ...later.map((v) => (row.ratios[v] ? `${interval(row.ratios[v])}${versusNote(row)}` : '–')),
      figures.map((f) => ms(f?.cpuMsPerRequest ?? null)).join(' → '),
      ...later.map((v) => (row.cpuRatios[v] ? `${interval(row.cpuRatios[v])}${versusNote(row)}` : '–')),
      figures.map((f) => ms(f?.loopDelayP99Ms ?? null)).join(' → '),
    ]
    lines.push(`| ${cells.join(' | ')} |`)
  }
  lines.push('', ...blindSpotsByVersion(results))
  const list = (names: string[]) => (names.length === 0 ? 'none' : `${names.length} (${names.join(', ')})`)
  const name = (r: VersionRow) => `${r.scenario}/${r.variant}`
  for (const version of later) {
    lines.push('', `${version} against ${first}, req/s:`)
    for (const verdict of ['faster', 'slower', 'same', 'cannot tell'] as const)
      lines.push(`- ${verdict}: ${list(rows.filter((r) => r.ratios[version]?.verdict === verdict).map(name))}`)
    lines.push('', `${version} against ${first}, CPU per request:`)
    for (const verdict of ['less CPU', 'more CPU', 'same', 'cannot tell'] as const)
      lines.push(`- ${verdict}: ${list(rows.filter((r) => r.cpuRatios[version]?.verdict === verdict).map(name))}`)
  }
  return lines.join('\n')
}

/** Each scenario's fixes over its first (naive) variant, under each line, paired by round within the line. */
export function fixRatiosByVersion(
  results: ByVersionResults,
): Array<{ scenario: string; fixed: string; naive: string; byVersion: Record<string, Interval | null> }> {
  const { meta, rows, runs } = results
  return [...new Set(rows.map((r) => r.scenario))].flatMap((scenario) => {
    const variants = rows.filter((r) => r.scenario === scenario)
    const naive = variants[0]!
    return variants
      .filter((r) => r.role === 'optimized')
      .map((fixed) => {
        const byVersion = Object.fromEntries(
          meta.versions.map((node) => {
            const of = (variant: string) =>
              runs.filter((r) => r.scenario === scenario && r.variant === variant && r.node === node && !r.failure)
            const interval = pairedRatio(of(fixed.variant), of(naive.variant), (r) => r.rps, 2)
            return [node, interval]
          }),
        )
        return { scenario, fixed: fixed.variant, naive: naive.variant, byVersion }
      })
  })
}

/** Fixes whose ratio over the naive variant has intervals apart between the first line and another. */
export function fixesThatMoved(results: ByVersionResults): string[] {
  const [first, ...later] = results.meta.versions
  return fixRatiosByVersion(results)
    .filter(({ byVersion }) =>
      later.some((v) => {
        const a = byVersion[first!]
        const b = byVersion[v]
        return a && b && (a.high < b.low || b.high < a.low)
      }),
    )
    .map((f) => `${f.scenario}/${f.fixed}`)
}

/**
 * Does a newer line change a blind spot? Each scenario's fixed variants over its first (naive) one,
 * under each line, paired by round within the line: the lesson's ratio, version by version.
 */
export function blindSpotsByVersion(results: ByVersionResults): string[] {
  const { meta } = results
  const head = ['scenario', 'fixed ÷ naive', ...meta.versions.map((v) => `req/s ratio on ${major(v)} [95%]`)]
  const lines = [
    'Each fix over its naive variant, under each line (req/s, paired by round within the line):',
    '',
    `| ${head.join(' | ')} |`,
    `| ${head.map((_, i) => (i < 2 ? '---' : '---:')).join(' | ')} |`,
  ]
  const x = (n: number) => (n >= 10 ? n.toFixed(0) : n.toFixed(1))
  for (const fix of fixRatiosByVersion(results)) {
    const cells = meta.versions.map((node) => {
      const i = fix.byVersion[node]
      return i ? `${x(i.estimate)}× [${x(i.low)}–${x(i.high)}]` : '–'
    })
    lines.push(`| ${fix.scenario} | ${fix.fixed} ÷ ${fix.naive} | ${cells.join(' | ')} |`)
  }
  return lines
}

/** A few lines for the README: what changed from the first line to the next, and what did not. */
export function byVersionSummary(results: ByVersionResults, link: string): string[] {
  const { meta, rows } = results
  const [first, second] = meta.versions
  const names = (pick: (r: VersionRow) => boolean) => {
    const picked = rows.filter(pick).map((r) => `${r.scenario}/${r.variant}`)
    return picked.length === 0 ? 'none' : picked.join(', ')
  }
  const count = (pick: (r: VersionRow) => boolean) => rows.filter(pick).length
  const rps = (verdict: VersionVerdict) => (r: VersionRow) => r.ratios[second!]?.verdict === verdict
  const cpu = (verdict: CpuVerdict) => (r: VersionRow) => r.cpuRatios[second!]?.verdict === verdict
  const fixes = fixRatiosByVersion(results)
  const moved = fixesThatMoved(results)
  return [
    `One run of \`npm run bench -- --node ${meta.versions.map(major).join(',')} --rounds ${meta.rounds}\` (${meta.versions.join(' and ')};`,
    `${meta.machine}; ${meta.date.slice(0, 10)}): every variant under both lines, paired rounds. Each row,`,
    `its interval and the conditions: [by version](${link}).`,
    '',
    `- req/s, ${major(second!)} against ${major(first!)}, of ${rows.length} variants: faster ${names(rps('faster'))};`,
    `  slower ${names(rps('slower'))}; the same within 5%: ${count(rps('same'))}; too spread to tell: ${count(rps('cannot tell'))}.`,
    `- CPU per request: less on ${major(second!)} ${names(cpu('less CPU'))}; more ${names(cpu('more CPU'))}.`,
    `- The blind spots: of ${fixes.length} fixes, ${fixes.length - moved.length} keep their ratio over the naive variant on`,
    `  both lines (intervals overlap); apart: ${moved.length === 0 ? 'none' : moved.join(', ')}.`,
    moved.length === 0
      ? '  A newer runtime fixes no blind spot: each mistake costs its fix the same ratio on both.'
      : '  Where a ratio moved, the runtime changed what one side costs (its CPU column says which);\n' +
        '  the others are the mechanism, whatever the line.',
  ]
}
