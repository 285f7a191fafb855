/**
 * What the per-request instrumentation costs the lightest route (`--metrics-cost`): its CPU per
 * request with the request histogram and the stall log on, against fresh APIs alike with both off.
 *
 * On a shared VM one 2 s round runs 10–30% slower than the next: loaded in turn, two APIs cannot be
 * told apart at 5%. So every API of a series is loaded at the same time, each at the same fixed
 * rate well below its limit, and its CPU per request read from the kernel's per-thread run time
 * (ns, not 10 ms ticks): the drift falls on all of them in the same instant. Where there are two
 * cores, the APIs share one and the load generator has the other (taskset). Two APIs alike still
 * differ by up to 5% from one start to the next, so each series starts fresh ones, two of them
 * with everything off (their mean is the baseline, their ratio the noise said beside the verdict),
 * the series repeat with the start order rotated, and the verdict rests on the series' spread:
 * many short series tell more than a few long ones.
 */
import { execFileSync } from 'node:child_process'
import { cpus } from 'node:os'
import autocannon from 'autocannon'
import { processCpuOf, ranNsOf } from './doctor/process-cpu.js'
import { startApi } from './api-process.js'
import { median, positiveInterval, spanText, type Interval } from './stats.js'

const OFF = { METRICS: 'false', LOOP_STALL_LOG_MS: '0' }
export const ARMS = [
  { label: 'both on', env: { METRICS: 'true', LOOP_STALL_LOG_MS: '200' } },
  { label: 'request timing only', env: { METRICS: 'true', LOOP_STALL_LOG_MS: '0' } },
  { label: 'stall log only', env: { METRICS: 'false', LOOP_STALL_LOG_MS: '200' } },
  { label: 'off', env: OFF },
  { label: 'off, again', env: OFF },
] as const
export type ArmLabel = (typeof ARMS)[number]['label']
const BASELINE: readonly ArmLabel[] = ['off', 'off, again']

// Fewer leave a fresh API's JIT and heap settling: its first rounds would run dearer than its later
// ones, an offset that falls on whichever arm it is.
const WARM_UP_ROUNDS = 5

/** The bound: both on at most this many times the CPU per request of both off. */
export const TARGET_RATIO = 1.05

export interface StudyOptions {
  readonly apiEnv: Readonly<Record<string, string>>
  readonly path: string
  readonly series: number
  readonly rounds: number
  readonly roundSec: number
  /** Requests a second offered to each API: all of them together well within one core. */
  readonly ratePerApi: number
  readonly log: (line: string) => void
}

/** One API's round: its CPU (ns of run time over all threads) and the 2xx it answered. */
export interface ArmRound {
  readonly ranNs: number
  readonly ok: number
  readonly failed: number
}
export interface Series {
  readonly order: readonly ArmLabel[]
  readonly rounds: ReadonlyArray<Readonly<Record<ArmLabel, ArmRound>>>
}

export interface ArmSummary {
  readonly label: ArmLabel
  /** Median over the kept rounds of all series, µs of CPU per request. */
  readonly usPerRequest: number
  /** Each series' median of its rounds' ratios to the baseline. */
  readonly seriesRatios: readonly number[]
  /** Their geometric mean and its 95% interval: fresh APIs differ, and the series say by how much. */
  readonly ratio: Interval
}
export interface CostSummary {
  readonly arms: readonly ArmSummary[]
  /** The two "off" APIs' ratio, each series' median, and the interval of those: the run's own noise. */
  readonly noiseSeries: readonly number[]
  readonly noise: Interval
  readonly keptRounds: number
  readonly droppedRounds: number
  readonly verdict: 'met' | 'missed' | 'not judged'
  readonly why: string
}

const perRequest = (r: ArmRound) => r.ranNs / Math.max(r.ok, 1)
const range = (i: Interval) => spanText(i, 3)

/**
 * The figures, from the rounds: a round counts only where every API answered what it was offered
 * (within 10%) with no failure; otherwise it measured a backlog, not a cost. Each series is one
 * sample of the ratio (its APIs are fresh: which start runs cheaper is the noise that matters), so
 * the verdict rests on the series' 95% interval: met if all of it is under the target, missed if
 * all of it is over, else not judged; and not judged either where the two alike APIs' interval
 * misses 1, since then the run cannot tell an API from its twin.
 */
export function summarise(series: readonly Series[], offeredPerRound: number): CostSummary {
  const kept = series
    .map((s) =>
      s.rounds.filter((round) =>
        ARMS.every(({ label }) => round[label].failed === 0 && round[label].ok >= 0.9 * offeredPerRound),
      ),
    )
    .filter((rounds) => rounds.length > 0)
  const keptRounds = kept.reduce((n, rounds) => n + rounds.length, 0)
  const droppedRounds = series.reduce((n, s) => n + s.rounds.length, 0) - keptRounds
  const baseline = (round: Readonly<Record<ArmLabel, ArmRound>>) =>
    BASELINE.reduce((sum, label) => sum + perRequest(round[label]), 0) / BASELINE.length
  const arms = ARMS.map(({ label }) => {
    const seriesRatios = kept.map((rounds) => median(rounds.map((r) => perRequest(r[label]) / baseline(r))))
    return {
      label,
      usPerRequest: median(kept.flat().map((r) => perRequest(r[label]) / 1000)),
      seriesRatios,
      ratio: positiveInterval(seriesRatios),
    }
  })
  const noiseSeries = kept.map((rounds) => median(rounds.map((r) => perRequest(r.off) / perRequest(r['off, again']))))
  const noise = positiveInterval(noiseSeries)
  const { verdict, why } = judge(arms[0]!.ratio, noise, kept.length, keptRounds, droppedRounds, offeredPerRound)
  return { arms, noiseSeries, noise, keptRounds, droppedRounds, verdict, why }
}

function judge(
  bothOn: Interval,
  noise: Interval,
  keptSeries: number,
  keptRounds: number,
  droppedRounds: number,
  offeredPerRound: number,
): Pick<CostSummary, 'verdict' | 'why'> {
  if (keptSeries < 3 || keptRounds < (keptRounds + droppedRounds) / 2)
    return {
      verdict: 'not judged',
      why: `${keptSeries} series and ${keptRounds} rounds of ${keptRounds + droppedRounds} kept: an API did not keep up with ${offeredPerRound} requests a round, or failed`,
    }
  const figure =
    `both on ${bothOn.estimate.toFixed(3)}× both off (95% interval ${range(bothOn)} over ${bothOn.n} series; ` +
    `target ≤ ${TARGET_RATIO}), two APIs alike ${noise.estimate.toFixed(3)}× (${range(noise)})`
  if (noise.low > 1 || noise.high < 1)
    return {
      verdict: 'not judged',
      why: `${figure}: two APIs alike differ beyond their interval, the run cannot tell an API from its twin`,
    }
  if (bothOn.high <= TARGET_RATIO) return { verdict: 'met', why: figure }
  if (bothOn.low > TARGET_RATIO) return { verdict: 'missed', why: figure }
  return { verdict: 'not judged', why: `${figure}: the target lies within the interval` }
}

/** Pins every thread of `pid` to `cores` (taskset's list); false where it cannot. */
function pin(pid: number, cores: string): boolean {
  try {
    execFileSync('taskset', ['-a', '-p', '-c', cores, String(pid)], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

export interface StudyResult {
  readonly path: string
  readonly conditions: {
    readonly series: number
    readonly rounds: number
    readonly roundSec: number
    readonly ratePerApi: number
    readonly pinned: boolean
  }
  readonly series: readonly Series[]
  readonly summary: CostSummary
}

export async function runInstrumentationCost(o: StudyOptions): Promise<StudyResult> {
  const cores = cpus().length
  // The load generator on core 0, the APIs on the last: each side's drift is the other's too.
  const pinned = cores >= 2 && pin(process.pid, '0')
  const series: Series[] = []
  try {
    for (let s = 0; s < o.series; s++) {
      // Rotated, and reversed every other series: no API is always started before its twin.
      const rotated = ARMS.map((_, i) => ARMS[(i + s) % ARMS.length]!)
      const order = s % 2 === 0 ? rotated : rotated.reverse()
      o.log(
        `metrics cost: series ${s + 1} of ${o.series}, APIs started in the order ${order.map((a) => a.label).join(', ')}`,
      )
      const apis: { label: ArmLabel; url: string; pids: readonly number[]; stop: () => Promise<void> }[] = []
      try {
        for (const arm of order) {
          const api = await startApi({ ...o.apiEnv, ...arm.env })
          const cpu = processCpuOf(Number(new URL(api.url).port))
          apis.push({ label: arm.label, url: api.url, pids: cpu?.pids ?? [], stop: () => api.stop() })
          if (!cpu) throw new Error(`cannot read the CPU time of the API at ${api.url} (/proc)`)
          if (pinned) for (const pid of cpu.pids) pin(pid, String(cores - 1))
        }
        const loadAll = () =>
          Promise.all(
            apis.map(async ({ label, url, pids }) => {
              const before = ranNsOf(pids)
              const result = await autocannon({
                url: `${url}${o.path}`,
                connections: 10,
                overallRate: o.ratePerApi,
                duration: o.roundSec,
                timeout: 10,
              })
              const round: ArmRound = {
                ranNs: ranNsOf(pids) - before,
                ok: result['2xx'],
                failed: result.errors + result.non2xx,
              }
              return [label, round] as const
            }),
          )
        // Warm-up, not measured: the JIT's compiler threads count in the process's run time.
        for (let w = 0; w < WARM_UP_ROUNDS; w++) await loadAll()
        const rounds: Record<ArmLabel, ArmRound>[] = []
        for (let r = 0; r < o.rounds; r++)
          rounds.push(Object.fromEntries(await loadAll()) as Record<ArmLabel, ArmRound>)
        series.push({ order: order.map((a) => a.label), rounds })
      } finally {
        for (const api of apis) await api.stop()
      }
    }
  } finally {
    if (pinned) pin(process.pid, `0-${cores - 1}`)
  }
  return {
    path: o.path,
    conditions: { series: o.series, rounds: o.rounds, roundSec: o.roundSec, ratePerApi: o.ratePerApi, pinned },
    series,
    summary: summarise(series, o.ratePerApi * o.roundSec),
  }
}

/** The study as a table a slide can hold, its conditions and its verdict. */
export function instrumentationCostMarkdown(result: StudyResult, machine: string, node: string): string {
  const { conditions: c, summary } = result
  const lines = [
    `## What the instrumentation costs: GET ${result.path}`,
    '',
    `${machine}, Node ${node}; ${c.series} series of fresh APIs, ${c.rounds} rounds of ${c.roundSec} s each, ` +
      `all APIs loaded at once at ${c.ratePerApi.toLocaleString('en-US')} req/s each (10 connections)` +
      (c.pinned ? ', the APIs on one core and the load generator on another' : ', nothing pinned') +
      `; ${summary.keptRounds} rounds kept, ${summary.droppedRounds} dropped.`,
    '',
    '| API | CPU µs a request | × both off | 95% interval | each series |',
    '| --- | ---: | ---: | ---: | --- |',
    ...summary.arms.map(
      (a) =>
        `| ${a.label} | ${a.usPerRequest.toFixed(1)} | ${a.ratio.estimate.toFixed(3)} | ${range(a.ratio)} | ${a.seriesRatios.map((r) => r.toFixed(3)).join(', ')} |`,
    ),
    '',
    `Two APIs alike ("off" ÷ "off, again"): ${summary.noise.estimate.toFixed(3)} (${range(summary.noise)}); each series ${summary.noiseSeries.map((n) => n.toFixed(3)).join(', ')}.`,
    '',
    `Under ${Math.round(100 * (TARGET_RATIO - 1))}% on the lightest route: **${summary.verdict}** (${summary.why}).`,
  ]
  return lines.join('\n')
}
