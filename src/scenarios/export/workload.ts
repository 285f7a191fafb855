import { defineWorkload } from '../../scenario-kit/workload.js'

/**
 * All 100,000 orders per request (about 10 MB of NDJSON), 4 exports at a time. A buffered export
 * takes ~3.5 s under this load, so runs last at least 8 s (a 3 s quick run completed none).
 */
export const workload = defineWorkload({
  connections: 4,
  minDurationSec: 8,
  request: (path) => ({ method: 'GET', path: `${path}?limit=100000` }),
  ceilingRps: () => null,
  doctor: {
    expect: { buffered: 'loop-blocked', streamed: ['unbounded-queue', 'loop-blocked'], copy: 'serialised' },
    why: "streamed formats rows on the loop a batch at a time, holds of a few ms at the edge of what the doctor calls blocked, and queues without a bound; copy runs on two dedicated connections and one COPY keeps a Postgres backend's core busy, so throughput does not grow with clients: from outside, a resource held one at a time",
    // 10,000 rows, not the bench's 100,000: 64 buffered exports of 100,000 would hold about 5 GB.
    request: (path) => ({ method: 'GET', path: `${path}?limit=10000` }),
  },
})
