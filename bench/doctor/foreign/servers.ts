/**
 * The doctor's labelled foreign servers: stacks it was not tuned on, each route built with a known
 * blind spot (or none) and declared with the verdict the doctor must give it. `npm run doctor:check`
 * runs them beside the registry's variants, in one confusion matrix.
 */
import { join } from 'node:path'
import type { DoctorVerdict } from '../../../src/exhibits/scenario-kit/workload.js'
import { startPortServer, type PortServer } from '../port-server.js'

export interface ForeignRoute {
  readonly path: string
  readonly expect: DoctorVerdict | readonly [DoctorVerdict, DoctorVerdict]
  /** Why, where the verdict is not the blind spot's own name, or where two are right. */
  readonly why?: string
  /** What one of its calls costs, ms, told the doctor as a user would (--expect-ms). */
  readonly expectMs?: number
}

export interface ForeignServer {
  readonly name: string
  readonly command: string
  readonly args: readonly string[]
  /** Whether it serves /metrics (the inside view), and of which client. */
  readonly metrics: string
  readonly routes: readonly ForeignRoute[]
}

const here = import.meta.dirname
/** Each call of /sequential and /concurrent waits 30 ms; 100 ms on the threaded server (CALL_S). */
const CALL_MS = 30
const THREADED_CALL_MS = 100

export const FOREIGN_SERVERS: readonly ForeignServer[] = [
  {
    name: 'python-asyncio',
    command: 'python3',
    args: [join(here, 'asyncio_server.py')],
    metrics: 'Python prometheus_client’s process series',
    routes: [
      { path: '/sync-sleep', expect: 'loop-blocked' },
      { path: '/cpu', expect: 'loop-blocked' },
      { path: '/locked', expect: 'serialised' },
      { path: '/pool-bounded', expect: 'pool-limited' },
      { path: '/pool-unbounded', expect: 'unbounded-queue' },
      { path: '/threads', expect: 'unbounded-queue' },
      { path: '/shed', expect: 'healthy' },
      { path: '/compute', expect: 'cpu-saturated' },
      { path: '/client-per-request', expect: 'loop-blocked' },
      { path: '/fine', expect: 'healthy' },
      { path: '/sequential', expect: 'sequential-awaits', expectMs: CALL_MS },
      { path: '/concurrent', expect: 'healthy', expectMs: CALL_MS },
    ],
  },
  {
    name: 'python-threads',
    command: 'python3',
    args: [join(here, 'threaded_server.py')],
    metrics: 'the process’s CPU time, as Python’s Prometheus client exports it',
    routes: [
      // A thread per connection: a blocking call holds its own thread only.
      { path: '/sleep', expect: 'healthy' },
      // CPU work shares the interpreter's one lock: the process's one core is the limit.
      {
        path: '/cpu',
        expect: ['cpu-saturated', 'loop-blocked'],
        why: "the interpreter's one lock is a loop of sorts: /health's thread waits for it behind 30 ms of CPU per request (p50 11, p99 21 ms in one suite run on two busy cores), past half what a held loop would make it wait; either way the cause named is CPU work and no pool size is said",
      },
      { path: '/locked', expect: 'serialised' },
      { path: '/pool-bounded', expect: 'pool-limited' },
      { path: '/pool-unbounded', expect: 'unbounded-queue' },
      { path: '/shed', expect: 'healthy' },
      { path: '/sequential', expect: 'sequential-awaits', expectMs: THREADED_CALL_MS },
      { path: '/concurrent', expect: 'healthy', expectMs: THREADED_CALL_MS },
    ],
  },
  {
    name: 'node-http',
    command: process.execPath,
    args: [join(here, 'node-http-server.cjs')],
    metrics: 'none: outside, and its CPU time from /proc',
    routes: [
      { path: '/busy', expect: 'loop-blocked' },
      { path: '/sync-wait', expect: 'loop-blocked' },
      { path: '/locked', expect: 'serialised' },
      { path: '/pool-short-wait', expect: 'pool-limited' },
      { path: '/unbounded', expect: 'unbounded-queue' },
      { path: '/shed', expect: 'healthy' },
      { path: '/compute', expect: 'cpu-saturated' },
      {
        path: '/client-per-request',
        expect: ['loop-blocked', 'cpu-saturated'],
        why: 'Node 24 builds a TLS context from the root certificates in ~6 ms of CPU, under the 8 ms the doctor calls a hold (the cores then the limit, at ~190 req/s); Node 20 in ~22 ms (the loop held, at ~45 req/s)',
      },
      { path: '/fine', expect: 'healthy' },
      { path: '/sequential', expect: 'sequential-awaits', expectMs: CALL_MS },
      { path: '/concurrent', expect: 'healthy', expectMs: CALL_MS },
    ],
  },
]

/** Starts a foreign server; its origin, and a stop that waits for it to exit. */
export const startForeign = (server: ForeignServer): Promise<PortServer> => startPortServer(server.command, server.args)
