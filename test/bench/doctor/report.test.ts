/**
 * The doctor's report as a reader gets it: the terminal text (where it looked, on what machine, the
 * sweep's table, the overload step, the verdict's title and the lesson to read) and the HTML page
 * (the same, escaped, with the sweep charted); and the machine's busy share read from /proc/stat.
 */
import { describe, expect, it } from 'vitest'
import type { Diagnosis } from '../../../bench/doctor/diagnose.js'
import type { Examination } from '../../../bench/doctor/examine.js'
import { busyShare, cpuTimesOf, readCpuTimes, type CpuTimes } from '../../../bench/doctor/machine-cpu.js'
import { toHtml, toText } from '../../../bench/doctor/report.js'
import { level, overload, run } from './sweeps.js'

const levels = [
  level(1, 18.76, 53.1, 1, { shed: 2, failed: 1 }),
  level(4, 190, 21, 1, {
    inside: { elu: 0.996, cpuCores: 0.048, lagP99Ms: 54, lagMaxMs: 54.9, busiestThread: 0.994 },
    control: { p50: 1.24, p90: 3, p99: 12.4, max: 13, lost: 0, samples: 90 },
  }),
  level(64, 2191, 70, 1, { probe: { p50: 5, p90: 6, p99: 7.25, max: 8, lost: 3, samples: 80 } }),
]
const diagnosis: Diagnosis = {
  kind: 'loop-blocked',
  cause: 'sync-io',
  blindSpot: 1,
  lessons: ['outbound-http', 'database'],
  summary: 'the loop waits',
}
function exam(over: Partial<Examination> = {}, d: Partial<Diagnosis> = {}): Examination {
  return {
    method: 'GET',
    url: 'http://127.0.0.1:3000/http/blocking?delayMs=50&x=<b>',
    probeUrl: 'http://127.0.0.1:3000/health',
    insideView: true,
    insideSeries: ['process_cpu_seconds_total', 'nodejs_eventloop_utilization_ratio'],
    measurements: run(levels, null),
    diagnosis: { ...diagnosis, ...d },
    seconds: 41.6,
    conditions: { date: '2026-12-04T14:13:47.833Z', node: 'v24.22.3', cores: 2, cpuModel: 'Xeon', levelSec: 2 },
    ...over,
  }
}

describe('the doctor’s report', () => {
  it('the text: where, on what, the sweep row by row, the verdict and its lessons', () => {
    const lines = toText(exam()).split('\n')
    expect(lines[0]).toBe(
      'doctor: GET http://127.0.0.1:3000/http/blocking?delayMs=50&x=<b> (probe http://127.0.0.1:3000/health; control: a server of the doctor’s own beside it, probed alike: its wait is the machine’s; inside view from /metrics: yes (process_cpu_seconds_total, nodejs_eventloop_utilization_ratio); 42 s)',
    )
    const remote = exam({ measurements: run(levels.map((l) => ({ ...l, control: null }))) })
    expect(toText(remote).split('\n')[0]).toContain('; control: none (the target is on another machine);')
    const older = exam({ measurements: run(levels.map(({ control: _, ...l }) => l)) })
    expect(toText(older).split('\n')[0]).toContain('; control: none (a JSON from before the doctor had one);')
    expect(lines[1]).toBe('2026-12-04 14:13 UTC, 2 × Xeon, Node v24.22.3, 2 s a level')
    expect(lines[2]).toMatch(
      /^connections {2,}2xx req\/s {2,}p50 ms {2,}p99 ms {2,}503 {2,}failed {2,}probe p50 \/ p99 ms {2,}control p50 \/ p99 ms {2,}loop util {2,}CPU cores {2,}busiest thread {2,}loop delay max ms$/,
    )
    // Below 10 with one decimal, from 10 rounded with thousands separated; '–' where nothing was read.
    expect(lines[3]!.trim().split(/\s{2,}/)).toEqual([
      '1',
      '19',
      '53',
      '64',
      '2',
      '1',
      '1.0 / 1.0',
      '–',
      '–',
      '–',
      '–',
      '–',
    ])
    expect(lines[4]!.trim().split(/\s{2,}/)).toEqual([
      '4',
      '190',
      '21',
      '25',
      '0',
      '0',
      '1.0 / 1.0',
      '1.2 / 12',
      '100%',
      '0.05',
      '99%',
      '55',
    ])
    expect(lines[5]!.trim().split(/\s{2,}/)).toEqual([
      '64',
      '2,191',
      '70',
      '84',
      '0',
      '0',
      '5.0 / 7.3 (3 lost)',
      '–',
      '–',
      '–',
      '–',
      '–',
    ])
    // Columns line up: the first to the left, the others to the right.
    expect(new Set(lines.slice(2, 6).map((l) => l.length)).size).toBe(1)
    expect(lines[3]!.startsWith('1 ')).toBe(true)
    expect(lines.slice(6)).toEqual([
      'overload: not run (not run in this test)',
      'verdict: THE EVENT LOOP IS BLOCKED in this route (the article’s §2.1: a blocking call in a handler)',
      '  the loop waits.',
      '  See the lessons outbound-http (src/exhibits/scenarios/outbound-http/README.md), database (src/exhibits/scenarios/database/README.md).',
    ])
  })

  it('the overload step, when it ran; a reason when it did not', () => {
    const o = overload({
      offeredRps: 1800,
      okRps: 900.4,
      earlyP50Ms: 5.55,
      lateP50Ms: 1234,
      okP99Ms: 40,
      shedShare: 0.125,
      failedShare: 0.5,
    })
    expect(toText(exam({ measurements: run(levels, o) }))).toContain(
      'overload: 1,800 req/s offered for the open step: 2xx 900 req/s, p50 5.5 ms in its first third → 1,234 ms in its last, p99 40 ms, 503 13%, failed 50%',
    )
    // The step's inside view, where it was read, after its figures.
    const inside = { elu: 0.994, cpuCores: 0.781, lagP99Ms: null, lagMaxMs: null, busiestThread: 0.99 }
    expect(toText(exam({ measurements: run(levels, { ...o, inside, machineBusy: 0.91 }) }))).toContain(
      'failed 50%; the process 0.78 cores, loop 99% busy, busiest thread 99%, machine 91% busy\n',
    )
    const skipped = { ...run(levels, null), overloadSkipped: null }
    expect(toText(exam({ measurements: skipped }))).toContain('overload: not run (no reason given)')
  })

  it('the title: by kind, the CPU’s where the plateau is the CPU’s, the kind itself when unknown to it', () => {
    const verdict = (d: Partial<Diagnosis>) =>
      toText(exam({}, { blindSpot: null, lessons: [], ...d }))
        .split('\n')
        .find((l) => l.startsWith('verdict:'))
    expect(verdict({ kind: 'unbounded-queue', cause: 'cpu' })).toBe(
      'verdict: THE CPU IS THE LIMIT, and the excess queues without a bound',
    )
    expect(verdict({ kind: 'pool-limited', cause: 'cpu' })).toBe('verdict: THE CPU IS THE LIMIT, behind a bounded wait')
    expect(verdict({ kind: 'healthy', cause: 'cpu' })).toBe(
      'verdict: HEALTHY: the CPU is the limit, and the excess is refused',
    )
    expect(verdict({ kind: 'pool-limited', cause: 'pool' })).toBe('verdict: LIMITED BY A POOL (or the cores)')
    expect(verdict({ kind: 'loop-blocked', cause: 'cpu' })).toBe('verdict: THE EVENT LOOP IS BLOCKED in this route')
    // Held, by what no CPU time tells: both of the article's sections, not the first alone.
    expect(verdict({ kind: 'loop-blocked', cause: null, blindSpot: 1 })).toBe(
      'verdict: THE EVENT LOOP IS BLOCKED in this route (the article’s §2.1 or §3.1: a blocking call or CPU work in a handler)',
    )
    expect(verdict({ kind: 'loop-blocked', cause: 'cpu', blindSpot: 6 })).toContain(
      '§3.1 and §2.4: CPU work on the event loop',
    )
    expect(verdict({ kind: 'serialised', cause: null })).toBe('verdict: SERIALISED: requests run one at a time')
    expect(verdict({ kind: 'unknown', cause: null })).toBe('verdict: UNKNOWN shape')
    expect(verdict({ kind: 'healthy', cause: null })).toBe('verdict: HEALTHY at this load')
    expect(verdict({ kind: 'unbounded-queue', cause: null })).toBe('verdict: AN UNBOUNDED QUEUE under overload')
    expect(verdict({ kind: 'cpu-saturated', cause: 'cpu' })).toBe(
      'verdict: THE CPU IS THE LIMIT: no blind spot, requests wait their turn beyond it',
    )
    expect(verdict({ kind: 'sequential-awaits', cause: null, blindSpot: 7 })).toBe(
      'verdict: CALLS AWAITED ONE AFTER ANOTHER: latency, not capacity (the article’s §2.2: independent calls awaited in turn)',
    )
    expect(verdict({ kind: 'something-new' as Diagnosis['kind'], cause: null })).toBe('verdict: something-new')
    const spot = (blindSpot: number) => toText(exam({}, { blindSpot })).split('\n').at(-3)
    expect(spot(2)).toContain('(the article’s §2.3 and §4.1: access that serialises, or a pool too small for the load)')
    expect(spot(6)).toContain(
      '(the article’s §3.1 and §2.4: CPU work on the event loop, or work queued without a bound)',
    )
  })

  it('one lesson, or none; the inside view when it was not there, or its series not recorded', () => {
    expect(
      toText(exam({}, { lessons: ['hooks'] }))
        .split('\n')
        .at(-1),
    ).toBe('  See the lesson hooks (src/exhibits/scenarios/hooks/README.md).')
    expect(
      toText(exam({}, { lessons: [] }))
        .split('\n')
        .at(-1),
    ).toBe('  the loop waits.')
    expect(toText(exam({ insideView: false })).split('\n')[0]).toContain('inside view from /metrics: no;')
    expect(toText(exam({ insideSeries: [] })).split('\n')[0]).toContain(
      'inside view from /metrics: yes (series not recorded);',
    )
  })

  it('the page: the same findings, escaped, with the sweep charted and tabled', () => {
    const html = toHtml(exam({ measurements: run(levels, overload({ offeredRps: 1800 })) }))
    expect(html).toContain('<title>doctor: http://127.0.0.1:3000/http/blocking?delayMs=50&amp;x=&lt;b&gt;</title>')
    expect(html).not.toContain('x=<b>')
    expect(html).toContain('<h2>THE EVENT LOOP IS BLOCKED in this route</h2>')
    expect(html).toContain(
      '<p>the loop waits. See the lessons outbound-http (src/exhibits/scenarios/outbound-http/README.md), database (src/exhibits/scenarios/database/README.md).</p>',
    )
    expect(html).toContain('2026-12-04T14:13:47.833Z, 2 × Xeon, Node v24.22.3, 2 s a level.')
    expect(html).toContain(
      'inside view from /metrics: yes (process_cpu_seconds_total, nodejs_eventloop_utilization_ratio); 42 s;',
    )
    expect(html.match(/<svg/g)?.length).toBeGreaterThanOrEqual(1)
    for (const label of ['route: 2xx req/s', 'route: p50 ms', 'probe (/health): p99 ms']) expect(html).toContain(label)
    expect(html.match(/<tr>/g)).toHaveLength(1 + levels.length)
    expect(html).toContain('<td>5.0 / 7.3 (3 lost)</td>')
    expect(html).toContain('<p>overload: 1,800 req/s offered for the open step')
    expect(toHtml(exam({}, { lessons: [] }))).toContain('<p>the loop waits.</p>')
  })
})

describe('the machine’s busy share, from /proc/stat', () => {
  const stat = (user: number, idle: number, iowait: number) =>
    `cpu  ${user} 0 10 ${idle} ${iowait} 0 0 0 0 0\ncpu0 1 2 3 4 5 6 7 8 9 10\nintr 1 2 3\n`

  it('busy over total, iowait counted as idle, between two readings', () => {
    expect(cpuTimesOf(stat(100, 800, 90))).toEqual({ busy: 110, total: 1000, idle: 890, steal: 0 })
    expect(busyShare(cpuTimesOf(stat(100, 800, 90)), cpuTimesOf(stat(400, 900, 90)))).toBeCloseTo(300 / 400)
    // The eighth field is the time the host stole: busy to this machine, and read apart.
    expect(cpuTimesOf('cpu  100 0 10 800 90 0 0 25 0 0\n')).toEqual({ busy: 135, total: 1025, idle: 890, steal: 25 })
  })

  it('the aggregate line only, whatever its spacing, from four fields up', () => {
    expect(cpuTimesOf('cpu0 9 9 9 9\ncpu  100  0 10   800 90\n')).toEqual({
      busy: 110,
      total: 1000,
      idle: 890,
      steal: 0,
    })
    expect(cpuTimesOf('cpu  1 2 3 4\n')).toEqual({ busy: 6, total: 10, idle: 4, steal: 0 })
    const now = readCpuTimes()
    if (process.platform === 'linux') expect(now).not.toBeNull()
    expect(now).toSatisfy((t: CpuTimes | null) => t === null || (t.busy >= 0 && t.total > t.busy))
  })

  it('nothing read, nothing elapsed or a counter gone back: null, never a share', () => {
    const huge = '9'.repeat(400)
    for (const text of [
      '',
      'cpu0 1 2 3 4\n',
      'cpu  1 2 3\n',
      'cpu  1 2 x 4 5\n',
      'cpu  1 2 3 4 x\n',
      `cpu  1 2 3 ${huge}\n`,
    ])
      expect(cpuTimesOf(text)).toBeNull()
    const t = cpuTimesOf(stat(100, 800, 90))
    expect(busyShare(null, t)).toBeNull()
    expect(busyShare(t, null)).toBeNull()
    expect(busyShare(t, t)).toBeNull()
    expect(busyShare(t, cpuTimesOf(stat(90, 800, 90)))).toBeNull()
  })
})
