/**
 * The HTML report, from the committed example results: one offline page (no external URL, no
 * script), a section per scenario with a labelled chart and table, naive told from optimised by
 * label and pattern and not colour alone, every target with its verdict, and the volume chart.
 * (How it looks in a browser: npm run bench:render.)
 */
import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { toHtml } from '../../bench/html/report-page.js'
import { OUTCOME_MARK, toMarkdown } from '../../bench/report.js'
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
        const outcome = target.outcome ?? (target.met ? 'met' : 'missed')
        expect(section).toContain(`${OUTCOME_MARK[outcome]} ${outcome}</span>: ${target.variant}, ${target.claim}`)
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

  it('says what the machine’s noise was, and why a target ended undecided or not judged', () => {
    const noise = { taskMs: [50, 61], spreadPct: 22, stealPct: 0.5, idlePct: 3 }
    const undecided = {
      ...results.targets[0]!,
      outcome: 'undecided' as const,
      met: false,
      reason: 'interval 0.9–1.1 still straddles 1 after 8 rounds',
    }
    const page = toHtml({
      ...results,
      meta: { ...results.meta, noise },
      targets: [undecided, ...results.targets.slice(1)],
    })
    expect(page).toContain(
      'a fixed CPU task took 50–61 ms over 2 timings (spread 22%), 0.5% of the time stolen by the host',
    )
    expect(page).toContain('? undecided</span>')
    expect(page).toContain(': interval 0.9–1.1 still straddles 1 after 8 rounds</li>')
    expect(page).toMatch(/targets: \d+ met, \d+ missed, 1 undecided, \d+ not judged/)
  })
})

describe('the Markdown report', () => {
  it('counts the outcomes, marks each target, and prints the machine’s noise and the CPU per request', () => {
    const noise = { taskMs: [50, 61], spreadPct: 22, stealPct: 0.5, idlePct: 3 }
    const notJudged = { ...results.targets[0]!, outcome: 'not judged' as const, met: false, reason: 'needs 4 cores' }
    const rows = results.rows.map((r, i) => (i === 0 ? { ...r, cpuMsPerRequest: 0.046, cpuPctOfCore: 91 } : r))
    const text = toMarkdown({ ...results, rows, meta: { ...results.meta, noise }, targets: [notJudged] })
    expect(text).toContain("This machine's run-to-run spread, measured before the first scenario: a fixed CPU task")
    expect(text).toContain('0 met, 0 missed, 0 undecided, 1 not judged.')
    expect(text).toMatch(/^- – \*\*not judged\*\* .*: needs 4 cores$/m)
    expect(text).toContain('| 0.046 (91%) |')
  })
})
