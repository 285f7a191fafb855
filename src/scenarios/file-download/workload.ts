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
    expect: { buffered: ['unbounded-queue', 'unknown'], streamed: 'unbounded-queue' },
    why: "both saturate the cores on loopback and queue without a bound under overload; buffered's blind spot, memory held per slow client, is not something the doctor reads, and when 64 clients each hold a copy its throughput may fall as they are added (memory and GC), a shape the doctor reports as unknown, with its curve",
  },
})
