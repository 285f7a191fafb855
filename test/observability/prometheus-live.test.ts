/**
 * The alert rules and the dashboards against a real Prometheus server scraping real APIs: two
 * server processes, one loaded on `/http/blocking` (a synchronous call), one on `/http/pooled`
 * under the same load. The sync-call alert goes pending for the first and stays silent for the
 * second; then every dashboard panel's query returns data. Needs `prometheus` on PATH (Debian's
 * `prometheus` package; `.ci/run` installs it): without it the test is skipped, except in CI.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { request } from 'undici'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { projectRoot } from '../../src/infra/child-process.js'
import { waitFor } from '../helpers/wait.js'
import { findScenario } from '../../src/exhibits/scenarios/index.js'

const prometheusBinary = (process.env.PATH ?? '')
  .split(delimiter)
  .map((dir) => join(dir, 'prometheus'))
  .find((path) => existsSync(path))
if (!prometheusBinary && process.env.CI) throw new Error('CI: no prometheus on PATH (.ci/run installs Debian’s)')

const UPSTREAM_DELAY_MS = 200
const scratch = mkdtempSync(join(tmpdir(), 'blindspots-prometheus-'))
const children: ChildProcess[] = []
let stopLoad = false

afterAll(async () => {
  stopLoad = true
  for (const child of children) child.kill('SIGKILL')
  await rm(scratch, { recursive: true, force: true })
})

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** The API as production runs it, in a process of its own: its event loop is only its own. */
async function startApi(): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: projectRoot,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      HOST: '127.0.0.1',
      PORT: '0',
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      DATABASE_URL: inject('databaseUrl'),
      REDIS_URL: inject('redisUrl'),
      UPSTREAM_URL: inject('upstreamUrl'),
      QUEUE_PREFIX: `test-${randomUUID()}`,
      FILES_DIR: mkdtempSync(join(scratch, 'files-')),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  let output = ''
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const url = /"url":"(http:\/\/[^"]+)"/.exec(output)?.[1]
      if (url) resolve(url)
    })
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)))
  })
}

/** Closed loops on `url` until the test ends: each connection sends its next request on a reply. */
function load(url: string, connections: number): void {
  for (let i = 0; i < connections; i++) {
    void (async () => {
      while (!stopLoad) {
        try {
          const { body } = await request(url, { headersTimeout: 30_000, bodyTimeout: 30_000 })
          await body.dump()
        } catch {
          if (stopLoad) return
        }
      }
    })()
  }
}

interface Alert {
  labels: Record<string, string>
  state: 'pending' | 'firing'
}

// Loads the outbound-http scenario's routes: removed with it (npm run scenario:remove).
describe.skipIf(!prometheusBinary || !findScenario('outbound-http'))('a live Prometheus with the alert rules', () => {
  let prometheus = ''
  const api = { blocking: '', pooled: '' }
  const query = async (promql: string) => {
    const { body } = await request(`${prometheus}/api/v1/query?query=${encodeURIComponent(promql)}`, {
      headersTimeout: 10_000,
      bodyTimeout: 10_000,
    })
    const reply = (await body.json()) as { status: string; data: { result: unknown[] }; error?: string }
    if (reply.status !== 'success') throw new Error(`${promql}: ${reply.error}`)
    return reply.data.result
  }
  const alerts = async () => {
    const { body } = await request(`${prometheus}/api/v1/alerts`, { headersTimeout: 10_000, bodyTimeout: 10_000 })
    return ((await body.json()) as { data: { alerts: Alert[] } }).data.alerts
  }

  beforeAll(async () => {
    ;[api.blocking, api.pooled] = await Promise.all([startApi(), startApi()])
    const port = await freePort()
    const target = (url: string) => new URL(url).host
    const config = join(scratch, 'prometheus.yml')
    writeFileSync(
      config,
      JSON.stringify({
        global: { scrape_interval: '5s', scrape_timeout: '5s', evaluation_interval: '1s' },
        rule_files: [fileURLToPath(new URL('../../observability/prometheus/alerts.yml', import.meta.url))],
        scrape_configs: [
          {
            job_name: 'blindspots-api',
            static_configs: [
              { targets: [target(api.blocking)], labels: { variant: 'blocking' } },
              { targets: [target(api.pooled)], labels: { variant: 'pooled' } },
            ],
          },
        ],
      }),
    )
    const server = spawn(
      prometheusBinary!,
      [
        `--config.file=${config}`,
        `--storage.tsdb.path=${join(scratch, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
      ],
      { stdio: 'ignore' },
    )
    children.push(server)
    prometheus = `http://127.0.0.1:${port}`
    await waitFor(
      'Prometheus is ready',
      () =>
        request(`${prometheus}/-/ready`).then(
          async ({ statusCode, body }) => (await body.dump(), statusCode === 200),
          () => false,
        ),
      { timeoutMs: 30_000 },
    )
    load(`${api.blocking}/http/blocking?delayMs=${UPSTREAM_DELAY_MS}`, 2)
    load(`${api.pooled}/http/pooled?delayMs=${UPSTREAM_DELAY_MS}`, 2)
  }, 60_000)

  it('a synchronous call under load: its alert goes pending; the pooled variant under the same load stays silent', async () => {
    let blocked: Alert | undefined
    // What the rule reads, for the failure message: which of its three conditions did not hold.
    const inputs = async (variant: string) =>
      Object.fromEntries(
        await Promise.all(
          [
            `max_over_time(nodejs_eventloop_lag_p99_seconds{variant="${variant}"}[1m])`,
            `avg_over_time(nodejs_eventloop_utilization_ratio{variant="${variant}"}[1m])`,
            `rate(process_cpu_seconds_total{variant="${variant}"}[1m])`,
          ].map(async (q) => [q, ((await query(q))[0] as { value?: [number, string] } | undefined)?.value?.[1]]),
        ),
      ) as Record<string, string | undefined>
    await waitFor(
      'EventLoopBlockedBySyncCall pending or firing for the blocking variant',
      async () => {
        blocked = (await alerts()).find(
          (a) => a.labels.alertname === 'EventLoopBlockedBySyncCall' && a.labels.variant === 'blocking',
        )
        return blocked !== undefined
      },
      { timeoutMs: 90_000, intervalMs: 500 },
    ).catch(async (err: Error) => {
      const { body } = await request(`${prometheus}/api/v1/targets`)
      const targets = ((await body.json()) as { data: { activeTargets: Array<Record<string, unknown>> } }).data
        .activeTargets
      const scrapes = targets.map((t) => ({ health: t.health, lastError: t.lastError, labels: t.labels }))
      throw new Error(
        `${err.message}; the rule's inputs: ${JSON.stringify(await inputs('blocking'))}; scrapes: ${JSON.stringify(scrapes)}`,
      )
    })
    expect(['pending', 'firing']).toContain(blocked!.state)
    // The pooled API was scraped as often, under the same load, and nothing fired for it.
    const samples = async (variant: string) =>
      Number(
        (
          (await query(`count_over_time(nodejs_eventloop_utilization_ratio{variant="${variant}"}[1m])`))[0] as {
            value: [number, string]
          }
        ).value[1],
      )
    // Scraped at least as often as the blocking API was when its alert went pending, then a rule
    // evaluation after that: the same evidence, judged.
    const enough = await samples('blocking')
    await waitFor('the pooled API scraped as often', async () => (await samples('pooled')) >= enough, {
      timeoutMs: 30_000,
      intervalMs: 500,
    })
    const since = Date.now()
    await waitFor(
      'a rule evaluation after that',
      async () => {
        const { body } = await request(`${prometheus}/api/v1/rules`)
        const { groups } = (
          (await body.json()) as { data: { groups: Array<{ name: string; lastEvaluation: string }> } }
        ).data
        return Date.parse(groups.find((g) => g.name === 'blindspots-event-loop')!.lastEvaluation) > since
      },
      { timeoutMs: 10_000, intervalMs: 250 },
    )
    expect((await alerts()).filter((a) => a.labels.variant === 'pooled')).toEqual([])
  }, 120_000)

  it('every dashboard panel returns data from this Prometheus', async () => {
    // Data for the panels that need events: a finished report, a hash on the worker pool.
    const { body } = await request(`${api.pooled}/jobs/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rows: 10 }),
    })
    const { id } = (await body.json()) as { id: string }
    await waitFor(
      'the report completes',
      async () => {
        const reply = await request(`${api.pooled}/jobs/${id}`)
        return ((await reply.body.json()) as { state: string }).state === 'completed'
      },
      { timeoutMs: 30_000 },
    )
    const folder = new URL('../../observability/grafana/dashboards/', import.meta.url)
    const exprs = readdirSync(folder).flatMap((file) =>
      (
        JSON.parse(readFileSync(new URL(file, folder), 'utf8')) as {
          panels: Array<{ title: string; targets?: Array<{ expr: string }> }>
        }
      ).panels.flatMap((panel) =>
        (panel.targets ?? []).map((t) => ({ where: `${file} › ${panel.title}`, expr: t.expr })),
      ),
    )
    expect(exprs.length).toBeGreaterThanOrEqual(15)
    const empty: string[] = []
    await waitFor(
      'every panel has data (scrapes after the report)',
      async () => {
        empty.length = 0
        for (const { where, expr } of exprs) {
          if ((await query(expr.replaceAll('$__rate_interval', '1m'))).length === 0) empty.push(`${where}: ${expr}`)
        }
        return empty.length === 0
      },
      { timeoutMs: 30_000, intervalMs: 1_000 },
    ).catch(() => undefined)
    expect(empty).toEqual([])
  }, 90_000)
})
