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
    why: "buffered's blind spot, memory held per slow client, is not something the doctor reads; it sees the readFileSync of 5 MB holding the loop for half of a 3 to 5 ms request (loop blocked), or, where the read is too short to tell from noise, throughput falling as 64 clients each hold a copy (memory and GC: unknown, with its curve). Streamed saturates the cores and queues without a bound, unless the doctor's own generator, taking 5 MB a reply, reaches its limit first (then it says so: healthy up to that limit)",
  },
})
