/**
 * The few chart pieces the HTML report needs, as inline SVG strings: no library, no script, so
 * the report opens offline and prints. Naive and optimised are told apart by pattern and label as
 * well as colour (hatched bars, hollow markers), so the charts read in grey too.
 */

export const escapeXml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;')

/** Shared <defs>: the hatch that marks naive variants. Put once in the page. */
export const PATTERNS = `<svg width="0" height="0" aria-hidden="true" style="position:absolute"><defs>
<pattern id="naive-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
<rect width="6" height="6" fill="#f4d6cc"/><line x1="0" y1="0" x2="0" y2="6" stroke="#b5472a" stroke-width="3"/></pattern>
</defs></svg>`

/** Decades 1, 10, 100 … from the one at or below `min` to the one at or above `max`. */
export function logTicks(min: number, max: number): number[] {
  const ticks: number[] = []
  const top = 10 ** Math.ceil(Math.log10(Math.max(max, 1e-3)) - 1e-9)
  for (let t = 10 ** Math.floor(Math.log10(Math.max(min, 1e-3))); t <= top * 1.0001; t *= 10) ticks.push(t)
  return ticks
}

/** About five round steps (1, 2 or 5 × 10^k) from 0 to at least `max`. */
export function linearTicks(max: number): number[] {
  const raw = Math.max(max, 1) / 5
  const magnitude = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((candidate) => candidate >= raw)!
  const ticks: number[] = []
  for (let t = 0; t < max + step; t += step) ticks.push(t)
  return ticks
}

const fmt = (n: number) => (Number.isInteger(n) || n >= 10 ? Math.round(n).toLocaleString('en-US') : n.toPrecision(2))

export interface Bar {
  readonly label: string
  readonly role: 'naive' | 'optimized'
  readonly value: number
  /** An interval around the value (min–max of rounds, or a confidence interval), when known. */
  readonly low?: number
  readonly high?: number
}

/** Horizontal bars on a log axis (req/s spans three orders of magnitude between variants). */
export function barChart(bars: readonly Bar[], axisLabel: string): string {
  const rowHeight = 26
  const left = 230
  const width = 720
  const plot = width - left - 70
  const values = bars.flatMap((b) => [b.value, b.high ?? b.value]).filter((v) => v > 0)
  const ticks = logTicks(Math.min(...values, 1), Math.max(...values, 1))
  const lo = Math.log10(ticks[0]!)
  const hi = Math.log10(Math.max(ticks.at(-1)!, ...values))
  const x = (v: number) => left + (plot * (Math.log10(Math.max(v, ticks[0]!)) - lo)) / (hi - lo || 1)
  const height = bars.length * rowHeight + 46
  const parts = [`<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(axisLabel)}">`]
  for (const t of ticks) {
    parts.push(`<line x1="${x(t)}" y1="8" x2="${x(t)}" y2="${height - 34}" class="grid"/>`)
    parts.push(`<text x="${x(t)}" y="${height - 20}" class="tick" text-anchor="middle">${fmt(t)}</text>`)
  }
  bars.forEach((b, i) => {
    const y = 10 + i * rowHeight
    const fill = b.role === 'naive' ? 'url(#naive-hatch)' : '#2f6f9f'
    parts.push(
      `<text x="${left - 8}" y="${y + 15}" text-anchor="end" class="label">${escapeXml(b.label)} <tspan class="role">(${b.role})</tspan></text>`,
    )
    parts.push(
      `<rect x="${left}" y="${y + 2}" width="${Math.max(1, x(b.value) - left)}" height="${rowHeight - 8}" fill="${fill}" stroke="#333" stroke-width="0.5"/>`,
    )
    if (b.low !== undefined && b.high !== undefined) {
      const ym = y + rowHeight / 2 - 2
      parts.push(
        `<path d="M${x(b.low)} ${ym}H${x(b.high)}M${x(b.low)} ${ym - 5}V${ym + 5}M${x(b.high)} ${ym - 5}V${ym + 5}" class="whisker"/>`,
      )
    }
    parts.push(`<text x="${x(Math.max(b.value, b.high ?? 0)) + 6}" y="${y + 15}" class="value">${fmt(b.value)}</text>`)
  })
  parts.push(
    `<text x="${left + plot / 2}" y="${height - 4}" text-anchor="middle" class="axis">${escapeXml(axisLabel)} (log scale)</text>`,
    '</svg>',
  )
  return parts.join('\n')
}

export interface Series {
  readonly label: string
  readonly role: 'naive' | 'optimized' | 'baseline'
  /** false: the legend shows the label alone (a chart of one route's measures, not of variants). */
  readonly showRole?: boolean
  readonly points: ReadonlyArray<readonly [number, number]>
}

const MARKERS = ['circle', 'square', 'diamond', 'triangle'] as const

function marker(kind: (typeof MARKERS)[number], cx: number, cy: number, hollow: boolean): string {
  const style = hollow ? 'fill="#fff" stroke="currentColor" stroke-width="1.5"' : 'fill="currentColor"'
  if (kind === 'circle') return `<circle cx="${cx}" cy="${cy}" r="4" ${style}/>`
  if (kind === 'square') return `<rect x="${cx - 4}" y="${cy - 4}" width="8" height="8" ${style}/>`
  if (kind === 'diamond')
    return `<path d="M${cx} ${cy - 5}L${cx + 5} ${cy}L${cx} ${cy + 5}L${cx - 5} ${cy}Z" ${style}/>`
  return `<path d="M${cx} ${cy - 5}L${cx + 5} ${cy + 4}L${cx - 5} ${cy + 4}Z" ${style}/>`
}

const COLOURS = ['#2f6f9f', '#b5472a', '#4d8b3a', '#7a4f9a', '#a07a1f', '#444444', '#c0407a']

/**
 * Lines on log-log axes (rows against milliseconds), one marker shape per series, naive hollow and
 * dashed; `linear` for quantities over time (a backlog against seconds), from 0, lines only (one
 * sample every 250 ms would bury them in markers).
 */
export function lineChart(
  series: readonly Series[],
  xLabel: string,
  yLabel: string,
  scale: 'log' | 'linear' = 'log',
): string {
  const width = 720
  const plotHeight = 300
  const height = plotHeight + 50 + series.length * 20
  const [left, right, top, bottom] = [64, 36, 12, height - plotHeight]
  const log = scale === 'log'
  const xs = series.flatMap((s) => s.points.map((p) => p[0]))
  const ys = series.flatMap((s) => s.points.map((p) => p[1])).filter((v) => !log || v > 0)
  const xt = log ? logTicks(Math.min(...xs), Math.max(...xs)) : linearTicks(Math.max(...xs))
  const yt = log ? logTicks(Math.min(...ys), Math.max(...ys)) : linearTicks(Math.max(...ys))
  /** Where `v` falls between the axis' first tick and its end, from 0 to 1. */
  const share = (v: number, ticks: readonly number[], values: readonly number[]) =>
    log
      ? (Math.log10(Math.max(v, ticks[0]!)) - Math.log10(ticks[0]!)) /
        (Math.log10(Math.max(ticks.at(-1)!, ...values)) - Math.log10(ticks[0]!) || 1)
      : v / ticks.at(-1)!
  const sx = (v: number) => left + (width - left - right) * share(v, xt, xs)
  const sy = (v: number) => height - bottom - (height - top - bottom) * share(v, yt, ys)
  const axisNote = log ? ' (log)' : ''
  const parts = [
    `<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(`${yLabel} against ${xLabel}`)}">`,
  ]
  for (const t of xt)
    parts.push(
      `<line x1="${sx(t)}" y1="${top}" x2="${sx(t)}" y2="${height - bottom}" class="grid"/><text x="${sx(t)}" y="${height - bottom + 16}" text-anchor="middle" class="tick">${fmt(t)}</text>`,
    )
  for (const t of yt)
    parts.push(
      `<line x1="${left}" y1="${sy(t)}" x2="${width - right}" y2="${sy(t)}" class="grid"/><text x="${left - 6}" y="${sy(t) + 4}" text-anchor="end" class="tick">${fmt(t)}</text>`,
    )
  series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length]!
    const hollow = s.role !== 'optimized'
    const path = s.points.map(([px, py], j) => `${j === 0 ? 'M' : 'L'}${sx(px)} ${sy(py)}`).join('')
    parts.push(
      `<g style="color:${colour}"><path d="${path}" fill="none" stroke="currentColor" stroke-width="${log ? 1.5 : 2}"${hollow ? ' stroke-dasharray="5 3"' : ''}/>`,
    )
    if (log) for (const [px, py] of s.points) parts.push(marker(MARKERS[i % MARKERS.length]!, sx(px), sy(py), hollow))
    const ly = plotHeight + 58 + i * 20
    const legend = log && s.showRole !== false ? `${s.label} (${s.role})` : s.label
    parts.push(
      `${marker(MARKERS[i % MARKERS.length]!, left + 6, ly - 4, hollow)}<text x="${left + 18}" y="${ly}" class="legend">${escapeXml(legend)}</text></g>`,
    )
  })
  parts.push(
    `<text x="${(left + width - right) / 2}" y="${plotHeight + 34}" text-anchor="middle" class="axis">${escapeXml(xLabel)}${axisNote}</text>`,
  )
  parts.push(
    `<text transform="translate(14 ${(top + height - bottom) / 2}) rotate(-90)" text-anchor="middle" class="axis">${escapeXml(yLabel)}${axisNote}</text>`,
    '</svg>',
  )
  return parts.join('\n')
}
