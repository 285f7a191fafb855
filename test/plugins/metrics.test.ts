/**
 * GET /metrics: Prometheus' text format, and each series moves when its blind spot happens, as an
 * operator would need it to: a blocked event loop shows in the next scrape's delay and
 * utilisation, a pool held by requests in the gate's in-use and waiting series, a route in its
 * duration histogram (by pattern), enqueued reports in the queue's backlog, the upstream pool's
 * sockets, a worker pool's threads and the time tasks waited for one.
 */
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import Fastify, { type onResponseHookHandler } from 'fastify'
import metricsPlugin, { jobTimeQuantiles } from '../../src/plugins/metrics.js'
import { buildApp } from '../../src/app.js'
import { listeningApp, testConfig, useListeningApp } from '../helpers/app.js'
import { busyLoop } from '../helpers/busy-loop.js'
import { get, postJson } from '../helpers/http.js'
import { waitFor } from '../helpers/wait.js'
import { request } from 'undici'
// exhibit:start
import { openHashThreads } from '../../src/exhibits/hashing/hash-threads.js'
import { hashTask } from '../../src/exhibits/hashing/password-hashing.js'
// exhibit:end

/** The value of the first sample whose line starts with `series` (name and labels as written). */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `))
  if (!line) throw new Error(`no sample ${series} in /metrics`)
  return Number(line.slice(series.length + 1))
}

describe('/metrics', () => {
  // No worker: enqueued reports stay in the backlog.
  const server = useListeningApp({ reports: { worker: 'separate', queuePrefix: `test-${randomUUID()}` } })
  const scrape = async () => {
    const { statusCode, headers, body } = await request(`${server.url}/metrics`, {
      headersTimeout: 10_000,
      bodyTimeout: 10_000,
    })
    expect(statusCode).toBe(200)
    expect(headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/)
    return body.text()
  }

  it('serves the process, request, database and queue series in the text format', async () => {
    expect((await get(`${server.url}/health`)).status).toBe(200)
    const text = await scrape()
    for (const series of [
      'nodejs_eventloop_lag_p99_seconds',
      'nodejs_eventloop_utilization_ratio',
      'nodejs_heap_size_used_bytes',
      'nodejs_active_handles_total',
      'blindspots_db_gate_rejected_total',
      'blindspots_report_queue_max_backlog',
    ]) {
      expect(text).toContain(`\n${series} `)
    }
    expect(sample(text, 'blindspots_db_pool_size')).toBe(server.app.config.dbPoolSize)
    // One series per route pattern and status, not per URL.
    expect(
      sample(text, 'http_request_duration_seconds_count{method="GET",route="/health",status_code="200"}'),
    ).toBeGreaterThanOrEqual(1)
    // In seconds, as the name says: a /health answer takes well under one, on any machine.
    const health = 'method="GET",route="/health",status_code="200"'
    const meanSeconds =
      sample(text, `http_request_duration_seconds_sum{${health}}`) /
      sample(text, `http_request_duration_seconds_count{${health}}`)
    expect(meanSeconds).toBeGreaterThan(0)
    expect(meanSeconds).toBeLessThan(1)
    expect(sample(text, 'blindspots_report_queue_up')).toBe(1)
    // The duration buckets run from 1 ms (a cached answer) to 10 s (a report built inline).
    const buckets = text
      .split('\n')
      .filter((l) => l.startsWith('http_request_duration_seconds_bucket{') && l.includes('route="/health"'))
      .map((l) => /le="([^"]+)"/.exec(l)![1])
    expect(buckets).toEqual([
      '0.001',
      '0.005',
      '0.01',
      '0.025',
      '0.05',
      '0.1',
      '0.25',
      '0.5',
      '1',
      '2.5',
      '5',
      '10',
      '+Inf',
    ])
    // exhibit:start
    expect(sample(text, 'blindspots_upstream_pool{stat="size"}')).toBe(0) // no socket opened yet
    // exhibit:end
  })

  // exhibit:start
  // Through the machinery itself, not a scenario's route: the test stands when scenarios are removed.
  it('the upstream pool shows its sockets and the requests on them', async () => {
    // One call through the app's pool leaves a socket connected (keep-alive) and free.
    const { statusCode, body } = await server.app.upstream.request({ method: 'GET', path: '/delay/0' })
    await body.dump()
    expect(statusCode).toBe(200)
    const text = await scrape()
    expect(sample(text, 'blindspots_upstream_pool{stat="connected"}')).toBeGreaterThanOrEqual(1)
    expect(sample(text, 'blindspots_upstream_pool{stat="free"}')).toBeGreaterThanOrEqual(1)
    expect(sample(text, 'blindspots_upstream_pool{stat="running"}')).toBe(0)
  })

  it('a worker pool shows its threads, and tasks that waited for one', async () => {
    // A pool is opened with its app (it closes with it): an app of its own, before it is ready.
    const app = await buildApp(testConfig())
    const hashing = openHashThreads(app, 'metrics-test')
    try {
      await app.ready()
      const scrapeApp = async () => (await app.inject({ url: '/metrics' })).body
      const pool = 'pool="metrics-test"'
      expect(sample(await scrapeApp(), `blindspots_worker_pool_threads{${pool}}`)).toBe(hashing.threads)
      // Four times as many hashes as threads at once: most wait for a thread.
      await Promise.all(
        Array.from({ length: 4 * hashing.threads }, () => hashing.run(hashTask('correct horse battery'))),
      )
      const text = await scrapeApp()
      expect(sample(text, `blindspots_worker_pool_wait_seconds{${pool},quantile="1"}`)).toBeGreaterThan(0)
      expect(sample(text, `blindspots_worker_pool_queued{${pool}}`)).toBe(0)
      // The window restarts at each scrape: nothing waited since.
      expect(sample(await scrapeApp(), `blindspots_worker_pool_wait_seconds{${pool},quantile="1"}`)).toBe(0)
    } finally {
      await app.close()
    }
  })
  // exhibit:end

  it('times every route by its pattern, with its HEAD twin, a prefix and hooks of its own; a request no route matched as unmatched', async () => {
    const app = await buildApp(testConfig())
    try {
      let ownHookRan = 0
      await app.register(
        async (scoped) => {
          const ownHook: onResponseHookHandler = (_request, _reply, done) => {
            ownHookRan++
            done()
          }
          scoped.get('/items/:id', { onResponse: ownHook }, async () => 'item')
        },
        { prefix: '/test' },
      )
      for (const [method, url] of [
        ['GET', '/test/items/1'],
        ['GET', '/test/items/2'],
        ['HEAD', '/test/items/3'],
        ['GET', '/no-such-route/4'],
        ['DELETE', '/test/items/5'],
      ] as const)
        await app.inject({ method, url })
      const text = (await app.inject('/metrics')).body
      const count = (labels: string) => sample(text, `http_request_duration_seconds_count{${labels}}`)
      expect(count('method="GET",route="/test/items/:id",status_code="200"')).toBe(2)
      expect(count('method="HEAD",route="/test/items/:id",status_code="200"')).toBe(1)
      expect(count('method="GET",route="unmatched",status_code="404"')).toBe(1)
      expect(count('method="DELETE",route="unmatched",status_code="404"')).toBe(1)
      // Each request timed once, and the route's own hook kept.
      const counts = text.split('\n').filter((l) => l.startsWith('http_request_duration_seconds_count{'))
      expect(counts.reduce((sum, l) => sum + Number(l.split(' ')[1]), 0)).toBe(5)
      expect(ownHookRan).toBe(3)
    } finally {
      await app.close()
    }
  })

  it('request durations are labelled by route pattern: 50 order ids and 50 unknown URLs add two series, not a hundred', async () => {
    const series = (text: string) =>
      text.split('\n').filter((l) => l.startsWith('http_request_duration_seconds_count{'))
    const before = series(await scrape()).length
    for (let id = 1; id <= 50; id++) {
      await get(`${server.url}/orders/${id}`)
      await get(`${server.url}/no-such-route/${id}`)
    }
    const after = series(await scrape())
    expect(after.filter((l) => l.includes('route="/orders/:id"'))).toHaveLength(1)
    expect(after.filter((l) => /route="[^"]*\d/.test(l))).toEqual([])
    expect(after.length - before).toBeLessThanOrEqual(2)
  })

  it('every family stays bounded: a second round of new URLs, ids, queries and bad bodies adds no series, and no label carries what a client sent', async () => {
    // A series is its name and labels; its value is the last field.
    const seriesOf = (text: string) =>
      new Set(
        text
          .split('\n')
          .filter((l) => l && !l.startsWith('#'))
          .map((l) => l.slice(0, l.lastIndexOf(' '))),
      )
    async function round(tag: string) {
      for (let i = 0; i < 30; i++) {
        const token = `${tag}${i}x${randomUUID().slice(0, 8)}`
        const id = 7_000_000 + Math.floor(Math.random() * 1_000_000)
        await get(`${server.url}/orders/${id}`)
        await get(`${server.url}/orders/${token}`)
        await get(`${server.url}/jobs/${token}`)
        await get(`${server.url}/${token}/${id}`)
        await get(`${server.url}/health?${token}=${id}`)
        await postJson(`${server.url}/jobs/reports`, { rows: token })
        await postJson(`${server.url}/jobs/dead-letter/${token}/redrive`, {})
        await request(`${server.url}/orders/${id}`, { method: 'DELETE', headersTimeout: 10_000 }).then((r) =>
          r.body.dump(),
        )
      }
    }
    await scrape() // the scrape's own series first
    await round('first')
    const first = seriesOf(await scrape())
    await round('second')
    const text = await scrape()
    const added = [...seriesOf(text)].filter((s) => !first.has(s))
    // A late garbage collection may add its kind (a handful, fixed by V8); never one per request.
    expect(
      added.filter((s) => !s.startsWith('nodejs_gc_duration_seconds')),
      added.join('\n'),
    ).toEqual([])
    const labelled = text.split('\n').filter((l) => l && !l.startsWith('#'))
    expect(labelled.filter((l) => /first\d|second\d|\b7\d{6}\b/.test(l.slice(0, l.lastIndexOf(' '))))).toEqual([])
  })

  it('a blocked event loop shows in the scrapes after it: utilisation and delay max', async () => {
    await scrape() // starts a new window
    busyLoop(300)
    // Utilisation is measured at the scrape, over the window that held the stall.
    expect(sample(await scrape(), 'nodejs_eventloop_utilization_ratio')).toBeGreaterThan(0.5)
    // Node's delay histogram records the gap between two ticks of its 10 ms timer, and a reset
    // (each scrape) forgets the last tick, so a stall before the first tick after a scrape goes
    // unrecorded (plain Node 20: reset, block 300 ms, max read 10 ms). So the stall is made again
    // until a scrape shows it: waitFor's pause between tries lets the histogram tick first.
    await waitFor(
      'a 300 ms stall in nodejs_eventloop_lag_max_seconds',
      async () => {
        busyLoop(300)
        return sample(await scrape(), 'nodejs_eventloop_lag_max_seconds') >= 0.2
      },
      { timeoutMs: 10_000 },
    )
  })

  it('a pool held by requests shows as connections in use at its size and requests waiting', async () => {
    const gate = server.app.dbGate
    const held = await Promise.all(Array.from({ length: gate.size }, () => gate.acquire()))
    const waiter = gate.acquire()
    try {
      const text = await scrape()
      expect(sample(text, 'blindspots_db_gate_in_use')).toBe(gate.size)
      expect(sample(text, 'blindspots_db_gate_waiting')).toBe(1)
    } finally {
      held.forEach((release) => release())
      ;(await waiter)()
    }
    expect(sample(await scrape(), 'blindspots_db_gate_in_use')).toBe(0)
  })

  it('a request refused after its bounded wait for a connection counts in blindspots_db_gate_rejected_total', async () => {
    const { app, url } = await listeningApp({ dbAcquireTimeoutMs: 50 })
    const scrapeOwn = async () =>
      (await request(`${url}/metrics`, { headersTimeout: 10_000, bodyTimeout: 10_000 })).body.text()
    const held = await Promise.all(Array.from({ length: app.dbGate.size }, () => app.dbGate.acquire()))
    try {
      expect(sample(await scrapeOwn(), 'blindspots_db_gate_rejected_total')).toBe(0)
      const refused = await Promise.all([1, 2, 3].map((id) => get(`${url}/orders/${id}`)))
      expect(refused.map((r) => r.status)).toEqual([503, 503, 503])
      expect(sample(await scrapeOwn(), 'blindspots_db_gate_rejected_total')).toBe(3)
      // A counter: the next scrape reads the total again, not what was refused since the last one.
      expect(sample(await scrapeOwn(), 'blindspots_db_gate_rejected_total')).toBe(3)
    } finally {
      held.forEach((release) => release())
      await app.close()
    }
  })

  it('completed reports show their wait for a worker and their total time; finished jobs count by outcome, once each', async () => {
    const { app, url } = await listeningApp({ reports: { worker: 'in-process', queuePrefix: `test-${randomUUID()}` } })
    try {
      const scrapeOwn = async () =>
        (await request(`${url}/metrics`, { headersTimeout: 10_000, bodyTimeout: 10_000 })).body.text()
      expect((await scrapeOwn()).includes('blindspots_report_job_seconds{')).toBe(false) // none completed yet
      const accepted = await postJson(`${url}/jobs/reports`, { rows: 100 })
      const id = (accepted.body as { id: string }).id
      await waitFor(
        'the report completes',
        async () => ((await get(`${url}/jobs/${id}`)).body as { state: string }).state === 'completed',
        { timeoutMs: 20_000 },
      )
      const text = await scrapeOwn()
      const total = sample(text, 'blindspots_report_job_seconds{phase="total",quantile="0.5"}')
      const wait = sample(text, 'blindspots_report_job_seconds{phase="wait",quantile="0.5"}')
      expect(total).toBeGreaterThan(0)
      expect(wait).toBeGreaterThanOrEqual(0)
      expect(wait).toBeLessThanOrEqual(total)
      expect(sample(text, 'blindspots_report_jobs_finished_total{outcome="completed"}')).toBe(1)
      expect(sample(text, 'blindspots_report_jobs_finished_total{outcome="failed"}')).toBe(0)
      // A job that fails every attempt counts as failed once, not once per attempt.
      const doomed = await postJson(`${url}/jobs/reports`, { rows: 10, simulateFailures: 10 })
      const doomedId = (doomed.body as { id: string }).id
      await waitFor(
        'the failing report is dead-lettered',
        async () => ((await get(`${url}/jobs/${doomedId}`)).body as { state: string }).state === 'dead-lettered',
        { timeoutMs: 30_000 },
      )
      const after = await scrapeOwn()
      expect(sample(after, 'blindspots_report_jobs_finished_total{outcome="failed"}')).toBe(1)
      expect(sample(after, 'blindspots_report_jobs_finished_total{outcome="completed"}')).toBe(1)
    } finally {
      await app.close()
    }
  })

  it('enqueued reports show in the backlog, against the bound', async () => {
    const before = sample(await scrape(), 'blindspots_report_queue_jobs{state="backlog"}')
    expect((await postJson(`${server.url}/jobs/reports`, { rows: 10 })).status).toBe(202)
    const text = await scrape()
    expect(sample(text, 'blindspots_report_queue_jobs{state="backlog"}')).toBe(before + 1)
    expect(sample(text, 'blindspots_report_queue_jobs{state="waiting"}')).toBe(before + 1)
    expect(sample(text, 'blindspots_report_queue_max_backlog')).toBe(server.app.config.reports.maxBacklog)
  })

  it('METRICS=false: no /metrics route, and everything else serves as before', async () => {
    const { app, url } = await listeningApp({ metrics: false })
    try {
      expect((await get(`${url}/metrics`)).status).toBe(404)
      expect((await get(`${url}/health`)).status).toBe(200)
      // exhibit:start
      const { statusCode, body } = await app.upstream.request({ method: 'GET', path: '/delay/0' })
      await body.dump()
      expect(statusCode).toBe(200)
      // exhibit:end
    } finally {
      await app.close()
    }
  })
})

describe('the metrics plugin', () => {
  it('declares what it reads: without the db and report-queue plugins Fastify refuses it, naming the first; with them it is the plugin named metrics', async () => {
    const bare = Fastify()
    await expect(bare.register(metricsPlugin).ready()).rejects.toThrow(/dependency 'db' of plugin 'metrics'/)
    await bare.close()
    const { app } = await listeningApp()
    try {
      expect(app.hasPlugin('metrics')).toBe(true)
    } finally {
      await app.close()
    }
  })
})

describe('jobTimeQuantiles: the job-time samples', () => {
  it('p50 and p99 of each phase, in seconds, each a time one job took; none without jobs', () => {
    expect(jobTimeQuantiles([])).toEqual([])
    // Unsorted, and 9 before 10 and 100 only when sorted as numbers.
    const times = [
      { waitMs: 100, totalMs: 900 },
      { waitMs: 9, totalMs: 40 },
      { waitMs: 10, totalMs: 1_000 },
      { waitMs: 20, totalMs: 30 },
    ]
    expect(jobTimeQuantiles(times)).toEqual([
      { phase: 'wait', quantile: '0.5', seconds: 0.02 },
      { phase: 'wait', quantile: '0.99', seconds: 0.1 },
      { phase: 'total', quantile: '0.5', seconds: 0.9 },
      { phase: 'total', quantile: '0.99', seconds: 1 },
    ])
    expect(jobTimeQuantiles([{ waitMs: 5, totalMs: 7 }])).toEqual([
      { phase: 'wait', quantile: '0.5', seconds: 0.005 },
      { phase: 'wait', quantile: '0.99', seconds: 0.005 },
      { phase: 'total', quantile: '0.5', seconds: 0.007 },
      { phase: 'total', quantile: '0.99', seconds: 0.007 },
    ])
  })
})
