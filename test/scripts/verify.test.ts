/**
 * `npm run verify` judges the exercise, not itself: for three scenarios it fails on the untouched
 * exercise (a copy of the mistake) and passes with the model answer's code in the exercise's place
 * (`--answer`). It runs as a learner would run it, in a child process, against this run's
 * infrastructure, with one-second bench rounds.
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { describe, expect, inject, it } from 'vitest'
import { projectRoot } from '../../src/infra/child-process.js'
import { findScenario } from '../../src/exhibits/scenarios/index.js'

async function verify(scenario: string, ...args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/verify.ts', scenario, '--duration', '1', ...args],
    {
      cwd: projectRoot,
      env: {
        ...process.env,
        DATABASE_URL: inject('databaseUrl'),
        REDIS_URL: inject('redisUrl'),
        UPSTREAM_URL: inject('upstreamUrl'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const [code] = (await once(child, 'exit')) as [number | null]
  return { code, output }
}

describe('npm run verify', () => {
  for (const name of ['fan-out', 'n-plus-one', 'hooks']) {
    // A scenario removed from the registry (npm run scenario:remove) takes its exercise with it.
    it.skipIf(!findScenario(name))(
      `${name}: fails on the untouched exercise, naming what is wrong; passes with the model answer in its place`,
      { timeout: 240_000 },
      async () => {
        const { solution } = findScenario(name)!.exercise
        const untouched = await verify(name)
        expect(untouched.output).toMatch(/NOT FIXED YET: .*claim/)
        expect(untouched.code, untouched.output).toBe(1)
        const solved = await verify(name, '--answer', solution)
        expect(solved.output).toContain(`every claim of ${solution} holds`)
        expect(solved.code, solved.output).toBe(0)
      },
    )
  }
})
