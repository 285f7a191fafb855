/**
 * `npm run lint:check`: the labelled check of the blind-spot lint rules (lint/plugin.js), like the
 * doctor's. Each variant of the registry (and each exercise, as the variant it starts as) is linted
 * with inline disables ignored, through its own file and the files of its room it imports; the
 * rules that flag it are compared with those its workload declares (`lint.expect`), and the
 * confusion matrix (declared × found) is printed. Exit 1 on any difference. CI runs it.
 */
import { readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { ESLint } from 'eslint'
import type { LintRule } from '../src/exhibits/scenario-kit/workload.js'
import { scenarios } from '../src/exhibits/scenarios/index.js'
import { ECOSYSTEM_RULES, rules } from '../lint/plugin.js'

const root = join(import.meta.dirname, '..')
const RULES: readonly string[] = [...Object.keys(rules).map((name) => `blindspots/${name}`), ...ECOSYSTEM_RULES]

/** The room's files a module imports, itself included, followed through relative imports. */
export function roomFilesOf(file: string, room: string): string[] {
  const seen = new Set<string>()
  const visit = (path: string) => {
    if (seen.has(path) || !path.startsWith(room)) return
    seen.add(path)
    const text = readFileSync(path, 'utf8')
    for (const [, spec] of text.matchAll(/^import (?!type)[^'"]*['"](\.[^'"]+)['"]/gm))
      visit(join(dirname(path), spec!.replace(/\.js$/, '.ts')))
  }
  visit(file)
  return [...seen]
}

/** Each variant's file, from the room's index: `variants: { 'sync-read': syncRead, cached }` and its imports. */
export function variantFiles(indexText: string, roomDir: string): Map<string, string> {
  const imports = new Map<string, string>()
  for (const [, names, spec] of indexText.matchAll(/^import \{([^}]+)\} from '(\.\/[^']+)'/gm))
    for (const name of names!.split(',').map((n) => n.trim()))
      imports.set(name, join(roomDir, spec!.replace(/\.js$/, '.ts')))
  const body = /variants:\s*\{([^}]*)\}/.exec(indexText)?.[1] ?? ''
  const files = new Map<string, string>()
  for (const entry of body
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [key, value] = entry.includes(':') ? entry.split(':').map((s) => s.trim()) : [entry, entry]
    const file = imports.get(value!)
    if (file) files.set(key!.replace(/^'|'$/g, ''), file)
  }
  const exercise = imports.get('exercise')
  if (exercise) files.set('(exercise)', exercise)
  return files
}

const eslint = new ESLint({ cwd: root, allowInlineConfig: false })
const outcomes: Array<{ id: string; declared: readonly string[]; found: readonly string[] }> = []
for (const scenario of scenarios) {
  const roomDir = join(root, 'src/exhibits/scenarios', scenario.name)
  const files = variantFiles(readFileSync(join(roomDir, 'index.ts'), 'utf8'), roomDir)
  const expect = scenario.workload.lint.expect as Readonly<Record<string, readonly LintRule[]>>
  const results = await eslint.lintFiles([`${roomDir}/*.ts`])
  const flagged = new Map(
    results.map((r) => [r.filePath, new Set(r.messages.map((m) => m.ruleId ?? '').filter((id) => RULES.includes(id)))]),
  )
  for (const [variant, file] of files) {
    const declared = [...(variant === '(exercise)' ? expect[scenario.exercise.startsAs] : expect[variant])!].sort()
    const found = [...new Set(roomFilesOf(file, roomDir).flatMap((f) => [...(flagged.get(f) ?? [])]))].sort()
    const id = `${scenario.name}/${variant === '(exercise)' ? `exercise (as ${scenario.exercise.startsAs})` : variant}`
    outcomes.push({ id, declared, found })
    const ok = declared.join() === found.join()
    const label = (list: readonly string[]) => (list.length ? list.join(', ') : 'no rule')
    console.log(
      `${ok ? 'ok     ' : 'WRONG  '} ${id}: declared ${label(declared)}, found ${label(found)}${ok ? '' : ` (${relative(root, file)})`}`,
    )
  }
  if (scenario.workload.lint.why) console.log(`         ${scenario.name}: ${scenario.workload.lint.why}`)
}

// The confusion matrix: a variant counts once per rule it is declared with (or under "none"), in
// the column of each rule found (or "none").
const NONE = '(none)'
const short = (rule: string) => rule.replace(/^blindspots\//, '').replace(/^@typescript-eslint\//, 'ts/')
const kinds = [...RULES, NONE]
const width = Math.max(...kinds.map((k) => short(k).length)) + 2
console.log(`\n${'declared \\ found'.padEnd(width)}${kinds.map((_, i) => String(i + 1).padStart(4)).join('')}`)
for (const [i, declared] of kinds.entries()) {
  const rows = outcomes.filter((o) => (declared === NONE ? o.declared.length === 0 : o.declared.includes(declared)))
  const counts = kinds.map(
    (found) => rows.filter((o) => (found === NONE ? o.found.length === 0 : o.found.includes(found))).length,
  )
  console.log(
    `${`${i + 1}. ${short(declared)}`.padEnd(width + 4)}${counts.map((c) => String(c || '.').padStart(4)).join('')}`,
  )
}
const wrong = outcomes.filter((o) => o.declared.join() !== o.found.join())
console.log(
  `lint:check: ${outcomes.length - wrong.length} of ${outcomes.length} variants flagged as declared${wrong.length ? `; wrong: ${wrong.map((o) => o.id).join(', ')}` : ''}`,
)
process.exitCode = wrong.length === 0 ? 0 : 1
