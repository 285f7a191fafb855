import { defineWorkload } from '../../scenario-kit/workload.js'

/**
 * The whole 5 MB file per request, 50 at a time: enough in flight for the buffered variant's copy
 * per response to show in the memory column, few enough that the loopback copy of the bodies is
 * not all that is measured.
 */
export const workload = defineWorkload({
  connections: 50,
  request: (path) => ({ method: 'GET', path }),
  ceilingRps: () => null,
  doctor: {
    expect: { buffered: ['loop-blocked', 'unknown'], streamed: ['unbounded-queue', 'healthy'] },
    why: "buffered's blind spot, memory per slow client, the doctor does not read: it sees the 5 MB readFileSync hold the loop, or, where the read is too short to tell, throughput falling as 64 clients each hold a copy (unknown). streamed queues without a bound, unless the doctor's own generator is the limit first (healthy)",
  },
})
