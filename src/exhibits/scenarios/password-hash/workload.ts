import { availableParallelism } from 'node:os'
import { passwordHashRequest } from '../../hashing/password-hashing.js'
import { defineWorkload } from '../../scenario-kit/workload.js'

/**
 * CPU-bound: the ceiling is the cores, not a wait, so none is computed; the worker pool's speed-up
 * over blocking is the cores it can use (2 here, shared with autocannon: well under 2×), so the
 * claim judged everywhere is the loop's delay, and the speed-up only where cores are to spare. Two
 * connections per core keep every thread busy and stay within what the bounded pool holds (a
 * thread per core, two waiting per thread), so its row measures hashing, not refusals (those are
 * worker-queue's lesson). The threadpool variant runs a second time with a libuv threadpool of
 * one thread.
 */
export const workload = defineWorkload({
  connections: 2 * availableParallelism(),
  request: passwordHashRequest,
  ceilingRps: () => null,
  extraRuns: [{ variant: 'threadpool', label: 'threadpool (UV_THREADPOOL_SIZE=1)', env: { UV_THREADPOOL_SIZE: '1' } }],
  targets: [
    // The mechanism: hashing leaves the event loop, whose delay falls to a fraction of blocking's.
    { variant: 'worker-pool', maxLoopDelayRatio: 0.5 },
    // The speed-up is the cores the pool finds free: with autocannon on one of two, it says little.
    { variant: 'worker-pool', minSpeedup: 1.2, needsCores: 4 },
  ],
  doctor: {
    expect: { blocking: 'loop-blocked', threadpool: 'cpu-saturated', 'worker-pool': 'cpu-saturated' },
    why: 'threadpool and worker-pool free the loop and spend the cores: that is the fix. Their queues have no bound (the worker-queue lesson): the verdict says the excess waits its turn',
  },
  lint: {
    expect: { blocking: ['blindspots/no-sync-on-request-path'], threadpool: [], 'worker-pool': [] },
  },
})
