/**
 * The doctor's findings for a reader: a terminal summary (a table of the sweep, then the verdict
 * with its evidence and the lesson to read) and the same as an HTML page with the sweep charted.
 * The JSON is the Examination itself.
 */
import { STYLE } from '../html/report-page.js'
import { escapeXml, lineChart, PATTERNS } from '../html/svg.js'
import { NO_BLIND_SPOT, type Overload } from './diagnose.js'
import type { Examination } from './examine.js'

const n = (v: number | null | undefined) =>
  v === null || v === undefined ? '–' : v < 10 ? v.toFixed(1) : Math.round(v).toLocaleString('en-US')
export const pct = (v: number | null | undefined) => (v === null || v === undefined ? '–' : `${Math.round(100 * v)}%`)

const KIND_TITLE: Readonly<Record<string, string>> = {
  'loop-blocked': 'THE EVENT LOOP IS BLOCKED in this route',
  serialised: 'SERIALISED: requests run one at a time',
  'pool-limited': 'LIMITED BY A POOL (or the cores)',
  'unbounded-queue': 'AN UNBOUNDED QUEUE under overload',
  'cpu-saturated': 'THE CPU IS THE LIMIT: no blind spot, requests wait their turn beyond it',
  'sequential-awaits': 'CALLS AWAITED ONE AFTER ANOTHER: latency, not capacity',
  healthy: 'HEALTHY at this load',
  unknown: 'UNKNOWN shape',
}

/** Where a plateau is the CPU's, the title says so: the cores are the limit, not a pool. */
const CPU_TITLE: Readonly<Record<string, string>> = {
  'unbounded-queue': 'THE CPU IS THE LIMIT, and the excess queues without a bound',
  'pool-limited': 'THE CPU IS THE LIMIT, behind a bounded wait',
  healthy: 'HEALTHY: the CPU is the limit, and the excess is refused',
}

const title = (exam: Examination) =>
  (exam.diagnosis.cause === 'cpu' ? CPU_TITLE[exam.diagnosis.kind] : undefined) ??
  KIND_TITLE[exam.diagnosis.kind] ??
  exam.diagnosis.kind

const BLIND_SPOT: Readonly<Record<number, string>> = {
  1: 'the article’s §2.1: a blocking call in a handler',
  2: 'the article’s §2.3 and §4.1: access that serialises, or a pool too small for the load',
  6: 'the article’s §3.1 and §2.4: CPU work on the event loop, or work queued without a bound',
  7: 'the article’s §2.2: independent calls awaited in turn',
}

/** The article's blind spot; a loop held by what the doctor could not tell (no CPU time) may be either. */
const blindSpotText = ({ diagnosis: d }: Examination) =>
  d.kind === 'loop-blocked' && d.cause === null
    ? ' (the article’s §2.1 or §3.1: a blocking call or CPU work in a handler)'
    : d.blindSpot
      ? ` (${BLIND_SPOT[d.blindSpot]})`
      : ''

/** What the inside view rested on: the series found, or none (an older JSON has no list). */
/** Whether a control server ran beside the target (control.ts), and what its probe is for. */
const controlText = ({ measurements: { levels } }: Examination) =>
  levels.some((l) => l.control)
    ? 'a server of the doctor’s own beside it, probed alike: its wait is the machine’s'
    : levels.some((l) => l.control === null)
      ? 'none (the target is on another machine)'
      : 'none (a JSON from before the doctor had one)'

const insideText = (exam: Examination) =>
  (exam.insideView ? `yes (${(exam.insideSeries ?? []).join(', ') || 'series not recorded'})` : 'no') +
  (exam.cpuSource === 'proc' ? '; process CPU time from /proc (the processes holding its port)' : '')

/** Where a latency blind spot could hide: said of a route with none found, unless told what one call costs. */
const latencyNote = (exam: Examination) =>
  exam.measurements.expectMs || !NO_BLIND_SPOT.includes(exam.diagnosis.kind)
    ? null
    : 'Calls awaited one after another cost latency, not capacity, and do not show from outside: pass --expect-ms with what one call costs to have the doctor check.'

function rows(exam: Examination): string[][] {
  return exam.measurements.levels.map((l) => [
    String(l.connections),
    n(l.okRps),
    n(l.latencyMs.p50),
    n(l.latencyMs.p99),
    String(l.shed),
    String(l.failed),
    `${n(l.probe.p50)} / ${n(l.probe.p99)}${l.probe.lost ? ` (${l.probe.lost} lost)` : ''}`,
    l.control ? `${n(l.control.p50)} / ${n(l.control.p99)}` : '–',
    pct(l.inside?.elu),
    l.inside?.cpuCores === null || l.inside?.cpuCores === undefined ? '–' : l.inside.cpuCores.toFixed(2),
    pct(l.inside?.busiestThread),
    n(l.inside?.lagMaxMs),
  ])
}

const HEAD = [
  'connections',
  '2xx req/s',
  'p50 ms',
  'p99 ms',
  '503',
  'failed',
  'probe p50 / p99 ms',
  'control p50 / p99 ms',
  'loop util',
  'CPU cores',
  'busiest thread',
  'loop delay max ms',
]

function lessonLine(exam: Examination): string | null {
  const { lessons } = exam.diagnosis
  return lessons.length === 0
    ? null
    : `See the lesson${lessons.length > 1 ? 's' : ''} ${lessons.map((l) => `${l} (src/exhibits/scenarios/${l}/README.md)`).join(', ')}.`
}

/** The step's inside view, where it was read: the same columns as a level's. */
function overloadInside(o: Overload): string {
  const said = [
    typeof o.inside?.cpuCores === 'number' ? `the process ${o.inside.cpuCores.toFixed(2)} cores` : '',
    typeof o.inside?.elu === 'number' ? `loop ${pct(o.inside.elu)} busy` : '',
    typeof o.inside?.busiestThread === 'number' ? `busiest thread ${pct(o.inside.busiestThread)}` : '',
    typeof o.machineBusy === 'number' ? `machine ${pct(o.machineBusy)} busy` : '',
  ].filter(Boolean)
  return said.length === 0 ? '' : `; ${said.join(', ')}`
}

export function toText(exam: Examination): string {
  const table = [HEAD, ...rows(exam)]
  const widths = HEAD.map((_, i) => Math.max(...table.map((r) => r[i]!.length)))
  const lines = [
    `doctor: ${exam.method} ${exam.url} (probe ${exam.probeUrl}; control: ${controlText(exam)}; inside view from /metrics: ${insideText(exam)}; ${Math.round(exam.seconds)} s)`,
    `${exam.conditions.date.slice(0, 16).replace('T', ' ')} UTC, ${exam.conditions.cores} × ${exam.conditions.cpuModel}, Node ${exam.conditions.node}, ${exam.conditions.levelSec} s a level`,
    ...table.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')),
  ]
  const o = exam.measurements.overload
  lines.push(
    o
      ? `overload: ${n(o.offeredRps)} req/s offered for the open step: 2xx ${n(o.okRps)} req/s, p50 ${n(o.earlyP50Ms)} ms in its first third → ${n(o.lateP50Ms)} ms in its last, p99 ${n(o.okP99Ms)} ms, 503 ${pct(o.shedShare)}, failed ${pct(o.failedShare)}${overloadInside(o)}`
      : `overload: not run (${exam.measurements.overloadSkipped ?? 'no reason given'})`,
  )
  const d = exam.diagnosis
  lines.push(`verdict: ${title(exam)}${blindSpotText(exam)}`, `  ${d.summary}.`)
  const lesson = lessonLine(exam)
  if (lesson) lines.push(`  ${lesson}`)
  const note = latencyNote(exam)
  if (note) lines.push(`  ${note}`)
  return lines.join('\n')
}

export function toHtml(exam: Examination): string {
  const levels = exam.measurements.levels
  const chart = lineChart(
    [
      {
        label: 'route: 2xx req/s',
        role: 'optimized',
        showRole: false,
        points: levels.map((l) => [l.connections, Math.max(l.okRps, 0.1)] as const),
      },
      {
        label: 'route: p50 ms',
        role: 'naive',
        showRole: false,
        points: levels.map((l) => [l.connections, Math.max(l.latencyMs.p50, 0.1)] as const),
      },
      {
        label: `probe (${new URL(exam.probeUrl).pathname}): p99 ms`,
        role: 'baseline',
        showRole: false,
        points: levels.map((l) => [l.connections, Math.max(l.probe.p99, 0.1)] as const),
      },
    ],
    'connections',
    'req/s or ms',
  )
  const table = `<table><thead><tr>${HEAD.map((h) => `<th>${escapeXml(h)}</th>`).join('')}</tr></thead><tbody>${rows(
    exam,
  )
    .map((r) => `<tr>${r.map((c) => `<td>${escapeXml(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`
  const lesson = lessonLine(exam)
  const note = latencyNote(exam)
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>doctor: ${escapeXml(exam.url)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style></head>
<body>${PATTERNS}
<h1>doctor: ${escapeXml(exam.method)} ${escapeXml(exam.url)}</h1>
<h2>${escapeXml(title(exam))}</h2>
<p>${escapeXml(exam.diagnosis.summary)}.${lesson ? ` ${escapeXml(lesson)}` : ''}</p>
${note ? `<p>${escapeXml(note)}</p>` : ''}
<p>Probe: ${escapeXml(exam.probeUrl)}; control: ${escapeXml(controlText(exam))}; inside view from /metrics: ${escapeXml(insideText(exam))}; ${Math.round(exam.seconds)} s; ${escapeXml(exam.conditions.date)}, ${exam.conditions.cores} × ${escapeXml(exam.conditions.cpuModel)}, Node ${escapeXml(exam.conditions.node)}, ${exam.conditions.levelSec} s a level.</p>
${chart}
${table}
<p>${escapeXml(
    toText(exam)
      .split('\n')
      .find((l) => l.startsWith('overload')) ?? '',
  )}</p>
</body></html>
`
}
