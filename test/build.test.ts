/**
 * The service as production runs it: `npm run build`, then `npm start` (node on dist/, no tsx)
 * against a new, empty database. It applies its migrations, is ready, writes no demo row, and
 * exits 0 on SIGTERM. Demo rows come only when asked: `npm run db:seed`, once.
 */
import { execFile, spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { once } from 'node:events'
import { mkdtempSync, readFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { projectRoot } from '../src/infra/child-process.js'
import { get } from './helpers/http.js'
import { waitFor } from './helpers/wait.js'

const run = promisify(execFile)
const name = `empty_${randomUUID().replaceAll('-', '')}`
const admin = postgres(inject('databaseUrl'), { max: 1, onnotice: () => {} })
const databaseUrl = Object.assign(new URL(inject('databaseUrl')), { pathname: `/${name}` }).href
const filesDir = mkdtempSync(join(tmpdir(), 'build-test-files-'))
const env = {
  PATH: process.env.PATH!,
  HOME: process.env.HOME!,
  NODE_ENV: 'production',
  HOST: '127.0.0.1',
  PORT: '0',
  DATABASE_URL: databaseUrl,
  REDIS_URL: inject('redisUrl'),
  QUEUE_PREFIX: `test-${randomUUID()}`,
  FILES_DIR: filesDir,
}

/** Rows in each table of the test's database (names written here: no injection to guard against). */
async function counts(...tables: string[]): Promise<number[]> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} })
  try {
    const rows = tables.map((t) => sql.unsafe<[{ n: string }]>(`select count(*) as n from ${t}`))
    return (await Promise.all(rows)).map(([row]) => Number(row.n))
  } finally {
    await sql.end({ timeout: 1 })
  }
}

beforeAll(async () => {
  // A name made here of hex digits: no injection to guard against.
  await admin.unsafe(`create database ${name}`)
  await run('npm', ['run', 'build', '--silent'], { cwd: projectRoot, env })
}, 180_000)
afterAll(async () => {
  await admin.unsafe(`drop database if exists ${name} with (force)`)
  await admin.end({ timeout: 1 })
  await rm(filesDir, { recursive: true, force: true })
})

describe('npm run build, then npm start, on an empty database', () => {
  it('migrates, is ready, writes no demo row, and exits 0 on SIGTERM', async () => {
    const server = spawn('npm', ['start', '--silent'], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    server.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    server.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const exited = once(server, 'exit') as Promise<[number | null, string | null]>
    try {
      const url = await waitFor(
        'the built server listens',
        () => {
          if (server.exitCode !== null) throw new Error(`it exited with ${server.exitCode}:\n${output}`)
          return /"url":"(http:\/\/[^"]+)"/.exec(output)?.[1]
        },
        { timeoutMs: 60_000 },
      )
      expect((await get(`${url}/health/ready`)).status).toBe(200)
      // Plain node ran it: no TypeScript loader anywhere in the process.
      expect(output).not.toMatch(/tsx/)
    } finally {
      server.kill('SIGTERM')
    }
    expect(await exited).toEqual([0, null])

    // Its own history, every migration applied, and not one made-up row.
    const journal = JSON.parse(readFileSync(join(projectRoot, 'migrations/meta/_journal.json'), 'utf8')) as {
      entries: unknown[]
    }
    expect(await counts('drizzle.__drizzle_migrations', 'customers', 'orders')).toEqual([journal.entries.length, 0, 0])
  }, 120_000)

  it('npm run db:seed writes the demo rows when asked, and only once', async () => {
    const seed = () => run('npm', ['run', 'db:seed', '--silent'], { cwd: projectRoot, env })
    expect((await seed()).stdout).toMatch(/migrated and seeded/)
    expect((await seed()).stdout).toMatch(/not seeded: the orders table already has rows/)
    expect(await counts('customers', 'orders')).toEqual([1_000, 100_000])
  }, 120_000)

  it('db/cli refuses what it does not know, in one line', async () => {
    for (const args of [['now'], ['migrate', 'now'], []]) {
      const failed = await run(process.execPath, ['dist/db/cli.js', ...args], { cwd: projectRoot, env }).then(
        () => ({ code: 0, stderr: '' }),
        (err: { code: number; stderr: string }) => err,
      )
      expect(failed.code, args.join(' ')).toBe(1)
      expect(failed.stderr.trim()).toBe(`usage: db/cli migrate | seed (got: ${args.join(' ') || 'nothing'})`)
    }
  })
})
