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
      streamed: ['cpu-saturated', 'healthy', 'loop-blocked'],
    },
    why: "buffered's blind spot, memory per client, the doctor does not read (a process's RSS keeps what earlier routes freed, so 64 copies of 5 MB can fit in it unseen). It sees what the copies cost: where the 5 MB readFileSync is slow, the loop held; where it takes a millisecond, the cores' limit (CPU saturated: reading 5 MB a reply costs the doctor's generator about what it cost the API, on the cores they share), or throughput falling as 64 copies load the GC (unknown): three honest answers, one mechanism. streamed costs about the CPU buffered does (a plain node:http server here: 14 ms a reply streamed, 12 ms read whole), in 77 pieces of 64 KB, not one: the cores' limit (CPU saturated), the doctor's generator the limit first (healthy), or, on cores that generator shares, a probe that waits at the edge of what the doctor calls blocked (as export's streamed). The doctor cannot tell these two apart; the bench's memory column and the scenario's test do",
  },
  lint: {
    expect: { buffered: ['blindspots/no-sync-on-request-path', 'blindspots/no-whole-file-read'], streamed: [] },
  },
})
