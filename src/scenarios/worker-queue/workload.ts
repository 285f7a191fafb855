import { defineWorkload } from '../../scenario-kit/workload.js'

const hashRequest = (path: string) => ({
  method: 'POST' as const,
  path,
  body: JSON.stringify({ password: 'correct horse battery staple' }),
  headers: { 'content-type': 'application/json' },
})

/**
 * Overload on purpose: 100 connections against a pool that serves ~100 hashes/s. The unbounded
 * queue turns it into seconds of latency; the bounded one answers the surplus 503 at once.
 */
export const workload = defineWorkload({
  connections: 100,
  request: hashRequest,
  ceilingRps: () => null,
  probeUnloaded: true,
  shedsLoad: ['bounded-queue'],
  targets: [{ variant: 'bounded-queue', maxP99VsUnloaded: 10 }],
})
