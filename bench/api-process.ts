/**
 * The API under test runs in its own process, never in the load generator's: autocannon's own
 * work must not show up in the server's event-loop delay, and vice versa.
 */
import { spawn } from 'node:child_process'
import { setTimeout as sleep } from 'node:timers/promises'
import { request } from 'undici'
import { freePort } from '../src/infra/free-port.js'
import { projectRoot, stopProcess } from '../src/infra/child-process.js'
import { NODE_FLAGS } from '../src/infra/node-flags.js'
import { kernelHoldsRequests } from './kernel-backlog.js'

export interface ApiProcess {
  readonly url: string
  stop(): Promise<void>
}

/** Asks GET /health once; resolves to its latency in ms, or Infinity if it fails. */
export async function healthLatency(url: string, timeoutMs = 2_000): Promise<number> {
  const start = performance.now()
  try {
    const { statusCode, body } = await request(`${url}/health`, { headersTimeout: timeoutMs, bodyTimeout: timeoutMs })
    await body.dump()
    return statusCode === 200 ? performance.now() - start : Infinity
  } catch {
    return Infinity
  }
}

/** Requests the API is still handling, not counting the one that asks. */
async function requestsInFlight(url: string): Promise<number> {
  try {
    const { statusCode, body } = await request(`${url}/_bench/stats`, { headersTimeout: 5_000, bodyTimeout: 5_000 })
    const stats = (await body.json()) as { inFlight: number }
    return statusCode === 200 ? stats.inFlight - 1 : Infinity
  } catch {
    return Infinity
  }
}

/**
 * Waits until the API has no request left and answers /health quickly. After a run, a naive
 * variant still has a backlog: requests queued behind a blocked loop, a lock or a full pool, whose
 * clients autocannon has already dropped. That work must not leak into the next measurement. Part
 * of it the API has not even accepted yet, so only the kernel can tell (kernel-backlog.ts).
 */
export async function waitUntilIdle(url: string, { quickMs = 20, timeoutMs = 120_000 } = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs
  const port = Number(new URL(url).port)
  let quietInARow = 0
  while (quietInARow < 3) {
    if (Date.now() > deadline) throw new Error(`API at ${url} did not become idle within ${timeoutMs} ms`)
    const quiet =
      !kernelHoldsRequests(port) && (await requestsInFlight(url)) === 0 && (await healthLatency(url)) < quickMs
    quietInARow = quiet ? quietInARow + 1 : 0
    await sleep(50)
  }
}

/** `node`: the binary that runs it (`--node` runs the API under several: bench/by-version.ts). */
/** What runs the API: a node binary, its flags, and the tree whose src/ it runs. */
export interface ApiRuntime {
  readonly node: string
  readonly flags: readonly string[]
  readonly root: string
}

export const thisRuntime: ApiRuntime = { node: process.execPath, flags: NODE_FLAGS, root: projectRoot }

export async function startApi(env: Record<string, string>, runtime: ApiRuntime = thisRuntime): Promise<ApiProcess> {
  const port = await freePort()
  const child = spawn(runtime.node, [...runtime.flags, '--import', 'tsx', 'src/server.ts'], {
    cwd: runtime.root,
    env: { ...process.env, ...env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  const url = `http://127.0.0.1:${port}`
  const stop = () => stopProcess(child, 20_000)
  const deadline = Date.now() + 60_000
  while ((await healthLatency(url)) === Infinity) {
    if (child.exitCode !== null) throw new Error(`the API exited with code ${child.exitCode} before it served`)
    if (Date.now() > deadline) {
      await stop()
      throw new Error('the API did not answer /health within 60 s')
    }
    await sleep(200)
  }
  return { url, stop }
}

/**
 * `npm run worker` in its own process, with the API's environment; resolves once `isUp` says the
 * queue sees it (within 30 s).
 */
export async function startWorker(
  env: Record<string, string>,
  isUp: () => Promise<boolean>,
  runtime: ApiRuntime = thisRuntime,
): Promise<{ stop(): Promise<void> }> {
  const child = spawn(runtime.node, [...runtime.flags, '--import', 'tsx', 'src/worker.ts'], {
    cwd: runtime.root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  const stop = () => stopProcess(child, 20_000)
  const deadline = Date.now() + 30_000
  while (!(await isUp().catch(() => false))) {
    if (child.exitCode !== null) throw new Error(`the worker exited with code ${child.exitCode} before it took jobs`)
    if (Date.now() > deadline) {
      await stop()
      throw new Error('the worker did not join the queue within 30 s')
    }
    await sleep(200)
  }
  return { stop }
}
