/**
 * The README's claims name their proofs. Its Reliability table and its "What the tests prove"
 * table name a test file and a test per row, and that test must exist under that name, so neither
 * can drift from the suite. Every claim in the prose that says it is tested carries a tag (`[P3]`)
 * with a row in the second table, every row is tagged, and no untagged "(tested)" is left. Its
 * bench tables are the ones `npm run docs` writes from bench/results/example.json.
 * A row that names a scenario's test counts while the scenario is in the registry: deleting a
 * scenario (its folder and its registry line) takes its proofs with it, and its rows become
 * documentation to delete, not a failure of the rest.
 */
import { access, readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'

const root = new URL('../', import.meta.url)
const exists = (file: string) =>
  access(new URL(file, root)).then(
    () => true,
    () => false,
  )
const readme = await readFile(new URL('README.md', root), 'utf8')

function section(title: string): string {
  const start = readme.indexOf(`## ${title}`)
  expect(start, title).toBeGreaterThanOrEqual(0)
  const end = readme.indexOf('\n## ', start + 1)
  return readme.slice(start, end === -1 ? undefined : end)
}

/** A test title as written: a string literal, or a template literal (of `it` or `it.skipIf(…)`) whose `${…}` parts match anything. */
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
    const room = /^src\/scenarios\/[\w-]+\//.exec(file)?.[0]
    if (room && !(await exists(room))) continue
    const source = await readFile(new URL(file, root), 'utf8')
    expect(declares(source, name), `${file} › ${name}`).toBe(true)
  }
}

const proofCell = /`((?:test|src)\/[\w/.-]+\.test\.ts)` › (.+?) \|$/

describe('README', () => {
  it('every test the Reliability table names exists, in the file it names', async () => {
    const rows = [...section('Reliability').matchAll(new RegExp(`^\\|.*\\| ${proofCell.source}`, 'gm'))].map(
      ([, file, name]) => ({ file: file!, name: name! }),
    )
    expect(rows.length).toBeGreaterThanOrEqual(10)
    await expectProofsExist(rows)
  })

  it('every tested claim in the prose is tagged, every tag has a row, every row a tag and an existing test', async () => {
    const table = section('What the tests prove')
    const rows = [...table.matchAll(new RegExp(`^\\| (P\\d+) \\|.*\\| ${proofCell.source}`, 'gm'))].map(
      ([, id, file, name]) => ({ id: id!, file: file!, name: name! }),
    )
    expect(rows.length).toBeGreaterThanOrEqual(10)
    const prose = readme.replace(table, '')
    const tags = new Set([...prose.matchAll(/\[(P\d+)\]\(#what-the-tests-prove\)/g)].map(([, id]) => id!))
    expect([...tags].sort()).toEqual(rows.map((r) => r.id).sort())
    expect(prose.match(/\(tested[^,:)]*\)|the tests prove it|\(tested\)/g) ?? []).toEqual([])
    await expectProofsExist(rows)
  })
})

describe('README bench tables', () => {
  it('are what npm run docs writes from the committed example results, and so is every figure quoted in the prose', async () => {
    const { documents, fillDocument } = await import('../scripts/docs.js')
    const { handWritten } = await import('../scripts/lesson-docs.js')
    const results = JSON.parse(await readFile(new URL('bench/results/example.json', root), 'utf8')) as Parameters<
      typeof documents
    >[0]
    const doc = (await documents(results)).find((d) => d.path === 'README.md')!
    const { changed, problems } = await fillDocument(doc, results)
    expect(problems, 'blocks without markers or data, figures the results lack').toEqual([])
    expect(changed, 'blocks and figures that differ from bench/results/example.json (run npm run docs)').toEqual([])
    // A throughput or a speed-up in the prose is a generated figure; targets (≥ 20×) are thresholds.
    const typed = handWritten(readme)
      .split('\n')
      .filter((line) => /\d[\d,.]*\s*(?:req\/s|reports\/s)/.test(line))
    expect(typed, 'throughput typed by hand').toEqual([])
  })
})
