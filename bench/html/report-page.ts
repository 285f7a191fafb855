/**
 * bench/results/latest.html: the run as one offline page a workshop can project or print. The
 * conditions first, then per scenario its variants' req/s (bars on a log axis, whiskers where the
 * run measured a spread), latency, event-loop stall and memory, and its targets met or missed with
 * their figures; then the volume study as a chart of time against rows.
 */
import type { BenchResults, BenchRow, TargetCheck } from '../results-format.js'
import { workloads } from '../workloads.js'
import { describeNoise } from '../machine-noise.js'
import { OUTCOME_MARK, outcomeCounts, workerCounts } from '../report.js'
import { PATTERNS, barChart, escapeXml, lineChart, type Series } from './svg.js'

export const STYLE = `
body { font: 15px/1.45 system-ui, sans-serif; color: #222; max-width: 980px; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { margin-top: 2em; border-bottom: 1px solid #ccc; }
.conditions { color: #444; } .conditions dt { font-weight: 600; float: left; clear: left; width: 11em; } .conditions dd { margin-left: 11.5em; }
table { border-collapse: collapse; margin: 0.6em 0; font-variant-numeric: tabular-nums; }
th, td { border-bottom: 1px solid #ddd; padding: 3px 10px; text-align: right; } th:first-child, td:first-child { text-align: left; }
.chart { width: 100%; max-width: 720px; height: auto; display: block; }
.grid { stroke: #e3e3e3; } .tick, .legend, .value { font-size: 11px; fill: #333; } .label { font-size: 12px; fill: #222; }
.role { fill: #666; font-style: italic; } .axis { font-size: 12px; fill: #444; } .whisker { stroke: #111; stroke-width: 1.5; fill: none; }
.met { color: #1d6b2e; } .missed { color: #a3261b; font-weight: 600; } .undecided { color: #8a5a00; font-weight: 600; } .not-judged { color: #555; }
section { break-inside: avoid; } @media print { body { margin: 0; } h2 { break-before: auto; } }
`

const n = (v: number | null | undefined, digits = 0) =>
  v === null || v === undefined || !Number.isFinite(v)
    ? '–'
    : v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })

function conditions({ meta }: BenchResults): string {
  const items: Array<[string, string]> = [
    ['date', meta.date],
    ['commit', meta.gitCommit],
    ['machine', `${meta.cpuCount} × ${meta.cpuModel}, ${meta.totalMemoryGb} GB, ${meta.platform}`],
    ['Node', meta.node],
    [
      'load',
      `${meta.connections} connections (unless a row says otherwise), ${meta.durationSec} s per variant and round after ${meta.warmupSec} s of warm-up, ${meta.rounds ?? 1} round(s)${meta.roundLimits && meta.roundLimits.maxRounds > (meta.rounds ?? 1) ? `, up to ${meta.roundLimits.maxRounds} for a scenario whose target is undecided` : ''}, variants taking turns${meta.quick ? ' (a quick run: figures are indicative)' : ''}`,
    ],
    ...(meta.noise ? [['this machine’s noise', describeNoise(meta.noise, meta.cpuCount)] as [string, string]] : []),
    ['upstream delay', `${meta.upstreamDelayMs} ms`],
    ['database pool', `${meta.dbPoolSize} connections`],
  ]
  return `<dl class="conditions">${items.map(([k, v]) => `<dt>${k}</dt><dd>${escapeXml(v)}</dd>`).join('')}</dl>`
}

function targetLine(t: TargetCheck): string {
  const outcome = t.outcome ?? (t.met ? 'met' : 'missed')
  const verdict = `<span class="${outcome.replace(' ', '-')}">${OUTCOME_MARK[outcome]} ${outcome}</span>`
  const digits = Math.abs(t.measured) < 10 ? 2 : 1
  const interval = t.rounds > 1 ? ` [${n(t.low, digits)}–${n(t.high, digits)} over ${t.rounds} rounds]` : ''
  const reason = t.reason ? `: ${escapeXml(t.reason)}` : ''
  return `<li>${verdict}: ${escapeXml(t.variant)}, ${escapeXml(t.claim)} ${n(t.measured, digits)}${interval} (target ${t.atMost ? '≤' : '≥'} ${n(t.threshold, 2)})${reason}</li>`
}

function speedup(r: BenchRow): string {
  if (r.speedup === null) return '–'
  const i = r.spread?.speedup
  return i && r.spread.rounds > 1 ? `${n(r.speedup, 1)}× [${n(i.low, 1)}–${n(i.high, 1)}]` : `${n(r.speedup, 1)}×`
}

function scenarioSection(scenario: string, rows: readonly BenchRow[], targets: readonly TargetCheck[]): string {
  const bars = rows.map((r) => ({
    label: r.variant,
    role: r.role,
    value: r.rps,
    ...(r.spread && r.spread.rounds > 1 ? { low: r.spread.rps.min, high: r.spread.rps.max } : {}),
  }))
  const table = rows
    .map(
      (r) =>
        `<tr><td>${escapeXml(r.variant)} <em>(${r.role})</em></td><td>${n(r.rps)}</td><td>${n(r.latencyMs.p50, 1)}</td><td>${n(r.latencyMs.p99, 1)}</td><td>${n(r.errors + r.non2xx)}</td><td>${n(r.eventLoopDelayMs.max, 1)}</td><td>${r.cpuMsPerRequest == null ? '–' : n(r.cpuMsPerRequest, r.cpuMsPerRequest < 0.1 ? 3 : 2)}</td><td>${n(r.rssGrowthMb, 1)}</td><td>${speedup(r)}</td></tr>`,
    )
    .join('\n')
  const own = targets.filter((t) => t.scenario === scenario)
  const w = workloads[scenario]
  const conditions = [
    w?.offeredRps === undefined
      ? null
      : `the same ${n(w.offeredRps)} req/s offered to every variant (open model; req/s counts 2xx replies)`,
    w?.notASpeedup === undefined ? null : `<strong>not a speed-up</strong>: ${escapeXml(w.notASpeedup)}`,
  ].filter(Boolean)
  return `<section id="${escapeXml(scenario)}"><h2>${escapeXml(scenario)}</h2>
${conditions.length > 0 ? `<p>${conditions.join('; ')}.</p>` : ''}
${barChart(bars, 'requests per second')}
<table><thead><tr><th>variant</th><th>req/s</th><th>p50 ms</th><th>p99 ms</th><th>errors + non-2xx</th><th>loop delay max ms</th><th>API CPU ms/req</th><th>RSS growth MB</th><th>vs baseline</th></tr></thead>
<tbody>${table}</tbody></table>
${own.length > 0 ? `<ul>${own.map(targetLine).join('')}</ul>` : ''}</section>`
}

function sweepSection(results: BenchResults): string {
  const sweep = results.sweep
  if (!sweep) return ''
  const scenarios = [...new Set(sweep.rates.map((c) => c.scenario))]
  const curves = scenarios.map((scenario) => {
    const own = sweep.rates.filter((c) => c.scenario === scenario)
    const achieved: Series[] = own.map((c) => ({
      label: c.variant,
      role: c.role,
      points: c.points.map((p) => [p.offeredRps, Math.max(p.achievedRps, 0.1)] as const),
    }))
    const p99: Series[] = own.map((c) => ({
      label: c.variant,
      role: c.role,
      points: c.points.map((p) => [p.offeredRps, Math.max(p.p99Ms, 0.1)] as const),
    }))
    const knees = own
      .map(
        (c) =>
          `${escapeXml(c.variant)}: ${c.kneeRps === null ? 'saturated at the lightest step' : `${n(c.kneeRps)} req/s`}`,
      )
      .join('; ')
    return `<h3>${escapeXml(scenario)}</h3>
${lineChart(achieved, 'offered req/s', 'achieved req/s')}
${lineChart(p99, 'offered req/s', 'p99 ms, corrected')}
<p>Knee (the highest offered rate still achieved to within 10%): ${knees}.</p>`
  })
  const connections =
    sweep.connections.length === 0
      ? ''
      : `<h3>connections (closed model): ${escapeXml(sweep.connections[0]!.scenario)}</h3>
${lineChart(
  sweep.connections.map((c) => ({
    label: c.variant,
    role: c.role,
    points: c.points.map((p) => [p.connections, Math.max(p.rps, 0.1)] as const),
  })),
  'connections',
  'req/s',
)}
${lineChart(
  sweep.connections.map((c) => ({
    label: c.variant,
    role: c.role,
    points: c.points.map((p) => [p.connections, Math.max(p.p99Ms, 0.1)] as const),
  })),
  'connections',
  'p99 ms',
)}`
  return `<section id="sweep"><h2>load curves: fixed offered rates, ${sweep.stepSec} s a step</h2>
<p>Open model: requests leave on a schedule whatever the server does; latency is ${escapeXml(sweep.coordinatedOmission)}.</p>
${curves.join('\n')}
${connections}</section>`
}

/** The report queue: the backlog over time, unbounded and at its bound, and the worker scaling. */
function queueSection(results: BenchResults): string {
  const { queueDrain: drain, queueStudy: study } = results
  // Results from before the backlog was sampled have no chart to draw.
  if (!drain?.backlog) return ''
  const seconds = (samples: ReadonlyArray<readonly [number, number]>) =>
    samples.map(([ms, jobs]) => [ms / 1000, jobs] as const)
  const series: Series[] = [
    {
      label: `offloaded row: ${n(drain.jobs)} jobs in ${n(drain.loadSec, 1)} s, under a bound it did not reach`,
      role: 'naive',
      points: seconds(drain.backlog.samples),
    },
    ...(study
      ? [
          {
            label: `REPORT_MAX_BACKLOG=${n(study.admission.maxBacklog)}: ${n(study.admission.offeredRps)} req/s for ${study.admission.durationSec} s`,
            role: 'optimized' as const,
            points: seconds(study.admission.drain.backlog.samples),
          },
        ]
      : []),
  ]
  const scaleOut = study
    ? `<h3>the same ${n(study.scaleOut[0]?.jobs)} jobs, ${workerCounts(study)} worker processes (${study.cores} cores)</h3>
<table><thead><tr><th>worker processes</th><th>reports/s</th><th>drain s</th><th>cores busy</th></tr></thead>
<tbody>${study.scaleOut.map((p) => `<tr><td>${p.workers}</td><td>${n(p.jobsPerSec, 1)}</td><td>${n(p.drainMs / 1000, 1)}</td><td>${n(p.cpuBusyPct)}%</td></tr>`).join('')}</tbody></table>
<p>Admission: ${n(study.admission.accepted)} accepted, ${n(study.admission.refused)} refused with 503 + Retry-After, acceptance p99 ${n(study.admission.acceptanceMs.p99, 1)} ms, ${study.admission.lost} lost.</p>`
    : ''
  return `<section id="queue"><h2>report queue: the backlog, with and without reaching a bound</h2>
<p>Unfinished jobs while the load runs and the workers drain it. A queue moves work off the request path; the workers (${drain.workers} process here, ${n(drain.jobsPerSec, 1)} reports/s) set how fast it leaves. Enqueue → completed p99: ${n(drain.endToEndMs.p99 / 1000, 1)} s.</p>
${lineChart(series, 'seconds since the load began', 'unfinished jobs', 'linear')}
${scaleOut}</section>`
}

function volumeSection(results: BenchResults): string {
  if (!results.volume) return ''
  const series: Series[] = results.volume.techniques.map((t) => ({
    label: t.technique,
    role: t.role,
    points: t.cells.map((c) => [c.rows, c.lastByteMs] as const),
  }))
  return `<section id="volume"><h2>volume: time to the last byte against rows</h2>
${lineChart(series, 'rows', 'ms to the last byte')}
<ul>${results.volume.checks.map(targetLine).join('')}</ul></section>`
}

export function toHtml(results: BenchResults): string {
  const scenarios = [...new Set(results.rows.map((r) => r.scenario))]
  const counts = outcomeCounts(results.targets)
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>blindspots bench, ${escapeXml(results.meta.date)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style></head>
<body>${PATTERNS}
<h1>blindspots: the blind spots, measured</h1>
<p>${scenarios.length} scenarios, ${results.rows.length} rows; targets: ${Object.entries(counts)
    .map(([outcome, count]) => `${count} ${outcome}`)
    .join(', ')}. Naive variants are hatched and labelled; optimised ones solid.</p>
${conditions(results)}
${(results.meta.rounds ?? 1) > 1 ? '<p>Bars: the median of the rounds; whiskers: their range. vs baseline: the speed-up with its 95% interval over paired rounds. A target is met only when its interval’s conservative end clears it.</p>' : ''}
${scenarios
  .map((s) =>
    scenarioSection(
      s,
      results.rows.filter((r) => r.scenario === s),
      results.targets,
    ),
  )
  .join('\n')}
${queueSection(results)}
${sweepSection(results)}
${volumeSection(results)}
</body></html>
`
}
