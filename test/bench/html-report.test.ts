/**
 * The HTML report, from the committed example results: one offline page (no external URL, no
 * script), a section per scenario with a labelled chart and table, naive told from optimised by
 * label and pattern and not colour alone, every target with its verdict, and the volume chart.
 * (How it looks in a browser: npm run bench:render.)
 */
import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { toHtml } from '../../bench/html/report-page.js'
import type { BenchResults } from '../../bench/results-format.js'

const results = JSON.parse(
  await readFile(new URL('../../bench/results/example.json', import.meta.url), 'utf8'),
) as BenchResults
const html = toHtml(results)

describe('the HTML report', () => {
  it('stands alone: no external URL, no script', () => {
    expect(html).not.toMatch(/(?:src|href)="(?:https?:)?\/\//)
    expect(html).not.toMatch(/url\((?!#)/)
    expect(html).not.toMatch(/<script/i)
  })

  it('has a section per scenario, each with a labelled log-axis chart, its rows and its targets', () => {
    const scenarios = [...new Set(results.rows.map((r) => r.scenario))]
    expect(scenarios.length).toBeGreaterThan(5)
    for (const scenario of scenarios) {
      const section = new RegExp(`<section id="${scenario}">([\\s\\S]*?)</section>`).exec(html)?.[1]
      expect(section, scenario).toBeDefined()
      expect(section).toContain('requests per second (log scale)')
      for (const row of results.rows.filter((r) => r.scenario === scenario)) {
        expect(section, `${scenario}/${row.variant}`).toContain(
          `${row.variant} <tspan class="role">(${row.role})</tspan>`,
        )
      }
      for (const target of results.targets.filter((t) => t.scenario === scenario)) {
        expect(section).toContain(`${target.met ? '✓ met' : '✗ missed'}</span>: ${target.variant}, ${target.claim}`)
      }
    }
  })

  it('marks naive variants by pattern as well as colour, and puts the conditions first', () => {
    expect(html).toContain('<pattern id="naive-hatch"')
    const naiveBars = html.match(/fill="url\(#naive-hatch\)"/g)?.length ?? 0
    expect(naiveBars).toBe(results.rows.filter((r) => r.role === 'naive').length)
    expect(html.indexOf('class="conditions"')).toBeLessThan(html.indexOf('<section'))
    expect(html).toContain(results.meta.node)
    expect(html).toContain(results.meta.cpuModel)
  })

  it('charts the volume study with both axes labelled and every technique in the legend', () => {
    const volume = /<section id="volume"[^>]*>([\s\S]*?)<\/section>/.exec(html)?.[1]
    expect(volume).toBeDefined()
    expect(volume).toContain('rows (log)')
    expect(volume).toContain('ms to the last byte (log)')
    for (const t of results.volume!.techniques) expect(volume).toContain(`(${t.role})</text>`)
  })
})
