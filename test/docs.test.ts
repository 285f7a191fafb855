/**
 * The README and the guides in docs/ say only what is true of the project: every test their tables
 * name exists under that name, every claim said to be tested carries a tag (`[P3]`) with a row in
 * docs/proofs.md, every figure is what `npm run docs` writes from the example run, every link
 * reaches a file and a heading, and the article is cited by its own section numbers, the same in
 * the map and in every lesson. A row that names a scenario's test counts while the scenario is in
 * the registry: deleting a scenario takes its proofs with it.
 */
import { access, readdir, readFile } from 'node:fs/promises'
import { dirname, join, normalize } from 'node:path'
import { describe, expect, it } from 'vitest'
import { scenarios } from '../src/exhibits/scenarios/index.js'

const root = new URL('../', import.meta.url)
const exists = (file: string) =>
  access(new URL(file, root)).then(
    () => true,
    () => false,
  )
const read = (file: string) => readFile(new URL(file, root), 'utf8')
/** A path inside a scenario folder that `npm run scenario:remove` took away: its proofs and links go with it. */
const inRemovedRoom = async (path: string) => {
  const room = /^src\/exhibits\/scenarios\/[\w-]+\//.exec(path)?.[0]
  return room !== undefined && !(await exists(room))
}

const guides = (await readdir(new URL('docs/', root))).filter((name) => name.endsWith('.md')).map((n) => `docs/${n}`)
const lessons = scenarios.map((s) => `src/exhibits/scenarios/${s.name}/README.md`)
const readme = await read('README.md')
const proofs = await read('docs/proofs.md')

function section(text: string, title: string): string {
  const start = text.indexOf(`## ${title}`)
  expect(start, title).toBeGreaterThanOrEqual(0)
  const end = text.indexOf('\n## ', start + 1)
  return text.slice(start, end === -1 ? undefined : end)
}

/**
 * A test title as written: a string literal, or a template literal (of `it` or `it.skipIf(…)`) whose `${…}`
 * parts match anything.
 */
function declares(source: string, name: string): boolean {
  if ([`'${name}'`, `"${name}"`, `\`${name}\``].some((literal) => source.includes(literal))) return true
  const templates = [...source.matchAll(/\bit(?:\.\w+\(.*?\))?\(\s*`([^`]*\$\{[^`]*)`/g)].map(([, t]) => t!)
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return templates.some((t) =>
    new RegExp(
      `^${t
        .split(/\$\{[^}]+\}/)
        .map(escape)
        .join('.+')}$`,
    ).test(name),
  )
}

async function expectProofsExist(rows: Array<{ file: string; name: string }>) {
  for (const { file, name } of rows) {
    if (await inRemovedRoom(file)) continue
    const source = await read(file)
    expect(declares(source, name), `${file} › ${name}`).toBe(true)
  }
}

const proofCell = /`((?:test|src)\/[\w/.-]+\.test\.ts)` › (.+?) \|$/

describe('docs/proofs.md', () => {
  it('every test the Reliability table names exists, in the file it names', async () => {
    const rows = [...section(proofs, 'Reliability').matchAll(new RegExp(`^\\|.*\\| ${proofCell.source}`, 'gm'))].map(
      ([, file, name]) => ({ file: file!, name: name! }),
    )
    expect(rows.length).toBeGreaterThanOrEqual(10)
    await expectProofsExist(rows)
  })

  it('every tested claim in the README and the guides is tagged, every tag has a row, every row a tag and an existing test', async () => {
    const table = section(proofs, 'What the tests prove')
    const rows = [...table.matchAll(new RegExp(`^\\| (P\\d+) \\|.*\\| ${proofCell.source}`, 'gm'))].map(
      ([, id, file, name]) => ({ id: id!, file: file!, name: name! }),
    )
    expect(rows.length).toBeGreaterThanOrEqual(10)
    const prose = [readme, ...(await Promise.all(guides.map(read)))].join('\n').replace(table, '')
    const tags = new Set(
      [...prose.matchAll(/\[(P\d+)\]\((?:(?:docs\/)?proofs\.md)?#what-the-tests-prove\)/g)].map(([, id]) => id!),
    )
    expect([...tags].sort()).toEqual(rows.map((r) => r.id).sort())
    expect(prose.match(/\(tested[^,:)]*\)|the tests prove it|\(tested\)/g) ?? []).toEqual([])
    await expectProofsExist(rows)
  })
})

describe('the README and the guides', () => {
  it('the README stays a front door: at most 150 lines, the article named once with its author and date', () => {
    expect(readme.split('\n').length).toBeLessThanOrEqual(150)
    expect(readme).toContain('为什么你的FastAPI接口慢如蜗牛?揭秘异步IO优化的7大盲点')
    expect(readme).toMatch(/张小明, 2026-01-31/)
  })

  it('their tables and figures are what npm run docs writes from the committed example results, none typed by hand', async () => {
    const { documents, fillDocument } = await import('../scripts/docs.js')
    const { handWritten } = await import('../scripts/lesson-docs.js')
    const results = JSON.parse(await read('bench/results/example.json')) as Parameters<typeof documents>[0]
    const docs = (await documents(results)).filter((d) => d.scenario === null)
    expect(docs.map((d) => d.path).sort()).toEqual(['README.md', ...guides].sort())
    for (const doc of docs) {
      const { changed, problems } = await fillDocument(doc, results)
      expect(problems, `${doc.path}: blocks without markers or data, figures the results lack`).toEqual([])
      expect(changed, `${doc.path}: blocks and figures that differ from the example results (npm run docs)`).toEqual([])
      // A throughput or a speed-up in the prose is a generated figure; targets (≥ 20×) are thresholds.
      const typed = handWritten(await read(doc.path))
        .split('\n')
        .filter((line) => /\d[\d,.]*\s*(?:req\/s|reports\/s)/.test(line))
      expect(typed, `${doc.path}: throughput typed by hand`).toEqual([])
    }
  })

  it('every relative link reaches a file, and every #anchor a heading of it', async () => {
    const files = ['README.md', ...guides, ...lessons, 'bench/README.md']
    const broken: string[] = []
    const headings = new Map<string, Set<string>>()
    const slugsOf = async (file: string) => headings.get(file) ?? headings.set(file, slugs(await read(file))).get(file)!
    for (const file of files) {
      const text = (await read(file)).replace(/```[\s\S]*?```/g, '')
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue
        const [path, anchor] = target!.split('#') as [string, string | undefined]
        const linked = path === '' ? file : normalize(join(dirname(file), path))
        if (await inRemovedRoom(linked)) continue
        if (!(await exists(linked))) {
          broken.push(`${file}: ${target} (no ${linked})`)
          continue
        }
        if (anchor && linked.endsWith('.md') && !(await slugsOf(linked)).has(anchor)) {
          broken.push(`${file}: ${target} (no heading #${anchor} in ${linked})`)
        }
      }
    }
    expect(broken).toEqual([])
  })
})

/** GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens. */
function slugs(markdown: string): Set<string> {
  const headings = markdown.replace(/```[\s\S]*?```/g, '').matchAll(/^#{1,6} (.+)$/gm)
  return new Set(
    [...headings].map(([, title]) =>
      title!
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, '')
        .replace(/ /g, '-'),
    ),
  )
}

describe('the lessons and the alert rules', () => {
  it('every lesson names, in its detection part, alerts that alerts.yml defines', async () => {
    const rules = await read('observability/prometheus/alerts.yml')
    const defined = new Set([...rules.matchAll(/^\s*- alert: (\w+)$/gm)].map(([, name]) => name!))
    expect(defined.size).toBeGreaterThanOrEqual(10)
    for (const scenario of scenarios) {
      const lesson = await read(`src/exhibits/scenarios/${scenario.name}/README.md`)
      const detect = lesson.slice(lesson.indexOf('## 5. Detect it in production'), lesson.indexOf('## 6.'))
      const line = /^Alert \(`observability\/prometheus\/alerts\.yml`.*$/m.exec(detect)?.[0]
      expect(line, `${scenario.name}: an Alert line in part 5`).toBeDefined()
      const named = [...line!.matchAll(/`([A-Z]\w+)`/g)].map(([, name]) => name!)
      for (const name of named) expect(defined.has(name), `${scenario.name}: ${name}`).toBe(true)
    }
  })

  it('every lesson names, next to its alerts, the lint rules its workload declares, or says there is none', async () => {
    for (const scenario of scenarios) {
      const lesson = await read(`src/exhibits/scenarios/${scenario.name}/README.md`)
      const detect = lesson.slice(lesson.indexOf('## 5. Detect it in production'), lesson.indexOf('## 6.'))
      const line = /^Lint \(\[the rules\]\(\.\.\/\.\.\/\.\.\/\.\.\/lint\/README\.md\).*$/m.exec(detect)?.[0]
      expect(line, `${scenario.name}: a Lint line in part 5`).toBeDefined()
      const declared = new Set(Object.values(scenario.workload.lint.expect as Record<string, readonly string[]>).flat())
      const named = new Set(
        [...line!.matchAll(/`((?:blindspots|@typescript-eslint)\/[\w-]+)`/g)].map(([, rule]) => rule!),
      )
      expect([...named].sort(), scenario.name).toEqual([...declared].sort())
      if (declared.size === 0) expect(line, scenario.name).toContain('no rule')
    }
  })
})

describe('the article, by its own section numbers', () => {
  const SECTIONS = ['1', '2.1', '2.2', '2.3', '2.4', '2.5', '3.1', '3.2', '3.3', '4.1', '4.2', '4.3', '4.4', '5']
  const cited = (text: string) => new Set([...text.matchAll(/§(\d(?:\.\d)?)/g)].map(([, n]) => n!))

  it('the map covers every section and every scenario; each lesson cites the sections the map gives it', async () => {
    const map = section(await read('docs/workshop.md'), 'The article, mapped to Node')
    const rows = [...map.matchAll(/^\| §(\d(?:\.\d)?) [^|]*\|[^|]*\|[^|]*\| ([^|]+) \|/gm)]
    expect(rows.map(([, n]) => n)).toEqual(SECTIONS)
    const byScenario = new Map<string, Set<string>>()
    for (const [, n, cell] of rows) {
      for (const [, name] of cell!.matchAll(/`([\w-]+)`/g)) {
        byScenario.set(name!, (byScenario.get(name!) ?? new Set()).add(n!))
      }
    }
    for (const scenario of scenarios) {
      const lesson = await read(`src/exhibits/scenarios/${scenario.name}/README.md`)
      const opening = lesson.split('\n\n')[1] ?? ''
      expect(opening, `${scenario.name}: its lesson opens by citing the article`).toMatch(/^The article's §/)
      expect([...cited(opening)].sort(), scenario.name).toEqual([...(byScenario.get(scenario.name) ?? [])].sort())
      expect(lesson, `${scenario.name}: a numbering of its own`).not.toMatch(/[Bb]lind spots? \d/)
      expect(opening.includes('*beyond*'), `${scenario.name}: beyond the article, as the map says`).toBe(
        new RegExp(`\`${scenario.name}\` \\([^)]*\\*beyond\\*`).test(map),
      )
    }
  })
})
