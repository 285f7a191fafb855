/**
 * What the doctor says it used and what it got: the probe it named, the failures under overload,
 * the series of any Prometheus client (not only Node's), and a probe that cannot serve.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { diagnose, RULES } from '../../../bench/doctor/diagnose.js'
import { readInside, scrape, seriesIn } from '../../../bench/doctor/inside-view.js'
import { checkProbe, ProbeError } from '../../../bench/doctor/probe.js'
import { level, overload, run } from './sweeps.js'

// Python's prometheus_client on Linux: process series, no event loop.
const PYTHON = (cpu: number) => `# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.
# TYPE process_cpu_seconds_total counter
process_cpu_seconds_total ${cpu}
# TYPE process_resident_memory_bytes gauge
process_resident_memory_bytes 3.1e+07
python_info{implementation="CPython",major="3",minor="11"} 1.0
`

describe('any Prometheus /metrics', () => {
  it('a Python client’s process series are an inside view: CPU time read, the loop series absent', () => {
    expect(seriesIn(PYTHON(1))).toEqual(['process_cpu_seconds_total'])
    expect(seriesIn('http_requests_total{code="200"} 5\n')).toEqual([])
    const inside = readInside(PYTHON(10), PYTHON(12.4), 2)
    expect(inside.cpuCores).toBeCloseTo(1.2, 5)
    expect(inside.elu).toBeNull()
    expect(inside.lagMaxMs).toBeNull()
  })

  it('a Node client’s: utilisation and loop delay from the scrape after, in ms; CPU only from both scrapes over a time', () => {
    const node = (cpu: number) =>
      `${PYTHON(cpu)}nodejs_eventloop_utilization_ratio 0.75\nnodejs_eventloop_lag_p99_seconds 0.012\nnodejs_eventloop_lag_max_seconds{a="b"} 0.25\n`
    expect(readInside(node(1), node(1.5), 0.5)).toEqual({ elu: 0.75, cpuCores: 1, lagP99Ms: 12, lagMaxMs: 250 })
    for (const [before, after, seconds] of [
      ['', node(2), 1],
      [node(1), 'nodejs_eventloop_utilization_ratio 0.5\n', 1],
      [node(1), node(2), 0],
      [node(1), node(2), -1],
    ] as const)
      expect(readInside(before, after, seconds).cpuCores).toBeNull()
    expect(readInside(node(1), node(2), 1e-9).cpuCores).toBeCloseTo(1e9, 0)
  })
})

describe('a served probe, named', () => {
  let server: Server
  let origin = ''
  beforeAll(async () => {
    server = createServer((req, res) => {
      res.statusCode = req.url === '/ok' ? 200 : req.url === '/metrics' ? 200 : 404
      res.end(req.url?.endsWith('metrics') ? PYTHON(3) : 'x')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it('a probe that answers 404 stops the run before any load, saying what it got; a 2xx one passes', async () => {
    await expect(checkProbe(`${origin}/health`)).rejects.toThrow(ProbeError)
    await expect(checkProbe(`${origin}/health`)).rejects.toThrow(/answered 404, not 2xx.*--probe/)
    await expect(checkProbe(`${origin}/ok`)).resolves.toBeUndefined()
    await expect(checkProbe('http://127.0.0.1:1/health')).rejects.toThrow(/did not answer/)
  })

  it('a /metrics without Node’s series is scraped, not ignored', async () => {
    expect(await scrape(`${origin}/metrics`)).toContain('process_cpu_seconds_total 3')
    expect(await scrape(`${origin}/ok`)).toBeNull()
    // A 404 whose page happens to hold the series is no scrape; nor is a server that does not answer.
    expect(await scrape(`${origin}/missing-metrics`)).toBeNull()
    expect(await scrape('http://127.0.0.1:1/metrics')).toBeNull()
  })
})

describe('the texts', () => {
  const blocked = [level(1, 20, 48, 55), level(4, 21, 190, 200), level(16, 21, 760, 800), level(64, 21, 3000, 3100)]

  it('name the probe the run used, not /health', () => {
    const { summary } = diagnose({ ...run(blocked), probeName: '/ping' })
    expect(summary).toContain('/ping waited')
    expect(summary).not.toContain('/health')
  })

  it('say how CPU time would tell a sync call from computation, or that it sits between', () => {
    expect(diagnose(run(blocked)).summary).toContain('a /metrics with process_cpu_seconds_total would tell which')
    const between = blocked.map((l) => ({
      ...l,
      inside: { elu: null, cpuCores: 0.5, lagP99Ms: null, lagMaxMs: null },
    }))
    expect(diagnose(run(between)).summary).toContain('sits between the two')
    // Read at one level only: still read, and the busiest level's figure is the one said.
    const once = blocked.map((l, i) =>
      i === 2 ? { ...l, inside: { elu: null, cpuCores: 0.5, lagP99Ms: null, lagMaxMs: null } } : l,
    )
    const d = diagnose(run(once))
    expect(d.summary).toContain('sits between the two')
    expect(d.lessons).toEqual(['outbound-http', 'password-hash'])
    const rising = blocked.map((l, i) => ({
      ...l,
      inside: { elu: null, cpuCores: [0.1, 0.9, 0.2, 0.3][i]!, lagP99Ms: null, lagMaxMs: null },
    }))
    expect(diagnose(run(rising)).summary).toContain(', the process using 0.90 cores')
    expect(diagnose(run(blocked)).summary).not.toContain('the process using')
  })

  it('count failures under overload next to the 503s: a 500 is neither a reply nor shedding', () => {
    const plateau = [level(1, 50, 20, 1), level(4, 190, 21, 1), level(16, 700, 23, 1), level(64, 900, 70, 1)]
    const failing = diagnose(run(plateau, overload({ offeredRps: 1800, okRps: 900, failedShare: 0.38 })))
    expect(failing.summary).toContain('38% failed')
    const clean = diagnose(run(plateau, overload({ offeredRps: 1800, okRps: 900 })))
    expect(clean.summary).not.toContain('failed')
  })
})

describe('a plateau: the CPU’s or a pool’s, said only on evidence', () => {
  const plateau = (top: Partial<Parameters<typeof level>[4]>) =>
    run(
      [level(1, 50, 20, 1), level(4, 190, 21, 1), level(16, 700, 23, 1), level(64, 900, 70, 1, top)],
      overload({ offeredRps: 1800, okRps: 900 }),
    )
  const inside = (cpuCores: number) => ({ elu: null, cpuCores, lagP99Ms: null, lagMaxMs: null })

  it('the process at most of a core or more: the CPU, and no pool size invented', () => {
    const d = diagnose(plateau({ inside: inside(RULES.processCores), machineBusy: 0.6 }))
    expect(d.kind).toBe('cpu-saturated')
    expect(d.cause).toBe('cpu')
    expect(d.summary).toContain('with the CPU the limit')
    expect(d.summary).not.toContain('a pool of about')
  })

  it('the process burning little: what it waits on, with its size; the machine alone tells neither', () => {
    const pool = diagnose(plateau({ inside: inside(0.1), machineBusy: RULES.poolRoom - 0.01 }))
    expect(pool.cause).toBe('pool')
    expect(diagnose(plateau({ inside: inside(0.1), machineBusy: RULES.poolRoom })).cause).toBeNull()
    expect(pool.summary).toMatch(/a pool of about \d+, or what it waits on, limits it \(not this process's CPU/)
    // Every core busy: as little CPU may be a process starved of its share; neither is claimed.
    const full = diagnose(plateau({ inside: inside(0.1), machineBusy: 0.99 }))
    expect(full.cause).toBeNull()
    expect(full.summary).toContain('a backend on this machine may be what is busy')
    expect(full.summary).toContain('cannot be told on a machine this busy')
    expect(full.summary).not.toContain('a pool of about')
    expect(full.summary).toContain(
      "(the process using 0.10 cores; the machine 99% busy, the doctor's own load included: a backend",
    )
    // Working hard on a machine with no room: its own CPU, not a backend, is the limit; with room, neither is said.
    const starved = diagnose(plateau({ inside: inside(0.7), machineBusy: 0.95 }))
    expect(starved).toMatchObject({ kind: 'cpu-saturated', cause: 'cpu' })
    expect(starved.summary).toContain(
      "(the process using 0.70 cores; the machine 95% busy, the doctor's own load included)",
    )
    expect(diagnose(plateau({ inside: inside(0.7), machineBusy: RULES.poolRoom - 0.01 })).cause).toBeNull()
    expect(diagnose(plateau({ inside: inside(RULES.cpuCores - 0.01), machineBusy: 0.95 })).cause).toBeNull()
    // A one-threaded server saturates one core of many; a database burns cores that are not the route's.
    for (const machineBusy of [0.5, null]) {
      const outside = diagnose(plateau({ machineBusy }))
      expect(outside.cause).toBeNull()
      expect(outside.summary).toMatch(/a pool of about \d+, or the cores, limits it/)
    }
    // Between the two (0.7 of a core): neither claimed.
    expect(diagnose(plateau({ inside: inside(0.7) })).cause).toBeNull()
  })

  it('a thread of the process that never waited for an event (RULES.loopSaturated of the level running or waiting for a core), with RULES.fullThreadCores burnt: the CPU, whatever share of a core it got', () => {
    // Python's asyncio in CI: flattened on 0.67 of a core, the machine 70% busy, no loop metric.
    const starved = (busiestThread: number, cpuCores = 0.67) =>
      diagnose(plateau({ inside: { ...inside(cpuCores), busiestThread }, machineBusy: 0.7 }))
    expect(starved(RULES.loopSaturated)).toMatchObject({ kind: 'cpu-saturated', cause: 'cpu' })
    expect(starved(RULES.loopSaturated).summary).toContain(
      "(the process using 0.67 cores; the machine 70% busy, the doctor's own load included; its busiest thread running or waiting for a core 90% of the time)",
    )
    expect(starved(RULES.loopSaturated - 0.01).cause).toBeNull()
    // A Node API on two cores beside Postgres and the doctor: its loop full on 0.57 of a core.
    expect(starved(0.99, 0.57)).toMatchObject({ kind: 'cpu-saturated', cause: 'cpu' })
    expect(starved(RULES.loopSaturated, RULES.fullThreadCores).cause).toBe('cpu')
    expect(starved(RULES.loopSaturated, RULES.fullThreadCores - 0.01).cause).toBeNull()
    // Running little yet never waiting for an event: it mostly waited for a core (a database
    // beside it burning the machine), so neither its CPU nor a pool is claimed.
    expect(starved(0.93, 0.08).summary).toContain('its busiest thread running or waiting for a core 93% of the time')
    expect(starved(0.93, 0.08).cause).toBeNull()
    expect(starved(0.93, 0.08).summary).toContain(', or the cores, limits it')
    expect(starved(0.4, 0.08).cause).toBe('pool')
  })

  it("Node's loop full (RULES.loopSaturated) on a machine with little room counts as that thread: with RULES.fullThreadCores burnt, the CPU", () => {
    // file-download/streamed in CI: its loop 92% busy on 0.59 of a core, the machine 90% busy, its
    // busiest thread (by the kernel's count) 83%: called an unbounded queue by its overload step.
    const loop = (elu: number, cpuCores: number, machineBusy = 0.9) =>
      diagnose(plateau({ inside: { ...inside(cpuCores), elu, busiestThread: 0.83 }, machineBusy }))
    expect(loop(0.92, 0.59)).toMatchObject({ kind: 'cpu-saturated', cause: 'cpu' })
    expect(loop(RULES.loopSaturated, RULES.fullThreadCores, RULES.poolRoom).cause).toBe('cpu')
    // Less CPU than waiting for it, or a machine with room to give more: a loop partly held by a
    // call, or starved by a backend; neither claimed.
    expect(loop(0.92, RULES.fullThreadCores - 0.01).cause).toBeNull()
    expect(loop(RULES.loopSaturated - 0.01, 0.59).cause).toBeNull()
    expect(loop(0.99, 0.55, RULES.poolRoom - 0.01).cause).not.toBe('cpu')
  })

  it('neither side shown, on a machine with little room (RULES.poolRoom busy): no pool size guessed, and says it cannot tell', () => {
    // A one-threaded server given 0.7 of a core while something else holds the rest (a test suite,
    // the doctor itself): starved of CPU, not waiting on a pool of 16.
    for (const cores of [0.1, RULES.cpuCores - 0.01, null]) {
      const full = diagnose(
        plateau({ ...(cores === null ? {} : { inside: inside(cores) }), machineBusy: RULES.poolRoom }),
      )
      expect(full.cause).toBeNull()
      expect(full.summary).toContain("with the machine's cores busy")
      expect(full.summary).toContain('cannot be told on a machine this busy')
      expect(full.summary).not.toContain('a pool of about')
      const spare = diagnose(
        plateau({ ...(cores === null ? {} : { inside: inside(cores) }), machineBusy: RULES.poolRoom - 0.01 }),
      )
      expect(spare.summary).toMatch(/a pool of about \d+, or (?:the cores|what it waits on), limits it/)
    }
  })
})
