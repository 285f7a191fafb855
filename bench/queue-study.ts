/**
 * The report queue beyond one row: what a queue does under sustained overload, and where its
 * capacity comes from.
 *
 * - Admission: an API with a small REPORT_MAX_BACKLOG and one worker process, offered ten times
 *   what inline sustained in the reports rows (its 2xx/s there), for longer than a row lasts. An
 *   unbounded queue's backlog would grow for as long as the load lasts (the row's own backlog
 *   shows that start); bounded, it holds at the bound, the surplus gets 503 + Retry-After at once,
 *   acceptance stays fast, and every job accepted is completed.
 * - Scale-out: the same burst of jobs drained by 1, 2 and (with 4 cores) 4 worker processes (each with the
 *   configured concurrency), timed from the moment the queue is resumed until the last job is
 *   done. Workers on other hosts pointed at the same Redis scale the same way; here they share
 *   the bench machine's cores with Postgres, which names the limit.
 */
import { randomUUID } from 'node:crypto'
import { cpus, type CpuInfo } from 'node:os'
import { setTimeout as sleep } from 'node:timers/promises'
import { Queue } from 'bullmq'
import { Redis } from 'ioredis'
import { loadConfig } from '../src/config.js'
import { REPORT_JOB, REPORT_QUEUE, reportJobOptions } from '../src/jobs/report-job.js'
import { startApi, startWorker } from './api-process.js'
import { openLoad, type LoadRequest } from './open-load.js'
import { deleteQueueKeys, queueMetrics, reportJobTimes, withQueueDrain } from './queue-drain.js'
import { single, targetCheck } from './targets.js'
import type { AdmissionRun, QueueStudy, ScaleOutPoint } from './results-format.js'

// More worker processes than cores show nothing two do not (contention): 4 only where there are 4.
const WORKER_COUNTS = [1, 2, 4].filter((n) => n <= Math.max(2, cpus().length))
/** Targets (see the figures): the backlog held near its bound, nothing lost, 2 workers ≥ 1.6× one. */
const MAX_BACKLOG_OVER_BOUND = 1.2
const MIN_TWO_WORKER_SPEEDUP = 1.6
/**
 * The 2-worker target is judged only when one worker left the machine's cores at most this busy:
 * on 2 cores shared with Postgres, one worker process already keeps them near full, and a second
 * has nothing to run on. (Measured, and reported either way.)
 */
const MAX_BUSY_FOR_SCALE_OUT = 60

/** The admission run's rate, as a multiple of what inline sustains. */
export const OVERLOAD_FACTOR = 10

interface Options {
  readonly apiEnv: Readonly<Record<string, string>>
  readonly redisUrl: string
  /** What inline sustained in the reports rows (2xx/s): the admission run offers OVERLOAD_FACTOR × this. */
  readonly inlineRps: number
  readonly request: LoadRequest
  readonly quick: boolean
  readonly log: (line: string) => void
}

async function admission({ apiEnv, redisUrl, inlineRps, request, quick }: Options): Promise<AdmissionRun> {
  // No inline row to go by (it failed, or was not run): 30 req/s.
  const offeredRps = Math.max(10, Math.round(OVERLOAD_FACTOR * (inlineRps > 0 ? inlineRps : 3)))
  const maxBacklog = quick ? 30 : 100
  const durationSec = quick ? 4 : 10
  const env = { ...apiEnv, QUEUE_PREFIX: `${apiEnv.QUEUE_PREFIX}-admission`, REPORT_MAX_BACKLOG: String(maxBacklog) }
  const api = await startApi(env)
  try {
    const worker = await startWorker(env, async () => (await queueMetrics(api.url)).workers > 0)
    try {
      const { result, drain } = await withQueueDrain(
        api.url,
        'reports',
        'offloaded',
        () => openLoad(api.url, request, offeredRps, durationSec),
        reportJobTimes(redisUrl, env.QUEUE_PREFIX),
      )
      const accepted = result.statuses[202] ?? 0
      const refused = result.statuses[503] ?? 0
      return {
        maxBacklog,
        offeredRps,
        inlineRps,
        durationSec,
        accepted,
        refused,
        failed: result.sent - accepted - refused,
        acceptanceMs: { p50: result.latencyMs.p50, p99: result.latencyMs.p99 },
        drain,
        lost: accepted - drain.jobs - drain.deadLettered,
      }
    } finally {
      await worker.stop()
    }
  } finally {
    await api.stop()
    await deleteQueueKeys(redisUrl, env.QUEUE_PREFIX).catch(() => 0)
  }
}

/** How busy the machine's cores were between two readings of os.cpus(), in % (every process, not just ours). */
function busyPct(before: CpuInfo[], after: CpuInfo[]): number {
  let busy = 0
  let total = 0
  after.forEach((core, i) => {
    const was = before[i]!.times
    const delta = (k: keyof CpuInfo['times']) => core.times[k] - was[k]
    const all = delta('user') + delta('nice') + delta('sys') + delta('irq') + delta('idle')
    total += all
    busy += all - delta('idle')
  })
  return total > 0 ? (100 * busy) / total : 0
}

/** The same burst of `jobs` drained by `count` worker processes, from a paused queue. */
async function drainWith(count: number, jobs: number, { apiEnv, redisUrl, request }: Options): Promise<ScaleOutPoint> {
  const prefix = `${apiEnv.QUEUE_PREFIX}-scale-${count}`
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null })
  // The jobs the API would make (its retries and expiry), under this step's own prefix.
  const queue = new Queue(REPORT_QUEUE, {
    connection,
    prefix,
    defaultJobOptions: reportJobOptions(loadConfig(apiEnv).reports),
  })
  const workers: Array<{ stop(): Promise<void> }> = []
  try {
    // Paused first: workers that start one after another must not begin before the last is up.
    await queue.pause()
    const data = JSON.parse(request.body ?? '{}') as object
    await queue.addBulk(
      Array.from({ length: jobs }, () => ({ name: REPORT_JOB, data, opts: { jobId: `r-${randomUUID()}` } })),
    )
    const env = { ...apiEnv, QUEUE_PREFIX: prefix }
    for (let i = 0; i < count; i++)
      workers.push(await startWorker(env, async () => (await queue.getWorkersCount()) > i))
    const cpusAtStart = cpus()
    const start = performance.now()
    await queue.resume()
    const deadline = Date.now() + 600_000
    for (;;) {
      const counts = await queue.getJobCounts('completed', 'failed')
      if ((counts.completed ?? 0) + (counts.failed ?? 0) >= jobs) break
      if (Date.now() > deadline)
        throw new Error(`${count} workers did not drain ${jobs} jobs within 10 minutes: ${JSON.stringify(counts)}`)
      await sleep(50)
    }
    const drainMs = performance.now() - start
    return {
      workers: count,
      jobs,
      drainMs,
      jobsPerSec: jobs / (drainMs / 1000),
      cpuBusyPct: busyPct(cpusAtStart, cpus()),
    }
  } finally {
    for (const worker of workers) await worker.stop()
    await queue.close()
    connection.disconnect()
    await deleteQueueKeys(redisUrl, prefix).catch(() => 0)
  }
}

export async function runQueueStudy(options: Options): Promise<QueueStudy> {
  const { log, quick } = options
  const admissionRun = await admission(options)
  log(
    `queue admission (bound ${admissionRun.maxBacklog}, ${admissionRun.offeredRps} req/s for ${admissionRun.durationSec} s): ` +
      `${admissionRun.accepted} accepted, ${admissionRun.refused} refused, backlog peak ${admissionRun.drain.backlog.peak}, ` +
      `acceptance p99 ${Math.round(admissionRun.acceptanceMs.p99)} ms, lost ${admissionRun.lost}`,
  )
  const jobs = quick ? 30 : 150
  const scaleOut: ScaleOutPoint[] = []
  for (const count of WORKER_COUNTS) {
    const point = await drainWith(count, jobs, options)
    scaleOut.push(point)
    log(
      `queue scale-out: ${count} worker process${count === 1 ? '' : 'es'} drained ${jobs} jobs in ${(point.drainMs / 1000).toFixed(1)} s (${point.jobsPerSec.toFixed(1)} jobs/s, cores ${Math.round(point.cpuBusyPct)}% busy)`,
    )
  }
  const one = scaleOut.find((p) => p.workers === 1)!
  const two = scaleOut.find((p) => p.workers === 2)!
  // A second worker can only go faster on cores the first left idle: judged where it had them.
  const scaleOutJudged = one.cpuBusyPct <= MAX_BUSY_FOR_SCALE_OUT
  const checks = [
    targetCheck(
      'reports',
      'offloaded (bounded)',
      'backlog peak ÷ bound',
      single(admissionRun.drain.backlog.peak / admissionRun.maxBacklog),
      MAX_BACKLOG_OVER_BOUND,
      true,
    ),
    targetCheck('reports', 'offloaded (bounded)', 'jobs lost', single(admissionRun.lost), 0, true),
    // The one worker builds reports on the cores the API answers on: judged where it has its own.
    targetCheck('reports', 'offloaded (bounded)', 'p99 ms', single(admissionRun.acceptanceMs.p99), 50, true, {
      ...(cpus().length < 4
        ? {
            notJudged: `needs 4 cores (the worker builds reports beside the API); this machine has ${cpus().length}: measured, not judged`,
          }
        : {}),
    }),
    ...(scaleOutJudged
      ? [
          targetCheck(
            'reports',
            '2 workers',
            'speed-up vs 1 worker',
            single(two.jobsPerSec / one.jobsPerSec),
            MIN_TWO_WORKER_SPEEDUP,
            false,
          ),
        ]
      : []),
  ]
  return {
    cores: cpus().length,
    concurrencyPerWorker: loadConfig(options.apiEnv).reports.concurrency,
    admission: admissionRun,
    scaleOut,
    scaleOutJudged,
    checks,
  }
}
