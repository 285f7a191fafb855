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
    expect: { forgotten: 'healthy', awaited: ['healthy', 'unbounded-queue'] },
    why: "forgotten is fast because it skips its write: from outside it is healthy, its blind spot is in the missing rows; awaited saturates the cores near the 3,000 req/s the doctor can offer: healthy where the doctor is the limit, an unbounded queue (true: it has no admission bound) where the doctor can offer 1.3× its plateau (CI's run at 8fc036d)",
  },
})
