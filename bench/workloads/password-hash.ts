import { availableParallelism } from 'node:os'
import type { Workload } from './types.js'

const hashRequest = (path: string) => ({
  method: 'POST' as const,
  path,
  body: JSON.stringify({ password: 'correct horse battery staple' }),
  headers: { 'content-type': 'application/json' },
})

/**
 * CPU-bound: the ceiling is the cores, not a wait, so none is computed; the worker pool's speed-up
 * over blocking is the cores it can use (2 here, shared with autocannon: well under 2×). Two
 * connections per core keep every thread busy and stay within what the bounded pool holds (a
 * thread per core, two waiting per thread), so its row measures hashing, not refusals (those are
 * worker-queue's lesson). The threadpool variant runs a second time with a libuv threadpool of
 * one thread.
 */
export const passwordHash: Workload = {
  connections: 2 * availableParallelism(),
  request: hashRequest,
  ceilingRps: () => null,
  extraRuns: [{ variant: 'threadpool', label: 'threadpool (UV_THREADPOOL_SIZE=1)', env: { UV_THREADPOOL_SIZE: '1' } }],
  targets: [{ variant: 'worker-pool', minSpeedup: 1.2 }],
}

/**
 * Overload on purpose: 100 connections against a pool that serves ~100 hashes/s. The unbounded
 * queue turns it into seconds of latency; the bounded one answers the surplus 503 at once.
 */
export const workerQueue: Workload = {
  connections: 100,
  request: hashRequest,
  ceilingRps: () => null,
  probeUnloaded: true,
  shedsLoad: ['bounded-queue'],
  targets: [{ variant: 'bounded-queue', maxP99VsUnloaded: 10 }],
}

/**
 * The same overload against a blocking handler, without and with under-pressure. (No unloaded
 * probe: one client back to back already keeps this loop 100% busy, so under-pressure sheds it too.)
 */
export const loadShedding: Workload = {
  connections: 100,
  request: hashRequest,
  ceilingRps: () => null,
  shedsLoad: ['under-pressure'],
}
