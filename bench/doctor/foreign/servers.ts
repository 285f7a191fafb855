/**
 * The doctor's labelled foreign servers: stacks it was not tuned on, each route built with a known
 * blind spot (or none) and declared with the verdict the doctor must give it. `npm run doctor:check`
 * runs them beside the registry's variants, in one confusion matrix.
 */
import { join } from 'node:path'
import type { DoctorVerdict } from '../../../src/scenario-kit/workload.js'
import { startPortServer, type PortServer } from '../port-server.js'

export interface ForeignRoute {
  readonly path: string
  readonly expect: DoctorVerdict | readonly [DoctorVerdict, DoctorVerdict]
  /** Why, where the verdict is not the blind spot's own name. */
  readonly why?: string
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
const INVISIBLE =
  'three independent 30 ms waits in turn: latency, not capacity; it scales, so from outside it is healthy'
const CPU_BOUND =
  'no pool in the way: the core is the limit (cause cpu), and the excess queues without a bound, unless the doctor’s own generator is the limit first (healthy)'

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
      { path: '/compute', expect: ['unbounded-queue', 'healthy'], why: CPU_BOUND },
      { path: '/fine', expect: 'healthy' },
      { path: '/sequential', expect: 'healthy', why: INVISIBLE },
      { path: '/concurrent', expect: 'healthy' },
    ],
  },
  {
    name: 'node-http',
    command: process.execPath,
    args: [join(here, 'node-http-server.cjs')],
    metrics: 'none: outside only',
    routes: [
      { path: '/busy', expect: 'loop-blocked' },
      { path: '/sync-wait', expect: 'loop-blocked' },
      { path: '/locked', expect: 'serialised' },
      { path: '/pool-short-wait', expect: 'pool-limited' },
      { path: '/unbounded', expect: 'unbounded-queue' },
      { path: '/shed', expect: 'healthy' },
      { path: '/compute', expect: ['unbounded-queue', 'healthy'], why: CPU_BOUND },
      { path: '/fine', expect: 'healthy' },
      { path: '/sequential', expect: 'healthy', why: INVISIBLE },
      { path: '/concurrent', expect: 'healthy' },
    ],
  },
]

/** Starts a foreign server; its origin, and a stop that waits for it to exit. */
export const startForeign = (server: ForeignServer): Promise<PortServer> => startPortServer(server.command, server.args)
