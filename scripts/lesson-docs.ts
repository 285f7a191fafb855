/**
 * The generated parts of a scenario's lesson (src/exhibits/scenarios/<name>/README.md), for `npm run docs`:
 *  - `measured`: the example run's rows for the scenario, its targets, and the run's conditions;
 *  - `diff`: the naive variant the exercise copies against the model answer, headers left out;
 *  - inline figures in the prose, `<!-- fig:KEY -->value<!-- /fig -->`, where KEY is
 *    `[scenario/]variant.field` (a row's field: rps, latencyMs.p99, eventLoopDelayMs.max, speedup…)
 *    or `results.path` (anything in the results: results.queueDrain.backlog.peak), or
 *    `target:scenario/variant.field` (its first target's measured, threshold…) or
 *    `target:scenario/variant@claim.field` (its first target whose claim starts so), or
 *    `summary.targets` / `summary.targetsMet` / `summary.targets:undecided` (any outcome), or
 *    `micro:rows/method.field` (the serialisation micro-benchmark: micro:100/JSON.stringify.opsPerSec),
 *    `volume:<technique>@<rows>.field`, `page:<variant>.field` or `workers:<n>.field` (the queue
 *    study's scale-out), or `rule:NAME` (a threshold of the doctor's, bench/doctor/diagnose.ts
 *    RULES). The README uses the same inline figures, with the scenario named.
 */
import { readFile } from 'node:fs/promises'
import { structuredPatch } from 'diff'
import type { BenchResults, BenchRow, TargetCheck } from '../bench/results-format.js'
import { cpuMs, outcomeCounts } from '../bench/report.js'
import type { Scenario } from '../src/exhibits/scenario-kit/scenario.js'
import { RULES } from '../bench/doctor/diagnose.js'
import { MAX_OFFERED_RPS } from '../bench/doctor/examine.js'
import { PROBE_EVERY_MS } from '../bench/doctor/probe.js'

const DOCTOR_CONSTANTS = { ...RULES, maxOfferedRps: MAX_OFFERED_RPS, probeEveryMs: PROBE_EVERY_MS }

const n0 = (v: number) => Math.round(v).toLocaleString('en-US')
/** Figures as a reader wants them: 0.4, 7.7, 12, 1,840. */
export const figure = (v: number) => (Math.abs(v) < 10 ? (Math.round(v * 10) / 10).toString() : n0(v))
const times = (v: number) => `${v >= 10 ? n0(v) : v.toFixed(1)}×`

function measuredRow(row: BenchRow, baseline: string): string {
  if (row.failure) return `| ${row.variant} | ${row.role} | run failed: ${row.failure} | | | | | | | |`
  const range = row.spread ? ` (${figure(row.spread.rps.min)}–${figure(row.spread.rps.max)})` : ''
  const problems = row.errors + row.non2xx
  const errors = problems === 0 ? '0' : row.shed503 ? `${n0(problems)} (${n0(row.shed503)} × 503)` : n0(problems)
  const speedup =
    row.speedup === null
      ? '– (not the same work)'
      : row.variant === baseline
        ? '1× (baseline)'
        : row.spread?.speedup
          ? `${times(row.speedup)} [${times(row.spread.speedup.low)}–${times(row.spread.speedup.high)}]`
          : times(row.speedup)
  const counter = row.counter ? `; ${row.counter.name} +${n0(row.counter.added)}` : ''
  const cpu = row.cpuMsPerRequest == null ? '–' : cpuMs(row.cpuMsPerRequest)
  return `| ${row.variant} | ${row.role} | ${figure(row.rps)}${range} | ${figure(row.latencyMs.p50)} | ${figure(row.latencyMs.p99)} | ${errors}${counter} | ${figure(row.eventLoopDelayMs.p99)} / ${figure(row.eventLoopDelayMs.max)} | ${cpu} | ${figure(row.rssGrowthMb)} | ${speedup} |`
}

/** The example run's figures for one scenario, with the conditions they were measured in. */
export function measuredBlock(results: BenchResults, scenario: Scenario): string | null {
  const rows = results.rows.filter((r) => r.scenario === scenario.name)
  if (rows.length === 0) return null
  const { meta } = results
  const baseline = scenario.variants[0]!.name
  const load = rows[0]!.offeredRps
    ? `${n0(rows[0]!.offeredRps)} req/s offered (open model)`
    : `${rows[0]!.connections} connections`
  const duration = Math.max(meta.durationSec, scenario.workload.minDurationSec ?? 0)
  const lines = [
    `Example run \`${meta.gitCommit}\` of ${meta.date.slice(0, 10)} (\`npm run bench\`): ${meta.cpuCount} × ${meta.cpuModel}, ${meta.totalMemoryGb} GB, Node ${meta.node}; ${load}, ${roundsOf(rows, meta.rounds)} rounds × ${duration} s, upstream delay ${scenario.workload.upstreamDelayMs ?? meta.upstreamDelayMs} ms, DB pool ${meta.dbPoolSize}. The figure is the median round, (range) the rounds' spread, [ ] the speed-up's 95% interval.`,
    '',
    '| variant | role | req/s (range) | p50 ms | p99 ms | errors | loop delay p99 / max ms | API CPU ms/req | RSS growth MB | vs baseline |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => measuredRow(r, baseline)),
  ]
  const targets = results.targets.filter((t) => t.scenario === scenario.name)
  if (targets.length > 0) {
    lines.push('', 'What the bench holds this scenario to (bench/README.md), in this run:', '')
    for (const t of targets) {
      const interval = t.rounds > 1 && t.low !== t.high ? ` [${figure(t.low)}–${figure(t.high)}]` : ''
      lines.push(
        `- ${t.variant}: ${t.claim} ${figure(t.measured)}${interval}, target ${t.atMost ? '≤' : '≥'} ${t.threshold}: ${outcomeText(t)}`,
      )
    }
  }
  return lines.join('\n')
}

/** "3", or "3–8" where a scenario's undecided target gave some variants more rounds. */
function roundsOf(rows: readonly BenchRow[], minimum: number): string {
  const counts = rows.map((r) => r.spread?.rounds ?? minimum)
  const [low, high] = [Math.min(minimum, ...counts), Math.max(minimum, ...counts)]
  return low === high ? String(low) : `${low}–${high}`
}

/** met, **missed**, **undecided** (why) or not judged (why); older results carry `met` alone. */
function outcomeText(t: TargetCheck): string {
  const outcome = t.outcome ?? (t.met ? 'met' : 'missed')
  const shown = outcome === 'missed' || outcome === 'undecided' ? `**${outcome}**` : outcome
  return t.reason ? `${shown} (${t.reason})` : shown
}

/** A variant file without its header comment: the code the lesson is about. */
function code(text: string): string {
  return text.replace(/^\/\*\*[\s\S]*?\*\/\n/, '')
}

/** `diff -u` of the naive variant the exercise copies against the model answer. */
export async function diffBlock(scenario: Scenario, fileOf: (variant: string) => URL): Promise<string> {
  const { startsAs, solution } = scenario.exercise
  const [before, after] = await Promise.all([readFile(fileOf(startsAs), 'utf8'), readFile(fileOf(solution), 'utf8')])
  const patch = structuredPatch(`${startsAs}.ts`, `${solution}.ts`, code(before), code(after), '', '', { context: 3 })
  const lines = [`--- ${patch.oldFileName}`, `+++ ${patch.newFileName}`]
  for (const hunk of patch.hunks)
    lines.push(`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`, ...hunk.lines)
  return ['```diff', ...lines, '```'].join('\n')
}

function valueAt(root: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>(
    (v, key) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined),
    root,
  )
}

/** One inline figure's text, or null when the results hold no number there. */
export function figureFor(results: BenchResults, key: string, scenarioName: string | null): string | null {
  if (key.startsWith('micro:')) {
    // The method names hold dots (JSON.stringify): the field is what follows the last one.
    const [rows, method] = key.slice('micro:'.length, key.lastIndexOf('.')).split('/')
    const row = results.serializationMicro.find((m) => m.rows === Number(rows) && m.method === method)
    const value = row ? valueAt(row, [key.slice(key.lastIndexOf('.') + 1)]) : undefined
    return typeof value === 'number' ? figure(value) : null
  }
  // The doctor's thresholds, as its code holds them: the rules table never lags the rules.
  if (key.startsWith('rule:')) {
    const name = key.slice('rule:'.length)
    const value = name in DOCTOR_CONSTANTS ? DOCTOR_CONSTANTS[name as keyof typeof DOCTOR_CONSTANTS] : undefined
    return typeof value === 'number' ? value.toLocaleString('en-US') : null
  }
  const at = (row: object | undefined, field: string) => {
    const value = row ? valueAt(row, field.split('.')) : undefined
    return typeof value === 'number' ? figure(value) : null
  }
  // Rows of the volume study and the queue study, by name rather than by position.
  if (key.startsWith('volume:')) {
    const [technique = '', rest = ''] = [key.slice(7, key.lastIndexOf('@')), key.slice(key.lastIndexOf('@') + 1)]
    const [rows, ...field] = rest.split('.')
    const cells = results.volume?.techniques.find((t) => t.technique.replaceAll('’', "'") === technique)?.cells
    return at(
      cells?.find((c) => c.rows === Number(rows)),
      field.join('.'),
    )
  }
  if (key.startsWith('page:')) {
    const [variant, ...field] = key.slice(5).split('.')
    return at(
      results.volume?.pages.find((p) => p.variant === variant),
      field.join('.'),
    )
  }
  if (key.startsWith('workers:')) {
    const [workers, ...field] = key.slice(8).split('.')
    return at(
      results.queueStudy?.scaleOut.find((p) => p.workers === Number(workers)),
      field.join('.'),
    )
  }
  const [head = '', ...path] = key.split('.')
  let value: unknown
  if (head === 'results') value = valueAt(results, path)
  else if (head === 'summary')
    value = {
      targets: results.targets.length,
      targetsMet: results.targets.filter((t) => t.met).length,
      ...Object.fromEntries(
        Object.entries(outcomeCounts(results.targets)).map(([outcome, n]) => [`targets:${outcome}`, n]),
      ),
    }[path[0] ?? '']
  else if (head.startsWith('target:')) {
    // target:scenario/variant (its first target) or target:scenario/variant@claim (the first whose claim starts so).
    const [name = '', claim] = head.slice('target:'.length).split('@')
    const [scenario, variant] = name.split('/')
    value = valueAt(
      results.targets.find(
        (t) => t.scenario === scenario && t.variant === variant && (!claim || t.claim.startsWith(claim)),
      ),
      path,
    )
  } else {
    const [scenario, variant] = head.includes('/') ? head.split('/') : [scenarioName, head]
    const row = results.rows.find((r) => r.scenario === scenario && r.variant === variant)
    value = row ? valueAt(row, path) : undefined
  }
  if (typeof value !== 'number') return null
  return path.at(-1) === 'speedup' ? times(value) : figure(value)
}

const FIGURE = /<!-- fig:(.+?) -->(.*?)<!-- \/fig -->/g

/** `text` with every inline figure rewritten from the results; the keys that changed or found nothing. */
export function fillFigures(
  text: string,
  results: BenchResults,
  scenarioName: string | null,
): { text: string; changed: string[]; unknown: string[] } {
  const changed: string[] = []
  const unknown: string[] = []
  const filled = text.replace(FIGURE, (whole, key: string, old: string) => {
    const value = figureFor(results, key, scenarioName)
    if (value === null) {
      unknown.push(key)
      return whole
    }
    if (value !== old) changed.push(`${key}: ${old} → ${value}`)
    return `<!-- fig:${key} -->${value}<!-- /fig -->`
  })
  return { text: filled, changed, unknown }
}

/** The text a reader sees, without the generated blocks and figures: where no measured figure may be typed. */
export function handWritten(text: string): string {
  return text.replace(/<!-- docs:([\w-]+):start -->[\s\S]*?<!-- docs:\1:end -->/g, '').replace(FIGURE, '⟨figure⟩')
}
