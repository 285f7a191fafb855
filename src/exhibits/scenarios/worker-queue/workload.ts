import { passwordHashRequest } from '../../hashing/password-hashing.js'
import { defineWorkload } from '../../scenario-kit/workload.js'

/**
 * Overload on purpose: 100 connections against a pool that serves ~100 hashes/s. The unbounded
 * queue turns it into seconds of latency; the bounded one answers the surplus 503 at once.
 */
export const workload = defineWorkload({
  connections: 100,
  request: passwordHashRequest,
  ceilingRps: () => null,
  probeUnloaded: true,
  shedsLoad: ['bounded-queue'],
  targets: [{ variant: 'bounded-queue', maxP99VsUnloaded: 10 }],
  doctor: {
    expect: { 'unbounded-queue': 'cpu-saturated', 'bounded-queue': ['healthy', 'pool-limited'] },
    why: "the unbounded queue is in front of a worker pool sized to the cores: from outside the limit is the cores, and under overload the excess waits without a bound (the verdict's text, its p50 growing through the step); the bounded queue refuses it at once, or, where the cores are busy enough that its few queued places fill before the sweep's top, after a wait its bound keeps short (in one CI run: p99 172 ms, then 503s: pool-limited): both are what it is, and neither is the unbounded wait",
  },
  lint: {
    expect: { 'unbounded-queue': [], 'bounded-queue': [] },
    why: "the queue with no bound is behind a shared helper (openHashThreads: piscina's own queue), and the fix is a count the handler keeps: whether a queue is bounded is not on the call's face. No rule; the doctor's overload step and the WorkerPoolWaiting alert see it",
  },
})
