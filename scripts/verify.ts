/**
 * `npm run verify -- <scenario> [--answer <variant>] [--duration S]`: is the workshop exercise
 * (src/exhibits/scenarios/<scenario>/exercise.ts) fixed? Two checks, then a verdict in plain words:
 *  1. the claims: the scenario's tests, with its model answer's routes served by the exercise
 *     (VERIFY_EXERCISE), so every claim the model answer makes is checked against the learner's code;
 *  2. the figures: a quick bench of the naive variant the exercise copies, the exercise and the model
 *     answer, one round each (`npm run bench -- --exercise`).
 * Fixed means every claim holds and, where the model answer is much faster than the mistake, the
 * exercise is nearer the model answer (scripts/verify-verdict.ts). `--answer <variant>` puts a variant's
 * code in the exercise's place (EXERCISE_ANSWER): `--answer <the solution>` must pass, and a test
 * checks that it does. Exit code 0 when fixed.
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFile, rm } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import type { BenchResults } from '../bench/results-format.js'
import { loadConfig } from '../src/config.js'
import { projectRoot } from '../src/infra/child-process.js'
import { startInfrastructure } from '../src/infra/index.js'
import { EXERCISE } from '../src/exhibits/scenario-kit/scenario.js'
import { findScenario, scenarios } from '../src/exhibits/scenarios/index.js'
import { judgeExercise, type ClaimResult } from './verify-verdict.js'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { answer: { type: 'string' }, duration: { type: 'string' } },
})
const name = positionals[0]
const scenario = name === undefined ? undefined : findScenario(name)
if (!scenario) {
  console.error(
    `usage: npm run verify -- <scenario> [--answer <variant>] [--duration S]\nscenarios: ${scenarios.map((s) => s.name).join(', ')}`,
  )
  process.exit(2)
}
const { solution, startsAs } = scenario.exercise
if (values.answer !== undefined && !scenario.variants.some((v) => v.name === values.answer)) {
  console.error(
    `--answer ${values.answer}: ${scenario.name} has no such variant (${scenario.variants.map((v) => v.name).join(', ')})`,
  )
  process.exit(2)
}
const answerEnv: Record<string, string> = values.answer ? { EXERCISE_ANSWER: `${scenario.name}:${values.answer}` } : {}
const yours = values.answer
  ? `${values.answer}'s code in the exercise's place`
  : `src/exhibits/scenarios/${scenario.name}/exercise.ts`

/** Runs a child to its end with the infrastructure's URLs; resolves its exit code. */
async function run(args: readonly string[], env: Record<string, string>, quiet: boolean): Promise<number> {
  const child = spawn(process.execPath, args, {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', quiet ? 'ignore' : 'inherit', 'inherit'],
  })
  const [code] = (await once(child, 'exit')) as [number | null]
  return code ?? 1
}

interface VitestJson {
  testResults: Array<{ assertionResults: Array<{ title: string; status: string; failureMessages?: string[] }> }>
}

const config = loadConfig({
  EMBEDDED_POSTGRES_DIR: '.data/postgres-test',
  EMBEDDED_REDIS_DIR: '.data/redis-test',
  ...process.env,
  NODE_ENV: 'test',
  DEMO_DATA: 'true',
})
const infrastructure = await startInfrastructure(config)
const urls = {
  DATABASE_URL: infrastructure.config.databaseUrl,
  REDIS_URL: infrastructure.config.redisUrl,
  UPSTREAM_URL: infrastructure.config.upstream.url,
}
const out = `.data/verify-${process.pid}`
let claims: ClaimResult[]
let results: BenchResults | null
try {
  console.log(
    `verify ${scenario.name}: ${yours}, judged by the claims of ${solution} (the model answer, ${solution}'s file)`,
  )
  console.log(`1/2 the claims: the scenario's tests, ${solution}'s routes served by ${values.answer ?? EXERCISE}`)
  const report = `${out}/tests.json`
  await run(
    [
      'node_modules/vitest/vitest.mjs',
      'run',
      `src/exhibits/scenarios/${scenario.name}/`,
      '--reporter=json',
      `--outputFile=${report}`,
    ],
    { ...urls, VERIFY_EXERCISE: scenario.name, ...answerEnv },
    true,
  )
  const tests = JSON.parse(await readFile(report, 'utf8').catch(() => '{"testResults":[]}')) as VitestJson
  claims = tests.testResults.flatMap((file) =>
    file.assertionResults.map((t) => ({
      title: t.title,
      passed: t.status === 'passed',
      why: t.failureMessages?.[0]?.split('\n')[0] ?? '',
    })),
  )
  console.log(`2/2 the figures: ${startsAs}, the exercise and ${solution}, one quick round each`)
  await run(
    [
      '--import',
      'tsx',
      'bench/run.ts',
      '--exercise',
      '--quick',
      '--scenario',
      scenario.name,
      '--out',
      out,
      ...(values.duration ? ['--duration', values.duration] : []),
    ],
    { ...urls, ...answerEnv },
    true,
  )
  results = JSON.parse(await readFile(`${out}/latest.json`, 'utf8').catch(() => 'null')) as BenchResults | null
} finally {
  await infrastructure.stop()
  await rm(out, { recursive: true, force: true })
}

const verdict = judgeExercise(scenario, claims, results)
console.log(verdict.lines.join('\n'))
process.exitCode = verdict.fixed ? 0 : 1
