/**
 * Every scenario carries its lesson (src/exhibits/scenarios/<name>/README.md) in six parts, in order; its
 * figures are the ones `npm run docs` writes from bench/results/example.json, none typed by hand;
 * its production section names series that /metrics really serves; its exercise is the folder's
 * exercise.ts, checked by `npm run verify`.
 */
import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import type { BenchResults } from '../../bench/results-format.js'
import { buildApp } from '../../src/app.js'
import { scenarios } from '../../src/exhibits/scenarios/index.js'
import { documents, fillDocument } from '../../scripts/docs.js'
import { handWritten } from '../../scripts/lesson-docs.js'
import { testConfig } from '../helpers/app.js'

const PARTS = ['1. Symptom', '2. Mechanism', '3. The diff', '4. Measured', '5. Detect it in production', '6. Exercise']
const root = new URL('../../', import.meta.url)
const lessonOf = (name: string) => readFile(new URL(`src/exhibits/scenarios/${name}/README.md`, root), 'utf8')

/** The text of `## <part>` up to the next `## `. */
function part(lesson: string, title: string): string {
  const start = lesson.indexOf(`\n## ${title}\n`)
  const end = lesson.indexOf('\n## ', start + 1)
  return lesson.slice(start, end === -1 ? undefined : end)
}

describe('the lessons', () => {
  it('every scenario has one, in six parts, in order', async () => {
    for (const s of scenarios) {
      const headings = [...(await lessonOf(s.name)).matchAll(/^## (.+)$/gm)].map((m) => m[1])
      expect(headings, s.name).toEqual(PARTS)
    }
  })

  it('every figure in them is what npm run docs writes from the example results, and none is typed by hand', async () => {
    const results = JSON.parse(await readFile(new URL('bench/results/example.json', root), 'utf8')) as BenchResults
    const lessons = (await documents(results)).filter((d) => d.scenario !== null)
    expect(lessons.map((d) => d.scenario)).toEqual(scenarios.map((s) => s.name))
    for (const doc of lessons) {
      const { changed, problems } = await fillDocument(doc, results)
      expect(problems, doc.path).toEqual([])
      expect(changed, `${doc.path} differs from the example results (run npm run docs)`).toEqual([])
      const lesson = await readFile(new URL(doc.path, root), 'utf8')
      // A throughput or a speed-up in the prose must be a generated figure.
      expect(
        handWritten(lesson).match(/\d[\d,.]*\s*(?:req\/s|reports\/s)|\d×/g),
        `${doc.path}: typed figures`,
      ).toBeNull()
      expect(part(lesson, '4. Measured'), doc.path).toMatch(/<!-- fig:/)
    }
  })

  it('each names series /metrics serves, and each series it names is served', async () => {
    const app = await buildApp(testConfig())
    try {
      await app.inject('/health')
      const scrape = (await app.inject('/metrics')).body
      for (const s of scenarios) {
        const named =
          part(await lessonOf(s.name), '5. Detect it in production').match(
            /\b(?:nodejs|process|http|blindspots)_[a-z0-9_]+/g,
          ) ?? []
        expect(named.length, `${s.name}: no series named`).toBeGreaterThan(0)
        // Served: a sample, or its HELP line (a series with no sample yet, e.g. no job completed).
        for (const series of new Set(named))
          expect(scrape.includes(`\n${series}`) || scrape.includes(`# HELP ${series} `), `${s.name}: ${series}`).toBe(
            true,
          )
      }
    } finally {
      await app.close()
    }
  })

  it('each exercise part links the exercise and says how to verify it', async () => {
    for (const s of scenarios) {
      const exercise = part(await lessonOf(s.name), '6. Exercise')
      expect(exercise, s.name).toContain('(exercise.ts)')
      expect(exercise, s.name).toContain(`npm run verify -- ${s.name}`)
    }
  })
})
