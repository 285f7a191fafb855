/**
 * `npm start` as a user runs it: a real process, stopped by a signal. Uses the run's
 * infrastructure through the environment, as a deployment would.
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { describe, expect, inject, it } from 'vitest'
import { projectRoot } from '../src/infra/child-process.js'
import { get } from './helpers/http.js'

function startServer(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
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
  return { child, listening, output: () => output }
}

describe('the server process', () => {
  it('serves, and on SIGTERM finishes the request in flight before it exits 0', async () => {
    const server = startServer({
      DATABASE_URL: inject('databaseUrl'),
      REDIS_URL: inject('redisUrl'),
      UPSTREAM_URL: inject('upstreamUrl'),
    })
    const url = await server.listening
    expect((await get(`${url}/health/ready`)).status).toBe(200)
    const inFlight = get(`${url}/http/pooled?delayMs=500`)
    await new Promise((resolve) => setTimeout(resolve, 100))
    const exited = once(server.child, 'exit')
    server.child.kill('SIGTERM')
    expect(await inFlight).toMatchObject({ status: 200, body: { upstreamDelayMs: 500 } })
    expect(await exited).toEqual([0, null])
  })

  it('refuses a bad environment with a message that names the variable, and exits 1', async () => {
    const server = startServer({ PORT: 'eighty' })
    await expect(server.listening).rejects.toThrow(/exited with 1/)
    expect(server.output()).toMatch(/Invalid environment:\s+PORT: /)
    expect(server.output()).not.toMatch(/at .*\.ts:\d+/)
  })
})
