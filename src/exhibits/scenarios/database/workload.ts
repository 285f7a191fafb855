import { DEFAULT_LATENCY_MS } from './contract.js'
import { defineWorkload } from '../../scenario-kit/workload.js'

const LATENCY_S = DEFAULT_LATENCY_MS / 1000

/**
 * Every query holds its connection for DEFAULT_LATENCY_MS of simulated server time, so each
 * variant's ceiling is how many queries can run at once ÷ that time.
 */
export const workload = defineWorkload({
  request: (path) => ({ method: 'GET', path: `${path}?customerId=42&latencyMs=${DEFAULT_LATENCY_MS}` }),
  ceilingRps: ({ connections, dbPoolSize }, variant) =>
    variant === 'pooled' ? Math.min(connections, dbPoolSize) / LATENCY_S : 1 / LATENCY_S,
  ceilingNote: `pool size ÷ ${DEFAULT_LATENCY_MS} ms simulated query time (1 ÷ that for one-at-a-time variants)`,
  targets: [
    { variant: 'pooled', minSpeedup: 10, versus: 'serialised' },
    // Twenty queries at once need Postgres to have cores of its own beside the API and autocannon.
    { variant: 'pooled', minCeilingPct: 80, needsCores: 4 },
  ],
  doctor: {
    expect: { blocking: 'loop-blocked', serialised: 'serialised', pooled: 'pool-limited' },
    why: "pooled: 20 connections at about 22 ms a query is about 900 req/s; beyond it callers wait up to DB_ACQUIRE_TIMEOUT_MS, then get a 503: the fix's own limit, a pool exhausted with its wait bounded",
  },
  lint: {
    expect: { blocking: ['blindspots/no-sync-on-request-path'], serialised: ['blindspots/no-shared-lock'], pooled: [] },
  },
})
