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
    expect: { forgotten: 'healthy', awaited: 'healthy' },
    why: 'forgotten is fast because it skips its write: from outside it is healthy; its blind spot is in the missing rows, not under load',
  },
})
