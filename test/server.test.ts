/**
 * The server as a user runs it: a real process, stopped by a signal. `node …` directly, and
 * `npm run dev` (npm start is the same wrapper on the build: test/build.test.ts), signalled the
 * ways production and terminals signal it: SIGTERM to the main pid (docker stop, systemd, a
 * process manager) and SIGINT to the whole process group (Ctrl-C).
 * Each must finish the request in flight, exit 0 once, and leave none of the processes it started.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { once } from 'node:events'
import { chmodSync, mkdtempSync, readFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { projectRoot } from '../src/infra/child-process.js'
// exhibit:start
import { scenarioFlagName } from '../src/exhibits/scenario-kit/flags.js'
import { scenarios } from '../src/exhibits/scenarios/index.js'
// exhibit:end
import { heldDownload } from './helpers/held-download.js'
import { get } from './helpers/http.js'
import { closedPortUrl } from './helpers/servers.js'
import { waitFor } from './helpers/wait.js'

interface Started {
  readonly child: ChildProcess
  /** The server's FILES_DIR: a folder of its own. */
  readonly filesDir: string
  readonly listening: Promise<string>
  output(): string
}

const filesDirs = new Set<string>()
afterAll(() => Promise.all([...filesDirs].map((dir) => rm(dir, { recursive: true, force: true }))))

function start(command: string, args: string[], env: Record<string, string>): Started {
  const filesDir = mkdtempSync(join(tmpdir(), 'blindspots-server-files-'))
  filesDirs.add(filesDir)
  const child = spawn(command, args, {
    cwd: projectRoot,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      NODE_ENV: 'production',
      FILES_DIR: filesDir,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // A process group of its own, as a terminal gives the command it runs: Ctrl-C signals the group.
    detached: true,
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const url = /"url":"(http:\/\/[^"]+)"/.exec(output)?.[1]
      if (url) resolve(url)
    })
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)))
  })
  return { child, filesDir, listening, output: () => output }
}

const startNode = (env: Record<string, string>) => start(process.execPath, ['--import', 'tsx', 'src/server.ts'], env)
const startNpm = (env: Record<string, string>) => start('npm', ['run', 'dev', '--silent'], env)

/** Every process below `pid` (pgrep -P, recursively): what the server started, and theirs. */
function descendants(pid: number): number[] {
  let children: number[] = []
  try {
    children = execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number)
  } catch {
    // pgrep exits 1 when there is none
  }
  return children.flatMap((child) => [child, ...descendants(child)])
}

/** What a failed test leaves running is killed after it, so one failure does not leak into the next run. */
const leftovers = new Set<number>()
afterAll(() => {
  for (const pid of leftovers) if (alive(pid)) process.kill(pid, 'SIGKILL')
})

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** A request still in flight when the signal arrives: a download its client has not read yet. */
async function stopDuringRequest(server: Started, url: string, signal: () => void) {
  const held = await heldDownload(url, server.filesDir)
  expect(held.status).toBe(200)
  const exited = once(server.child, 'exit') as Promise<[number | null, string | null]>
  signal()
  const { bytes, expected } = await held.finish()
  expect(bytes).toBe(expected)
  return exited
}

describe('the server process', () => {
  const infrastructure = () => ({ DATABASE_URL: inject('databaseUrl'), REDIS_URL: inject('redisUrl') })

  it('node: serves, and on SIGTERM finishes the request in flight before it exits 0', async () => {
    const server = startNode(infrastructure())
    const url = await server.listening
    expect((await get(`${url}/health/ready`)).status).toBe(200)
    expect(await stopDuringRequest(server, url, () => server.child.kill('SIGTERM'))).toEqual([0, null])
  })

  describe('npm run dev', () => {
    // Its own embedded Postgres and upstream, so the test sees the server stop what it started.
    const postgresDir = `.data/postgres-npm-start-${randomUUID()}`
    afterAll(() => rm(postgresDir, { recursive: true, force: true }))

    it('SIGTERM to npm’s pid: the request in flight finishes, exit 0, and every process it started is gone', async () => {
      const server = startNpm({ REDIS_URL: inject('redisUrl'), EMBEDDED_POSTGRES_DIR: postgresDir })
      const url = await server.listening
      const started = descendants(server.child.pid!)
      for (const pid of [server.child.pid!, ...started]) leftovers.add(pid)
      // npm's shell, node, the upstream, the Postgres supervisor and Postgres's own processes.
      expect(started.length).toBeGreaterThanOrEqual(4)
      expect(await stopDuringRequest(server, url, () => server.child.kill('SIGTERM'))).toEqual([0, null])
      await waitFor('every process it started has exited', () => started.every((pid) => !alive(pid)), {
        timeoutMs: 20_000,
      })
      expect(server.output()).not.toMatch(/second signal|killed by timeout/)
    }, 120_000)

    it('Ctrl-C (SIGINT to the process group, so node gets npm’s copy too): one graceful stop, exit 0', async () => {
      const server = startNpm({ ...infrastructure() })
      const url = await server.listening
      const started = descendants(server.child.pid!)
      for (const pid of [server.child.pid!, ...started]) leftovers.add(pid)
      expect(await stopDuringRequest(server, url, () => process.kill(-server.child.pid!, 'SIGINT'))).toEqual([0, null])
      await waitFor('every process it started has exited', () => started.every((pid) => !alive(pid)), {
        timeoutMs: 20_000,
      })
      expect(server.output().match(/"msg":"closing"/g)).toHaveLength(1)
      expect(server.output()).not.toMatch(/second signal|killed by timeout/)
    }, 120_000)
  })

  it('refuses a bad environment with a message that names the variable, and exits 1', async () => {
    const server = startNode({ PORT: 'eighty' })
    await expect(server.listening).rejects.toThrow(/exited with 1/)
    expect(server.output()).toMatch(/Invalid environment:\s+PORT: /)
    expect(server.output()).not.toMatch(/at .*\.ts:\d+/)
  })
})

describe('the server when its environment is wrong: one line naming what, no stack, and it stops', () => {
  const noStack = (output: string) => expect(output).not.toMatch(/^\s+at /m)

  // exhibit:start
  it('a bad scenario flag is refused before anything starts', async () => {
    // Whichever scenarios this tree has (CI removes some to prove the rest stand alone).
    const [scenario] = scenarios
    const flag = scenarioFlagName(scenario!.name)
    const server = startNode({ [flag]: 'turbo', DATABASE_URL: inject('databaseUrl'), REDIS_URL: inject('redisUrl') })
    await expect(server.listening).rejects.toThrow(/exited with 1/)
    const allowed = ['off', ...scenario!.variants.map((v) => v.name)].map((v) => `"${v}"`).join(', ')
    expect(server.output().trim()).toBe(`${flag}=turbo: expected one of ${allowed}`)
  })
  // exhibit:end

  it('DATABASE_URL that nothing answers: named, password masked', async () => {
    const server = startNode({
      DATABASE_URL: (await closedPortUrl('postgres')).replace('//', '//user:secret@'),
      REDIS_URL: inject('redisUrl'),
    })
    await expect(server.listening).rejects.toThrow(/exited with 1/)
    expect(server.output()).toMatch(
      /^DATABASE_URL \(postgres:\/\/user:\*\*\*@127\.0\.0\.1:\d+\/?\): cannot use it: .*ECONNREFUSED/m,
    )
    expect(server.output()).not.toContain('secret')
    noStack(server.output())
  })

  it('REDIS_URL that nothing answers: the API serves degraded, logs the outage without traces, and a SIGTERM never waits on Redis', async () => {
    const server = startNode({ DATABASE_URL: inject('databaseUrl'), REDIS_URL: await closedPortUrl('redis') })
    const url = await server.listening
    leftovers.add(server.child.pid!)
    expect((await get(`${url}/health/ready`)).status).toBe(503)
    // Several reconnect attempts later: warnings, once per client, and no stack printed raw.
    await waitFor(
      'two reconnect attempts',
      () => (server.output().match(/redis connection error|queue connection error/g) ?? []).length >= 2,
    )
    noStack(
      server
        .output()
        .split('\n')
        .filter((line) => !line.startsWith('{'))
        .join('\n'),
    )
    const exited = once(server.child, 'exit') as Promise<[number | null]>
    server.child.kill('SIGTERM')
    // 0, not close-with-grace's 1 after its 15 s: nothing waited on the Redis that is not there.
    expect((await exited)[0]).toBe(0)
  }, 60_000)

  it('the embedded PostgreSQL: a second server on a folder in use says who holds it; one whose Postgres died stops at once, exit 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'blindspots-embedded-'))
    // Postgres runs as its own system user, which must be able to enter the folder.
    chmodSync(dir, 0o755)
    filesDirs.add(dir)
    const env = { EMBEDDED_POSTGRES_DIR: join(dir, 'pg'), REDIS_URL: inject('redisUrl') }
    const first = startNode(env)
    leftovers.add(first.child.pid!)
    await first.listening
    const second = startNode(env)
    await expect(second.listening).rejects.toThrow(/exited with 1/)
    expect(second.output()).toMatch(
      /^embedded PostgreSQL could not start in .*: another PostgreSQL \(PID \d+\) already uses that folder/m,
    )
    noStack(second.output())
    // The postmaster dies under the first server: its supervisor says so and exits, so a
    // SIGTERM then has nothing to wait for (embedded-postgres' own stop would wait for ever).
    const postmaster = Number(readFileSync(join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0])
    process.kill(postmaster, 'SIGKILL')
    await waitFor('the supervisor to say its Postgres stopped', () =>
      /embedded PostgreSQL in .* stopped by itself/.test(first.output()),
    )
    const exited = once(first.child, 'exit') as Promise<[number | null]>
    first.child.kill('SIGTERM')
    expect((await exited)[0]).toBe(0)
  }, 120_000)
})
