import { defineWorkload } from '../../scenario-kit/workload.js'

/**
 * Reports of the first 20,000 orders (~1 MB of CSV each), every request a new job, both variants
 * at the same fixed arrival rate: 150 req/s, about five times what inline builds on the reference
 * machine (2 cores: ~30 reports/s); one worker drains the jobs of a round in about 15 s. A closed
 * loop would compare work with no work: offloaded answers in milliseconds, so its connections
 * would send thousands of requests a second that the workers (a separate `npm run worker` process
 * started by the bench) build at their own pace.
 *
 * What each row then says: inline's req/s is the reports it built (the rest it refused with a 503
 * after the database gate's bounded wait); offloaded's is the requests it accepted. Where the work
 * went, the jobs' end-to-end latency, the backlog and how long it took to drain are measured
 * apart (bench/queue-drain.ts), and so are the admission bound and 1, 2 and 4 workers
 * (bench/queue-study.ts): a queue moves the work off the request path; capacity comes from workers.
 * Targets: offloaded accepts ≥ 95% of the offered rate, with a p99 under 50 ms where the worker
 * has cores of its own (on 2 it builds reports beside the API: 38-133 ms over four rounds).
 */
const OFFERED_RPS = 150

export const workload = defineWorkload({
  offeredRps: OFFERED_RPS,
  request: (path) => ({
    method: 'POST',
    path,
    body: JSON.stringify({ rows: 20_000 }),
    headers: { 'content-type': 'application/json' },
  }),
  ceilingRps: () => OFFERED_RPS,
  ceilingNote: 'the offered rate: the load sends no more than this, whatever a variant could take',
  notASpeedup: "inline's 2xx is a report built, offloaded's a job accepted",
  // Inline: the database gate's 503 after its bounded wait, the way it refuses what it cannot build.
  shedsLoad: ['inline', 'offloaded'],
  drainsQueue: ['offloaded'],
  // In the load curves every request is a new 20,000-row job: past ~200 req/s a 3-s step enqueues
  // far more than the workers build in seconds, and gigabytes of reports.
  maxSweepRps: 200,
  targets: [
    { variant: 'offloaded', minCeilingPct: 95 },
    { variant: 'offloaded', maxP99Ms: 50, needsCores: 4 },
  ],
  doctor: {
    expect: { inline: ['pool-limited', 'cpu-saturated'], offloaded: 'healthy' },
    why: "inline builds each report in the API while it holds database connections: where the pool runs out first, the gate's bounded wait, then 503s (pool-limited); where the API's core runs out first (its loop 99% busy in one check), the cores are the limit and the excess waits its turn (CPU saturated). offloaded answers from its admission bound once the backlog is full (no worker runs in the check)",
  },
  lint: {
    expect: { inline: [], offloaded: [] },
    why: "inline's blind spot is how long buildReport runs, which the code does not say (a short awaited call looks the same). No rule; the doctor (pool-limited) and the RouteSlow alert see it",
  },
})
