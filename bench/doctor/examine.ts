/**
 * What the doctor does to a route, over HTTP only: the probe's idle latency; a closed-loop sweep
 * (1, 4, 16, 64 connections by default), the probe running throughout and, when the server has a
 * Prometheus /metrics, its event-loop series read around each level; then one overload step at
 * twice the best throughput, on the open model (requests leave on schedule whatever the server
 * does, so a queue that grows shows as latency that grows). Then the verdict (diagnose.ts).
 */
import { readFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { setTimeout as sleep } from 'node:timers/promises'
import { openLoad, percentile, type LoadRequest, type OpenLoadResult } from '../open-load.js'
import { closedLoad } from './closed-load.js'
import { startControlServer } from './control.js'
import { diagnose, type Diagnosis, type Level, type Measurements, type Overload, type ProbeStats } from './diagnose.js'
import { readInside, scrape, seriesIn } from './inside-view.js'
import { busyShare, readCpuTimes } from './machine-cpu.js'
import { checkProbe, startProbe, type ProbeSamples } from './probe.js'
import { busiestThreadShare, processCpuOf } from './process-cpu.js'

export interface ExamineOptions {
  /** The route, as an absolute URL. */
  readonly url: string
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  readonly body?: string
  readonly headers: Readonly<Record<string, string>>
  readonly probeUrl: string
  /** The server's Prometheus endpoint, or null to stay outside. */
  readonly metricsUrl: string | null
  readonly connections: readonly number[]
  /** Seconds per level; the overload step lasts twice as long. */
  readonly levelSec: number
  /** What one of the route's calls costs, ms, when the user knows (--expect-ms): for the latency blind spot. */
  readonly expectMs?: number | null
  readonly log: (line: string) => void
}

export interface Examination {
  readonly method: string
  readonly url: string
  readonly probeUrl: string
  /** Whether the server's /metrics gave the inside view. */
  readonly insideView: boolean
  /** The series it read there (any Prometheus client's process series; Node's loop series when present). */
  readonly insideSeries: readonly string[]
  /**
   * Where the process's CPU time came from: its /metrics (process_cpu_seconds_total), /proc (a
   * server on this machine without that series: the processes holding its port), or nowhere.
   */
  readonly cpuSource?: 'metrics' | 'proc' | null
  readonly measurements: Measurements
  readonly diagnosis: Diagnosis
  readonly seconds: number
  /** Where the doctor ran (for a loopback target, the server's machine too). */
  readonly conditions: {
    readonly date: string
    readonly node: string
    readonly cores: number
    readonly cpuModel: string
    readonly levelSec: number
  }
}

const LOOPBACK = new Set(['localhost', '[::1]', '::1'])

/** Whether a hostname is this machine: the doctor's load lands on it, and its cores are the target's. */
export const isLoopback = (hostname: string) => LOOPBACK.has(hostname) || hostname.startsWith('127.')

/** The most the overload step offers: beyond it the doctor's own loop, not the server, would set the pace. */
export const MAX_OFFERED_RPS = 3_000

/**
 * Connections the overload step may open: one per request of the step, so that no request waits
 * on the doctor and the server holds every one it is sent (a server that bounds its waits at W s
 * shows its 503s only if it holds more than W s of its throughput at once), within the open-file
 * limit the process has (Linux; elsewhere a cap that default limits allow).
 */
export function overloadConnections(requests: number, limitsText: string | null = readLimits()): number {
  const soft = /^Max open files\s+(\d+)/m.exec(limitsText ?? '')?.[1]
  const budget = soft === undefined ? 4_096 : Math.max(64, Number(soft) - 256)
  return Math.max(1, Math.min(requests, budget))
}

function readLimits(): string | null {
  try {
    return readFileSync('/proc/self/limits', 'utf8')
  } catch {
    return null
  }
}

/** Cores used between two readings of a process's CPU seconds, `seconds` apart. */
const cpuCoresOver = (before: number | null, after: number | null, seconds: number) =>
  before === null || after === null || seconds <= 0 ? null : Math.max(0, after - before) / seconds

/**
 * The inside view over a span: /metrics read before and after it, the process's CPU from /metrics
 * or /proc (`procCores`, which wins), its busiest thread from /proc; null with none of them.
 */
function insideOf(
  before: string | null,
  after: string | null,
  seconds: number,
  procCores: number | null,
  busiestThread: number | null,
): Level['inside'] {
  if (before !== null && after !== null)
    return {
      ...readInside(before, after, seconds),
      ...(procCores === null ? {} : { cpuCores: procCores }),
      busiestThread,
    }
  return procCores === null ? null : { elu: null, cpuCores: procCores, lagP99Ms: null, lagMaxMs: null, busiestThread }
}

function probeStats({ ms }: ProbeSamples): ProbeStats {
  const replies = ms.filter((v): v is number => v !== null).sort((a, b) => a - b)
  return {
    p50: percentile(replies, 50),
    p90: percentile(replies, 90),
    p99: percentile(replies, 99),
    max: replies.at(-1) ?? 0,
    lost: ms.length - replies.length,
    samples: ms.length,
  }
}

function overloadOf(result: OpenLoadResult, offeredRps: number, durationSec: number, generatorElu: number): Overload {
  const ok = result.timeline.filter(([, , status]) => status >= 200 && status < 300)
  const third = (durationSec * 1000) / 3
  const p50Of = (rows: typeof ok) =>
    percentile(
      rows.map(([, ms]) => ms).sort((a, b) => a - b),
      50,
    )
  const shed = result.statuses[503] ?? 0
  const late = result.timeline.filter(([due]) => due >= 2 * third)
  const lateSent = Math.max(1, Math.round(result.sent / 3))
  const okCount = ok.length
  const failed = result.sent - okCount - shed
  return {
    offeredRps,
    sent: result.sent,
    okRps: okCount / result.spanSec,
    shedShare: shed / result.sent,
    lateShedShare: late.filter(([, , status]) => status === 503).length / lateSent,
    failedShare: failed / result.sent,
    earlyP50Ms: p50Of(ok.filter(([due]) => due < third)),
    lateP50Ms: p50Of(ok.filter(([due]) => due >= 2 * third)),
    okP99Ms: percentile(
      ok.map(([, ms]) => ms).sort((a, b) => a - b),
      99,
    ),
    generatorElu,
    maxConnections: result.maxConnections,
    waitedForConnectionShare: result.waitedForConnection / Math.max(result.sent, 1),
  }
}

export async function examine(options: ExamineOptions): Promise<Examination> {
  const started = performance.now()
  const target = new URL(options.url)
  // The machine's cores are the target's only when the target is on this machine.
  const sameMachine = isLoopback(target.hostname)
  const request: LoadRequest = {
    method: options.method as LoadRequest['method'],
    path: `${target.pathname}${target.search}`,
    ...(options.body === undefined ? {} : { body: options.body }),
    headers: { ...options.headers },
  }
  await checkProbe(options.probeUrl)
  const control = sameMachine ? await startControlServer() : null
  const probe = startProbe(options.probeUrl)
  const controlProbe = control === null ? null : startProbe(control.url)
  const takeBoth = () => Promise.all([probe.take(), controlProbe?.take() ?? null])
  try {
    // The probes alone first: what they cost when nothing else runs.
    await sleep(500)
    const [idleSamples, idleControlSamples] = await takeBoth()
    const idleProbeMs = probeStats(idleSamples).p50
    const idleControlMs = idleControlSamples === null ? null : probeStats(idleControlSamples).p50
    const firstScrape = options.metricsUrl === null ? null : await scrape(options.metricsUrl)
    const insideSeries = firstScrape === null ? [] : seriesIn(firstScrape)
    const insideView = insideSeries.length > 0
    const metricsUrl = insideView ? options.metricsUrl : null
    // Without the process's CPU time in /metrics, /proc has it for a server on this machine; and
    // its threads' demand for a core, which no /metrics gives.
    const metricsCpu = insideSeries.includes('process_cpu_seconds_total')
    const proc = sameMachine ? processCpuOf(Number(target.port || (target.protocol === 'https:' ? 443 : 80))) : null
    const cpuSource = metricsCpu ? 'metrics' : proc ? 'proc' : null
    // Where /metrics has the CPU time, /proc gives only the threads' demand.
    const procCpu = metricsCpu ? null : proc
    await closedLoad(target.origin, request, 1, Math.min(1, options.levelSec)) // warm-up, not measured
    /** `run`, with the process's CPU, its busiest thread and the machine's cores read around it. */
    const readAround = async <T>(run: () => Promise<T>) => {
      const cpuBefore = sameMachine ? readCpuTimes() : null
      const procBefore = procCpu?.seconds() ?? null
      const threadsBefore = proc?.threads() ?? new Map()
      const start = performance.now()
      const value = await run()
      const seconds = (performance.now() - start) / 1000
      return {
        value,
        procCores: procCpu ? cpuCoresOver(procBefore, procCpu.seconds(), seconds) : null,
        busiestThread: busiestThreadShare(threadsBefore, proc?.threads() ?? new Map(), seconds),
        machineBusy: busyShare(cpuBefore, sameMachine ? readCpuTimes() : null),
      }
    }

    const levels: Level[] = []
    for (const connections of options.connections) {
      // Read before the level: it resets the server's loop-delay window and gives its CPU time so far.
      const before = metricsUrl === null ? null : await scrape(metricsUrl)
      const levelStart = performance.now()
      await takeBoth()
      const {
        value: load,
        procCores,
        busiestThread,
        machineBusy,
      } = await readAround(() => closedLoad(target.origin, request, connections, options.levelSec))
      const [probeSamples, controlSamples] = await takeBoth()
      const probed = probeStats(probeSamples)
      const after = metricsUrl === null ? null : await scrape(metricsUrl)
      const levelSec = (performance.now() - levelStart) / 1000
      const ok = Object.entries(load.statuses).reduce(
        (sum, [status, count]) => (Number(status) < 300 ? sum + count : sum),
        0,
      )
      const shed = load.statuses[503] ?? 0
      const level: Level = {
        connections,
        okRps: (load.rps * ok) / Math.max(load.replies, 1),
        rps: load.rps,
        latencyMs: load.latencyMs,
        okLatencyMs: load.okLatencyMs,
        shed,
        failed: load.errors + load.replies - ok - shed,
        replies: load.replies,
        attempts: load.replies + load.errors,
        probe: probed,
        control: controlSamples === null ? null : probeStats(controlSamples),
        inside: insideOf(before, after, levelSec, procCores, busiestThread),
        generatorElu: load.generatorElu,
        machineBusy,
      }
      levels.push(level)
      options.log(
        `${connections} connection${connections === 1 ? '' : 's'}: ${Math.round(level.okRps)} req/s 2xx, p50 ${Math.round(level.latencyMs.p50)} ms, probe p99 ${Math.round(probed.p99)} ms`,
      )
    }

    const best = Math.max(...levels.map((l) => l.okRps))
    // Twice the best, or as much as the doctor can send if that is at least 1.25× the best.
    const offered = Math.max(4, Math.round(Math.min(2 * best, MAX_OFFERED_RPS)))
    let overload: Overload | null = null
    let overloadSkipped: string | null = null
    // The overload step only tells a plateau's kinds apart; where the sweep alone decided, skip it.
    const sweepAlone = diagnose({ idleProbeMs, idleControlMs, levels, overload: null, overloadSkipped: null })
    if (sweepAlone.kind !== 'pool-limited' && sweepAlone.kind !== 'cpu-saturated')
      overloadSkipped = `not needed: the sweep decided (${sweepAlone.kind})`
    else if (offered < 1.25 * best)
      overloadSkipped = `the best throughput is near the ${MAX_OFFERED_RPS.toLocaleString('en-US')} req/s the doctor can offer`
    else {
      const durationSec = 2 * options.levelSec
      const elu = performance.eventLoopUtilization()
      // The inside view beyond the plateau too: there the limit is engaged, and a process held by
      // its CPU has a request waiting whenever its thread is free, which the sweep's closed loop
      // (the doctor's own turn between replies) does not always give it.
      const before = metricsUrl === null ? null : await scrape(metricsUrl)
      const stepStart = performance.now()
      const {
        value: result,
        procCores,
        busiestThread,
        machineBusy,
      } = await readAround(() =>
        openLoad(target.origin, request, offered, durationSec, {
          maxConnections: overloadConnections(Math.ceil(offered * durationSec)),
        }),
      )
      const after = metricsUrl === null ? null : await scrape(metricsUrl)
      const stepSec = (performance.now() - stepStart) / 1000
      overload = {
        ...overloadOf(result, offered, durationSec, performance.eventLoopUtilization(elu).utilization),
        inside: insideOf(before, after, stepSec, procCores, busiestThread),
        machineBusy,
      }
      options.log(
        `overload, ${offered} req/s offered: ${Math.round(overload.okRps)} req/s 2xx, p50 ${Math.round(overload.earlyP50Ms)} → ${Math.round(overload.lateP50Ms)} ms, ${Math.round(100 * overload.shedShare)}% 503`,
      )
    }
    const probeName = new URL(options.probeUrl).pathname
    const measurements: Measurements = {
      idleProbeMs,
      idleControlMs,
      levels,
      overload,
      overloadSkipped,
      probeName,
      expectMs: options.expectMs ?? null,
    }
    return {
      method: options.method,
      url: options.url,
      probeUrl: options.probeUrl,
      insideView,
      insideSeries,
      cpuSource,
      measurements,
      diagnosis: diagnose(measurements),
      seconds: (performance.now() - started) / 1000,
      conditions: {
        date: new Date().toISOString(),
        node: process.version,
        cores: cpus().length,
        cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
        levelSec: options.levelSec,
      },
    }
  } finally {
    await probe.stop()
    await controlProbe?.stop()
    await control?.stop()
  }
}
