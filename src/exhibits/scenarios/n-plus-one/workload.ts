import { defineWorkload } from '../../scenario-kit/workload.js'

/**
 * 50 orders with their customers: 51 round trips vs 1. As many connections as the bench's DB pool
 * (20): more would make the N+1 variant wait for connections and shed load with 503s, which is
 * the database scenario's lesson, not this one's.
 */
export const workload = defineWorkload({
  connections: 20,
  request: (path) => ({ method: 'GET', path: `${path}?limit=50` }),
  ceilingRps: () => null,
  targets: [{ variant: 'joined', minSpeedup: 3 }],
  doctor: {
    expect: {
      'n-plus-one': ['pool-limited', 'cpu-saturated'],
      joined: ['cpu-saturated', 'unbounded-queue', 'healthy'],
    },
    why: "n-plus-one holds a pool connection for 51 round trips, and each costs the API's loop CPU (about 0.1 to 0.2 ms here: its loop 99 to 100% busy at the plateau, 58 to 109 req/s in eight runs of one day): the connections are held while the loop is busy, so the pool runs out as the core does. Whether the gate's bounded wait turns the excess into 503s within the overload step (pool-limited) or the excess waits for the loop first (CPU saturated) is a race the machine decides (503s in 6 of those 8); joined saturates the cores: its own (CPU saturated) or, with Postgres and the doctor taking the machine's last core, cores the API shares, which the doctor cannot tell from a pool (an unbounded queue, no size said). Where joined serves 2,500 req/s or more (Node 24 here), twice that is past the 3,000 req/s the doctor can offer: the overload step cannot run, and it is healthy up to the doctor's own limit",
  },
  lint: {
    expect: { 'n-plus-one': ['blindspots/no-query-in-loop'], joined: [] },
  },
})
