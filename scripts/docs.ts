/**
 * `npm run docs [-- --check]`: writes the README's headline table, the tables and figures of the
 * guides in docs/ and every scenario lesson's figures (scripts/lesson-docs.ts) from the committed
 * example run (bench/results/example.json) and the doctor's (bench/results/doctor-example.json),
 * between `<!-- docs:NAME:start -->` and `<!-- docs:NAME:end -->` markers and in inline
 * `<!-- fig:KEY -->` figures, so no figure in them is typed by hand. With --check it writes nothing
 * and exits 1 when a document differs from what the example results give (CI runs it, and so do
 * the README and lesson tests).
 */
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { pathToFileURL } from 'node:url'
import { againstSummary } from '../bench/against.js'
import { byVersionMarkdown, byVersionSummary, type ByVersionResults } from '../bench/by-version.js'
import type { BenchResults, BenchRow } from '../bench/results-format.js'
import { cpuMs } from '../bench/report.js'
import type { Scenario } from '../src/exhibits/scenario-kit/scenario.js'
import { scenarios } from '../src/exhibits/scenarios/index.js'
import type { Examination } from '../bench/doctor/examine.js'
import { toText } from '../bench/doctor/report.js'
import { diffBlock, fillFigures, measuredBlock } from './lesson-docs.js'

const n0 = (v: number) => Math.round(v).toLocaleString('en-US')
const n1 = (v: number) => (v < 10 ? v.toFixed(1) : n0(v))
const times = (v: number) => `${v >= 10 ? n0(v) : v.toFixed(1)}×`

/** The README excerpt: one naive and one fixed row of the scenarios a workshop shows first. */
const EXCERPT: ReadonlyArray<{
  readonly label: string
  readonly scenario: string
  readonly variants: readonly string[]
}> = [
  { label: 'outbound-http (50 conns, 100 ms upstream)', scenario: 'outbound-http', variants: ['blocking', 'pooled'] },
  { label: 'database', scenario: 'database', variants: ['serialised', 'pooled'] },
  { label: 'shared-singleton', scenario: 'shared-singleton', variants: ['locked', 'stateless'] },
  { label: 'file-io', scenario: 'file-io', variants: ['sync-read', 'cached'] },
  {
    label: 'serialization (1,000 rows, 20 conns)',
    scenario: 'serialization',
    variants: ['json-stringify', 'postgres-csv'],
  },
  { label: 'pagination (page 901)', scenario: 'pagination', variants: ['offset', 'keyset'] },
  { label: 'password-hash (4 conns)', scenario: 'password-hash', variants: ['blocking', 'worker-pool'] },
  { label: 'logging (2,000 req/s offered, slow log reader)', scenario: 'logging', variants: ['sync', 'async'] },
  { label: 'hooks', scenario: 'hooks', variants: ['global-sync', 'scoped-cached'] },
  { label: 'reports (150 req/s offered)', scenario: 'reports', variants: ['inline', 'offloaded'] },
]

/** What a row's 2xx is, where a bare variant name would mislead. */
const VARIANT_NOTES: Readonly<Record<string, string>> = {
  'hooks/scoped-cached': 'less work: the check is cached',
  'file-io/cached': 'less work: the parsed file is cached',
  'reports/inline': '2xx: a report built',
  'reports/offloaded': '2xx: a job accepted, not built',
}

function excerptRow(label: string, row: BenchRow): string {
  const note = VARIANT_NOTES[`${row.scenario}/${row.variant}`]
  const problems = row.errors + row.non2xx
  const errors = problems === 0 ? '0' : row.shed503 ? `${n0(problems)} (${n0(row.shed503)} × 503)` : n0(problems)
  const range = row.spread ? ` (${n0(row.spread.rps.min)}–${n0(row.spread.rps.max)})` : ''
  const speedup =
    row.speedup === null
      ? '– (not the same work)'
      : row.spread?.speedup
        ? `${times(row.speedup)} [${times(row.spread.speedup.low)}–${times(row.spread.speedup.high)}]`
        : times(row.speedup)
  const cpu = row.cpuMsPerRequest == null ? '–' : cpuMs(row.cpuMsPerRequest)
  return `| ${label} | ${row.variant}${note ? ` (${note})` : ''} | ${row.role} | ${n0(row.rps)}${range} | ${n1(row.latencyMs.p50)} | ${errors} | ${n1(row.eventLoopDelayMs.max)} | ${cpu} | ${speedup} |`
}

function excerpt(results: BenchResults): string {
  const lines = [
    '| scenario | variant | role | req/s (range) | p50 ms | errors | loop delay max ms | API CPU ms/req | vs baseline [95% interval] |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ]
  for (const { label, scenario, variants } of EXCERPT) {
    for (const variant of variants) {
      const row = results.rows.find((r) => r.scenario === scenario && r.variant === variant)
      if (row && !row.failure) lines.push(excerptRow(label, row))
    }
  }
  return lines.join('\n')
}

/** The article's own figures (FastAPI, its machine): quoted, never measured here. */
const ARTICLE_ROW = '| the article (FastAPI, its own machine) | 80 | – | 1,200 | 8,500 | – | – |'

function volume(results: BenchResults): string | null {
  if (!results.volume) return null
  const lines = [
    '| technique | 100 rows | 1,000 rows | 10,000 rows | 100,000 rows | peak RSS growth at 100,000, MB | % of COPY |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ARTICLE_ROW,
  ]
  for (const t of results.volume.techniques) {
    const cell = (rows: number) => {
      const c = t.cells.find((x) => x.rows === rows)
      return c ? `${n1(c.lastByteMs)} (${n1(c.firstByteMs)})` : '–'
    }
    const rss = t.cells.find((c) => c.rows === 100_000)?.rssGrowthMb ?? null
    const pct = results.volume.pctOfCopy[t.technique]
    lines.push(
      `| ${t.technique.replaceAll('’', "'")} | ${cell(100)} | ${cell(1_000)} | ${cell(10_000)} | ${cell(100_000)} | ${rss === null ? '–' : n0(rss)} | ${pct === undefined ? '–' : `${n0(pct)}%`} |`,
    )
  }
  return lines.join('\n')
}

/** Every generated block, by marker name. */
export function generatedBlocks(results: BenchResults): Record<string, string | null> {
  return { 'bench-excerpt': excerpt(results), volume: volume(results) }
}

/** `text` with each marked block replaced by its generated content; the names of those that changed. */
export function fill(
  text: string,
  blocks: Record<string, string | null>,
): { text: string; changed: string[]; missing: string[] } {
  const changed: string[] = []
  const missing: string[] = []
  for (const [name, content] of Object.entries(blocks)) {
    const start = `<!-- docs:${name}:start -->`
    const end = `<!-- docs:${name}:end -->`
    const from = text.indexOf(start)
    const to = text.indexOf(end)
    if (from === -1 || to === -1 || to < from || content === null) {
      missing.push(name)
      continue
    }
    const next = `${text.slice(0, from + start.length)}\n${content}\n${text.slice(to)}`
    if (next !== text) changed.push(name)
    text = next
  }
  return { text, changed, missing }
}

/**
 * Where a variant's code lives, read from the scenario's index.ts as text (the registry is the only
 * door into a scenario folder; the docs read files, they do not import them): the variants object
 * names an import, and the import names the file.
 */
async function variantFile(scenario: Scenario, variant: string): Promise<URL> {
  const folder = new URL(`../src/exhibits/scenarios/${scenario.name}/`, import.meta.url)
  const index = await readFile(new URL('index.ts', folder), 'utf8')
  const entries = /variants: \{([^}]*)\}/.exec(index)?.[1] ?? ''
  const entry = entries
    .split(',')
    .map((e) => e.trim().split(/\s*:\s*/))
    .find(([name]) => name?.replace(/'/g, '') === variant)
  const ident = entry?.[1] ?? entry?.[0]
  const file = ident && new RegExp(`import \\{ ${ident} \\} from '\\./([\\w-]+)\\.js'`).exec(index)?.[1]
  if (!file) throw new Error(`${scenario.name}/index.ts: no import for the variant ${variant}`)
  return new URL(`${file}.ts`, folder)
}

export interface Document {
  readonly path: string
  readonly blocks: Record<string, string | null>
  /** The scenario whose rows a figure without one names. */
  readonly scenario: string | null
}

/** The README, the guides in docs/ and every scenario's lesson, with what `npm run docs` writes into them. */
export async function documents(results: BenchResults): Promise<Document[]> {
  const lessons = await Promise.all(
    scenarios.map(async (s) => {
      const files = new Map<string, URL>()
      for (const v of [s.exercise.startsAs, s.exercise.solution]) files.set(v, await variantFile(s, v))
      return {
        path: `src/exhibits/scenarios/${s.name}/README.md`,
        blocks: { measured: measuredBlock(results, s), diff: await diffBlock(s, (v) => files.get(v)!) },
        scenario: s.name,
      }
    }),
  )
  // The doctor's documented example run (npm run doctor, output kept as bench/results/doctor-example.json).
  const doctor = JSON.parse(
    await readFile(new URL('../bench/results/doctor-example.json', import.meta.url), 'utf8').catch(() => 'null'),
  ) as Examination | null
  // The documented run by Node line (npm run bench -- --node 22,24, kept as by-version-example.json).
  const byVersion = JSON.parse(
    await readFile(new URL('../bench/results/by-version-example.json', import.meta.url), 'utf8').catch(() => 'null'),
  ) as ByVersionResults | null
  // The documented run against the code issue 27 measured (npm run bench -- --against 8a4b4ca).
  const against = JSON.parse(
    await readFile(new URL('../bench/results/against-example.json', import.meta.url), 'utf8').catch(() => 'null'),
  ) as ByVersionResults | null
  const blocks = generatedBlocks(results)
  const guideBlocks: Record<string, Record<string, string | null>> = {
    'docs/results.md': {
      volume: blocks.volume ?? null,
      'by-version': byVersion && byVersionMarkdown(byVersion),
      against: against && byVersionMarkdown(against),
    },
    'docs/doctor.md': { 'doctor-example': doctor === null ? null : ['```text', toText(doctor), '```'].join('\n') },
  }
  const guides = (await readdir(new URL('../docs/', import.meta.url)))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`)
  const documents: Document[] = [
    {
      path: 'README.md',
      blocks: {
        'bench-excerpt': blocks['bench-excerpt'] ?? null,
        'by-version':
          byVersion && byVersionSummary(byVersion, 'docs/results.md#does-the-node-version-matter').join('\n'),
        against: against && againstSummary(against, 'docs/results.md#moving-bytes-against-the-code-before').join('\n'),
      },
      scenario: null,
    },
    ...guides.map((path) => ({ path, blocks: guideBlocks[path] ?? {}, scenario: null })),
  ]
  return [...documents, ...lessons]
}

/** A document filled in: its new text and what was wrong with the old one. */
export async function fillDocument(
  doc: Document,
  results: BenchResults,
): Promise<{ text: string; changed: string[]; problems: string[] }> {
  const old = await readFile(doc.path, 'utf8').catch(() => null)
  if (old === null) return { text: '', changed: [], problems: [`${doc.path}: missing`] }
  const blocks = fill(old, doc.blocks)
  const figures = fillFigures(blocks.text, results, doc.scenario)
  const problems = [
    ...blocks.missing.map((name) => `${doc.path}: no markers (or no data in the example results) for ${name}`),
    ...figures.unknown.map((key) => `${doc.path}: no figure ${key} in the example results`),
  ]
  return { text: figures.text, changed: [...blocks.changed, ...figures.changed], problems }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const check = process.argv.includes('--check')
  const results = JSON.parse(await readFile('bench/results/example.json', 'utf8')) as BenchResults
  let failed = false
  for (const doc of await documents(results)) {
    const { text, changed, problems } = await fillDocument(doc, results)
    for (const problem of problems) console.error(`docs: ${problem}`)
    failed ||= problems.length > 0
    if (problems.length > 0 || changed.length === 0) continue
    if (check) {
      console.error(
        `docs: ${doc.path} differs from bench/results/example.json (${changed.join('; ')}); run npm run docs`,
      )
      failed = true
    } else {
      await writeFile(doc.path, text)
      console.log(`docs: ${doc.path}: wrote ${changed.join(', ')}`)
    }
  }
  if (!failed)
    console.log(
      `docs: README, docs/ and ${scenarios.length} lessons ${check ? 'match' : 'written from'} bench/results/example.json`,
    )
  process.exitCode = failed ? 1 : 0
}
