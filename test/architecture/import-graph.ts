/**
 * The project's import graph, read from the source text, and the rules the layout promises:
 *   - no scenario folder imports another (`src/exhibits/scenarios/<a>/` → `src/exhibits/scenarios/<b>/`);
 *   - nothing outside a scenario folder imports into it, except the registry (src/exhibits/scenarios/index.ts);
 *   - the entry points that need no scenario (config.ts, worker.ts) do not reach one, even indirectly;
 *   - no circular imports among the project's modules (type-only imports included: they are
 *     erased at run time, but a cycle of them is still two modules that cannot be read apart).
 * `npm run check:imports` prints the verdict; test/architecture/import-graph.test.ts runs it in the suite.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const SOURCE = /\.(ts|mts|cts|mjs|cjs)$/
const SKIP = new Set(['node_modules', '.data', '.git', 'coverage', 'dist', '.stryker-tmp'])
/**
 * Static imports and re-exports, dynamic imports, `require`, and worker files reached by `new URL(…,
 * import.meta.url)`.
 */
const SPECIFIERS = [
  /\b(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]/g,
  /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g,
  /\bnew URL\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url\s*\)/g,
]

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (SKIP.has(name)) return []
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return SOURCE.test(name) && !name.endsWith('.d.ts') ? [path] : []
  })
}

/** A relative specifier to the project file it names (`./x.js` is `./x.ts` under NodeNext). */
function resolveSpecifier(from: string, specifier: string, files: ReadonlySet<string>): string | undefined {
  if (!specifier.startsWith('.')) return undefined
  const target = resolve(dirname(from), specifier)
  const candidates = [
    target,
    target.replace(/\.js$/, '.ts'),
    target.replace(/\.mjs$/, '.mts'),
    `${target}.ts`,
    join(target, 'index.ts'),
  ]
  return candidates.find((c) => files.has(c))
}

export interface ImportGraph {
  /** Project-relative path → the project files it imports (project-relative). */
  readonly edges: ReadonlyMap<string, readonly string[]>
}

export function readImportGraph(dir = root): ImportGraph {
  const absolute = sourceFiles(dir)
  const files = new Set(absolute)
  const edges = new Map<string, string[]>()
  for (const file of absolute) {
    // Comments may quote an import; strip them before looking.
    const text = readFileSync(file, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/(^|[^:'"`])\/\/.*$/gm, '$1')
    const targets = new Set<string>()
    for (const pattern of SPECIFIERS) {
      for (const match of text.matchAll(pattern)) {
        const target = resolveSpecifier(file, match[1]!, files)
        if (target) targets.add(relative(dir, target))
      }
    }
    edges.set(relative(dir, file), [...targets])
  }
  return { edges }
}

const REGISTRY = 'src/exhibits/scenarios/index.ts'
/** `src/exhibits/scenarios/<name>/…` → `<name>`; anything else → undefined. */
const roomOf = (path: string) => /^src\/exhibits\/scenarios\/([^/]+)\//.exec(path)?.[1]

export interface Violation {
  readonly rule: 'between scenarios' | 'into a scenario' | 'entry point reaches a scenario' | 'circular'
  readonly detail: string
}

function reachable(graph: ImportGraph, start: string): Set<string> {
  const seen = new Set<string>()
  const stack = [start]
  while (stack.length > 0) {
    const next = stack.pop()!
    if (seen.has(next)) continue
    seen.add(next)
    stack.push(...(graph.edges.get(next) ?? []))
  }
  return seen
}

/** Strongly connected components of more than one module, or a module importing itself (Tarjan). */
function cycles(graph: ImportGraph): string[][] {
  let index = 0
  const indices = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const found: string[][] = []
  const visit = (v: string) => {
    indices.set(v, index)
    low.set(v, index++)
    stack.push(v)
    onStack.add(v)
    for (const w of graph.edges.get(v) ?? []) {
      if (!indices.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indices.get(w)!))
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = []
      let w: string
      do {
        w = stack.pop()!
        onStack.delete(w)
        component.push(w)
      } while (w !== v)
      if (component.length > 1 || graph.edges.get(v)?.includes(v)) found.push(component.sort())
    }
  }
  for (const v of graph.edges.keys()) if (!indices.has(v)) visit(v)
  return found
}

export function violations(graph: ImportGraph): Violation[] {
  const found: Violation[] = []
  for (const [from, targets] of graph.edges) {
    for (const to of targets) {
      const target = roomOf(to)
      if (!target) continue
      const source = roomOf(from)
      if (source && source !== target) found.push({ rule: 'between scenarios', detail: `${from} → ${to}` })
      if (!source && from !== REGISTRY) found.push({ rule: 'into a scenario', detail: `${from} → ${to}` })
    }
  }
  for (const entry of ['src/config.ts', 'src/worker.ts']) {
    if (!graph.edges.has(entry)) continue
    const reached = [...reachable(graph, entry)].filter((m) => m === REGISTRY || roomOf(m))
    if (reached.length > 0)
      found.push({ rule: 'entry point reaches a scenario', detail: `${entry} → ${reached.sort().join(', ')}` })
  }
  for (const cycle of cycles(graph)) found.push({ rule: 'circular', detail: cycle.join(' ⇄ ') })
  return found
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const graph = readImportGraph()
  const found = violations(graph)
  const count = (rule: Violation['rule']) => found.filter((v) => v.rule === rule).length
  const imports = [...graph.edges.values()].reduce((n, t) => n + t.length, 0)
  console.log(`import graph: ${graph.edges.size} modules, ${imports} imports between them`)
  console.log(`  imports between scenario folders: ${count('between scenarios')}`)
  console.log(`  imports into a scenario folder from outside the registry: ${count('into a scenario')}`)
  console.log(`  entry points (config, worker) that reach a scenario: ${count('entry point reaches a scenario')}`)
  console.log(`  circular imports: ${count('circular')}`)
  for (const v of found) console.log(`  ✗ ${v.rule}: ${v.detail}`)
  process.exitCode = found.length === 0 ? 0 : 1
}
