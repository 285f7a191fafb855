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
    expect: {
      buffered: ['loop-blocked', 'cpu-saturated', 'unknown'],
      streamed: ['cpu-saturated', 'healthy'],
    },
    why: "buffered's blind spot, memory per client, the doctor does not read (a process's RSS keeps what earlier routes freed, so 64 copies of 5 MB can fit in it unseen). It sees what the copies cost: where the 5 MB readFileSync is slow, the loop held; where it takes a millisecond, the cores' limit (CPU saturated), or throughput falling as 64 copies load the GC (unknown): three honest answers, one mechanism. streamed saturates the API's core (CPU saturated), unless the doctor's own generator is the limit first (healthy)",
  },
  lint: {
    expect: { buffered: ['blindspots/no-sync-on-request-path', 'blindspots/no-whole-file-read'], streamed: [] },
  },
})
