/**
 * `npm run test:swapped`: the scenario tests again, with every optimised route served by its naive
 * sibling's handler (SWAP_FIXES). It passes only if each scenario's test file then fails: a claim
 * test that stays green with the fix undone proves nothing. A scenario whose claim cannot be told
 * apart this way must say why in its test file, on a line `swapped run: <why>`.
 * Prints one line per scenario and a closing `swapped: N caught, N missed`.
 */
import { spawn } from 'node:child_process'
import { readFile, rm } from 'node:fs/promises'
import { projectRoot } from '../src/infra/child-process.js'
import { scenarios } from '../src/exhibits/scenarios/index.js'

interface VitestJson {
  testResults: Array<{ name: string; assertionResults: Array<{ title: string; status: string }> }>
}

const report = `.data/swapped-${process.pid}.json`
const child = spawn(
  process.execPath,
  ['node_modules/vitest/vitest.mjs', 'run', 'src/exhibits/scenarios/', '--reporter=json', `--outputFile=${report}`],
  {
    cwd: projectRoot,
    env: { ...process.env, SWAP_FIXES: 'true' },
    stdio: ['ignore', 'ignore', 'inherit'],
  },
)
await new Promise((resolve) => child.once('exit', resolve))
const result = JSON.parse(await readFile(report, 'utf8')) as VitestJson
await rm(report, { force: true })

let caught = 0
let missed = 0
for (const scenario of scenarios) {
  const file = `src/exhibits/scenarios/${scenario.name}/${scenario.name}.test.ts`
  const ran = result.testResults.find((r) => r.name.endsWith(file))
  const failed = ran?.assertionResults.filter((t) => t.status === 'failed').map((t) => t.title) ?? []
  // The reason runs to the end of its comment paragraph.
  const source = await readFile(new URL(`../${file}`, import.meta.url), 'utf8').catch(() => '')
  const exemption = /swapped run: ([\s\S]+?)(?:\n \*\/|\n \*\s*\n)/.exec(source)?.[1]?.replace(/\n \* ?/g, ' ')
  if (failed.length > 0) {
    caught++
    console.log(`caught  ${scenario.name}: ${failed.length} failed (${failed.join('; ')})`)
  } else if (exemption) {
    caught++
    console.log(`exempt  ${scenario.name}: ${exemption}`)
  } else {
    missed++
    console.log(`MISSED  ${scenario.name}: ${ran ? 'every test passed with the fix undone' : `no test file ${file}`}`)
  }
}
console.log(`swapped: ${caught} caught, ${missed} missed`)
process.exitCode = missed === 0 ? 0 : 1
