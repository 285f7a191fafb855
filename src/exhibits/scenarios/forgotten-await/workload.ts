import { defineWorkload } from '../../scenario-kit/workload.js'

/** One audit write per request; the naive row is fast because it writes nothing. */
export const workload = defineWorkload({
  request: (path) => ({
    method: 'POST',
    path,
    body: JSON.stringify({ event: 'bench' }),
    headers: { 'content-type': 'application/json' },
  }),
  ceilingRps: () => null,
  doctor: {
    expect: { forgotten: 'healthy', awaited: ['healthy', 'cpu-saturated', 'unbounded-queue'] },
    why: "forgotten skips its write, so from outside it is healthy: its blind spot is the missing rows. awaited saturates the cores near what the doctor can offer: healthy where the doctor is the limit; where it can offer more, the API's cores (CPU saturated) or, with Postgres taking the machine's other core, cores the API shares, which the doctor cannot tell from a pool (an unbounded queue, no size said)",
  },
  lint: {
    expect: { forgotten: ['@typescript-eslint/no-floating-promises'], awaited: [] },
  },
})
