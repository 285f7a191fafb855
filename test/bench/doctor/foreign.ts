/** A foreign server for the doctor's tests: a process of its own that prints its port, and the doctor aimed at it. */
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { afterAll, beforeAll } from 'vitest'
import { examine } from '../../../bench/doctor/examine.js'

/** Starts `command args` before the file's tests and stops it after; returns the doctor for its routes. */
export function foreignServer(command: string, args: readonly string[], defaultConnections: readonly number[]) {
  let server: ChildProcess
  let origin = ''
  beforeAll(async () => {
    server = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] })
    const [chunk] = (await once(server.stdout!, 'data')) as [Buffer]
    origin = `http://127.0.0.1:${chunk.toString().trim()}`
  })
  afterAll(async () => {
    server.kill()
    await once(server, 'exit')
  })
  return (path: string, connections: readonly number[] = defaultConnections, levelSec = 1) =>
    examine({
      url: `${origin}${path}`,
      method: 'GET',
      headers: {},
      probeUrl: `${origin}/health`,
      metricsUrl: `${origin}/metrics`,
      connections,
      levelSec,
      log: () => {},
    })
}
