/**
 * The dashboards and the alert rules name only series that /metrics serves: a renamed metric, or
 * a panel written against a series that never existed, fails here rather than showing an empty
 * panel or an alert that can never fire. (Whether each query returns data is checked against a
 * live Prometheus in prometheus-live.test.ts.)
 */
import { readdir, readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { useListeningApp } from '../helpers/app.js'
import { request } from 'undici'

const root = new URL('../../', import.meta.url)
const PROMQL_WORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless'])

/** The series a PromQL expression reads: identifiers that are not functions, keywords or labels. */
function seriesNames(expr: string): string[] {
  const bare = expr
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\b(?:by|without|on|ignoring)\s*\([^)]*\)/g, '')
    .replace(/"[^"]*"/g, '')
  return [...bare.matchAll(/\b([a-zA-Z_:][a-zA-Z0-9_:]*)\b(?!\s*\()/g)]
    .map(([, name]) => name!)
    .filter((name) => !PROMQL_WORDS.has(name) && !/^\d/.test(name) && name.includes('_'))
}

/** Every expression of every dashboard panel, and of every alert rule. */
async function expressions(): Promise<Array<{ where: string; expr: string }>> {
  const found: Array<{ where: string; expr: string }> = []
  const folder = new URL('observability/grafana/dashboards/', root)
  for (const file of await readdir(folder)) {
    const dashboard = JSON.parse(await readFile(new URL(file, folder), 'utf8')) as {
      panels: Array<{ title: string; targets?: Array<{ expr: string }> }>
    }
    for (const panel of dashboard.panels)
      for (const target of panel.targets ?? []) found.push({ where: `${file} › ${panel.title}`, expr: target.expr })
  }
  const rules = parse(await readFile(new URL('observability/prometheus/alerts.yml', root), 'utf8')) as {
    groups: Array<{ rules: Array<{ alert: string; expr: string }> }>
  }
  for (const rule of rules.groups.flatMap((g) => g.rules)) found.push({ where: `alert ${rule.alert}`, expr: rule.expr })
  return found
}

describe('dashboards and alerts', () => {
  const server = useListeningApp()

  it('reads the series names out of PromQL, not its functions, keywords or labels', () => {
    expect(
      seriesNames(
        'histogram_quantile(0.99, sum by (route, le) (rate(http_request_duration_seconds_bucket{route!="x"}[5m]))) > 1',
      ),
    ).toEqual(['http_request_duration_seconds_bucket'])
    expect(
      seriesNames('a_total{s="b"} / ignoring(state) b_max and on (job) max_over_time(c_seconds[1m]) > 0.1'),
    ).toEqual(['a_total', 'b_max', 'c_seconds'])
  })

  it('name only series /metrics serves', async () => {
    const text = await (
      await request(`${server.url}/metrics`, { headersTimeout: 10_000, bodyTimeout: 10_000 })
    ).body.text()
    const served = new Set(
      [...text.matchAll(/^# TYPE (\S+) (\w+)$/gm)].flatMap(([, name, type]) =>
        type === 'histogram'
          ? [`${name}_bucket`, `${name}_sum`, `${name}_count`]
          : type === 'summary'
            ? [name, `${name}_sum`, `${name}_count`]
            : [name],
      ),
    )
    const all = await expressions()
    expect(all.length).toBeGreaterThanOrEqual(20)
    const unknown = all.flatMap(({ where, expr }) =>
      seriesNames(expr)
        .filter((name) => !served.has(name))
        .map((name) => `${where}: ${name}`),
    )
    expect(unknown).toEqual([])
  })
})
