/**
 * `npm run test:repeat -- [--runs 10] [--cpu-hog]`: the whole suite, N times in a row, and with
 * --cpu-hog while one busy process per core competes for the CPU. A test that passes once on one
 * machine proves little; one that passes ten times here and three times under contention has shown
 * it does not lean on this machine's speed. Prints one line per run, then a summary; exits 1 if
 * any run failed. The hogs are started and stopped here, on every exit path.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readFile, rm } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { parseArgs } from 'node:util'
import { projectRoot } from '../src/infra/child-process.js'

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '10' }, 'cpu-hog': { type: 'boolean', default: false } },
})
const runs = Number(values.runs)
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a whole number ≥ 1')

const hogs: ChildProcess[] = values['cpu-hog']
  ? Array.from({ length: availableParallelism() }, () =>
      spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }),
    )
  : []
const stopHogs = () => hogs.forEach((hog) => hog.kill('SIGKILL'))
process.on('exit', stopHogs)
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130))

interface VitestJson {
  numPassedTests: number
  numFailedTests: number
  testResults: Array<{ assertionResults: Array<{ fullName: string; status: string; failureMessages: string[] }> }>
}

async function runSuite(index: number): Promise<boolean> {
  const report = `.data/repeat-${process.pid}-${index}.json`
  const start = performance.now()
  const child = spawn(
    process.execPath,
    ['node_modules/vitest/vitest.mjs', 'run', '--reporter=json', `--outputFile=${report}`],
    {
      cwd: projectRoot,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  )
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  const seconds = ((performance.now() - start) / 1000).toFixed(0)
  const result = JSON.parse(await readFile(report, 'utf8').catch(() => 'null')) as VitestJson | null
  await rm(report, { force: true })
  if (!result) {
    console.log(`run ${index}: vitest exited ${code} without a report (${seconds} s)`)
    return false
  }
  // The name and the first line of the reason: enough to tell a flaky margin from a real break.
  const failed = result.testResults.flatMap((file) =>
    file.assertionResults
      .filter((t) => t.status === 'failed')
      .map((t) => `${t.fullName} (${t.failureMessages[0]?.split('\n', 1)[0] ?? 'no message'})`),
  )
  // Neither passed nor failed (pending when the report was written, skipped): named, and a failure.
  const unfinished = result.testResults.flatMap((file) =>
    file.assertionResults
      .filter((t) => t.status !== 'passed' && t.status !== 'failed')
      .map((t) => `${t.fullName} (${t.status})`),
  )
  const notes = [...failed, ...unfinished.map((t) => `unfinished: ${t}`)]
  console.log(
    `run ${index}: ${result.numPassedTests} passed, ${result.numFailedTests} failed in ${seconds} s${notes.length ? `: ${notes.join('; ')}` : ''}`,
  )
  return code === 0 && result.numFailedTests === 0 && unfinished.length === 0
}

console.log(
  `${runs} runs of the whole suite${hogs.length ? `, with ${hogs.length} busy processes competing for ${availableParallelism()} cores` : ''}`,
)
let passed = 0
for (let i = 1; i <= runs; i++) if (await runSuite(i)) passed++
stopHogs()
console.log(`runs: ${passed} passed, ${runs - passed} failed`)
process.exitCode = passed === runs ? 0 : 1
