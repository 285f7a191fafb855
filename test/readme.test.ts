/**
 * The README's claims name their proofs: every row of its Reliability table names a test file and
 * a test, and that test must exist under that name, so the table cannot drift from the suite.
 * A row that names a scenario's test counts while the scenario is in the registry: deleting a
 * scenario (its folder and its registry line) takes its proofs with it, and its rows become
 * documentation to delete, not a failure of the rest.
 */
import { access, readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'

const root = new URL('../', import.meta.url)
const exists = (file: string) => access(new URL(file, root)).then(() => true, () => false)

describe('README', () => {
  it('every test the Reliability table names exists, in the file it names', async () => {
    const readme = await readFile(new URL('README.md', root), 'utf8')
    const section = readme.slice(readme.indexOf('## Reliability'), readme.indexOf('\n## ', readme.indexOf('## Reliability') + 1))
    const proofs = [...section.matchAll(/^\|.*\| `((?:test|src)\/[\w/.-]+\.test\.ts)` › (.+?) \|$/gm)].map(([, file, name]) => ({ file: file!, name: name! }))
    expect(proofs.length).toBeGreaterThanOrEqual(10)
    for (const { file, name } of proofs) {
      const room = /^src\/scenarios\/[\w-]+\//.exec(file)?.[0]
      if (room && !(await exists(room))) continue
      const source = await readFile(new URL(file, root), 'utf8')
      expect(source.includes(`'${name}'`) || source.includes(`\`${name}\``), `${file} › ${name}`).toBe(true)
    }
  })
})
