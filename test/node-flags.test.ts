/**
 * The service's Node flags (src/infra/node-flags.ts): every way it starts says them, Node accepts
 * them, and they do what they are there for: with them, short-lived Buffers are freed by minor
 * GCs, as on Node 22; without them, on Node 24, by full ones (nodejs/node#61967).
 */
import { spawnSync } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { NODE_FLAGS } from '../src/infra/node-flags.js'

const text = (path: string) => readFile(new URL(`../${path}`, import.meta.url), 'utf8')

/**
 * 20,000 Buffers of 64 KB, each dropped at once, beside a heap of live objects, as a server
 * streaming bytes has: how many GCs of each kind freed them.
 */
const BUFFER_CHURN = `
  import { PerformanceObserver, constants } from 'node:perf_hooks'
  globalThis.kept = Array.from({ length: 300000 }, (_, i) => ({ i, s: 'x' + i }))
  let major = 0, minor = 0
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR) major++
      else if (e.detail.kind === constants.NODE_PERFORMANCE_GC_MINOR) minor++
    }
  }).observe({ entryTypes: ['gc'] })
  for (let i = 0; i < 20000; i++) {
    Buffer.allocUnsafe(64 * 1024)[0] = i
    if (i % 500 === 0) await new Promise((resolve) => setImmediate(resolve))
  }
  await new Promise((resolve) => setTimeout(resolve, 100))
  console.log(JSON.stringify({ major, minor }))
`

function gcCounts(flags: readonly string[]): { major: number; minor: number } {
  const run = spawnSync(process.execPath, [...flags, '--input-type=module', '-e', BUFFER_CHURN], { encoding: 'utf8' })
  expect(run.status, run.stderr).toBe(0)
  return JSON.parse(run.stdout) as { major: number; minor: number }
}

describe('Node flags', () => {
  it('are said by every way the service starts: npm scripts, the Dockerfile, compose', async () => {
    const scripts = (JSON.parse(await text('package.json')) as { scripts: Record<string, string> }).scripts
    for (const name of ['start', 'worker', 'dev', 'dev:worker', 'demo'])
      expect(scripts[name], name).toContain(` node ${NODE_FLAGS.join(' ')} `)
    const cmd = (await text('Dockerfile')).split('\n').findLast((line) => line.startsWith('CMD '))!
    expect(JSON.parse(cmd.slice(4))).toEqual(['node', ...NODE_FLAGS, 'dist/server.js'])
    const compose = parse(await text('docker-compose.yml')) as { services: Record<string, { command?: string[] }> }
    for (const service of ['api', 'worker'])
      expect(compose.services[service]?.command?.slice(0, 1 + NODE_FLAGS.length)).toEqual(['node', ...NODE_FLAGS])
  })

  it('free short-lived Buffers with minor GCs, where full ones did it without them on Node 24', () => {
    const flagged = gcCounts(NODE_FLAGS)
    // 1.3 GB of Buffers: minor GCs free them; a full GC or two for the rest of the heap.
    expect(flagged.minor, JSON.stringify(flagged)).toBeGreaterThan(4 * Math.max(1, flagged.major))
    const plain = gcCounts([])
    const line = Number(process.versions.node.split('.')[0])
    // Node 22's default is the flag's value; 24's is the regression the flag undoes.
    if (line >= 24) expect(plain.major, JSON.stringify(plain)).toBeGreaterThan(2 * Math.max(1, flagged.major))
  })
})
