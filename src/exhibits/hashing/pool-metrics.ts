/**
 * The hash worker pools on /metrics, one label per pool: tasks queued for a thread, threads, how
 * busy they were, and how long tasks waited for one (p50/p99/max since the previous scrape). A
 * queue that grows while the wait's p99 climbs is a pool that is too small, or unbounded under
 * overload (the worker-queue scenario).
 */
import type { Piscina } from 'piscina'
import { Gauge, type Registry } from 'prom-client'

const pools = new WeakMap<Registry, Map<string, Piscina>>()

export function exposePoolMetrics(registry: Registry, name: string, pool: Piscina): void {
  let known = pools.get(registry)
  if (!known) {
    known = new Map()
    pools.set(registry, known)
    register(registry, known)
  }
  known.set(name, pool)
}

function register(registry: Registry, known: Map<string, Piscina>): void {
  /** One gauge, a sample per pool. */
  const perPool = (name: string, help: string, read: (pool: Piscina) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['pool'] as const,
      registers: [registry],
      collect() {
        known.forEach((pool, poolName) => this.set({ pool: poolName }, read(pool)))
      },
    })
  perPool('blindspots_worker_pool_queued', 'Tasks waiting for a worker thread now.', (pool) => pool.queueSize)
  perPool('blindspots_worker_pool_threads', 'Worker threads in the pool.', (pool) => pool.threads.length)
  perPool(
    'blindspots_worker_pool_utilization_ratio',
    "Share of the pool's capacity its threads have spent running tasks since it started (0 to 1).",
    (pool) => pool.utilization,
  )
  new Gauge({
    name: 'blindspots_worker_pool_wait_seconds',
    help: 'How long tasks waited for a thread since the previous scrape, by quantile (0.5, 0.99, 1 = max).',
    labelNames: ['pool', 'quantile'] as const,
    registers: [registry],
    collect() {
      // piscina records milliseconds; NaN when no task waited in the window.
      const seconds = (ms: number) => (Number.isFinite(ms) ? ms / 1000 : 0)
      known.forEach((pool, poolName) => {
        const wait = pool.histogram.waitTime
        this.set({ pool: poolName, quantile: '0.5' }, seconds(wait.p50))
        this.set({ pool: poolName, quantile: '0.99' }, seconds(wait.p99))
        this.set({ pool: poolName, quantile: '1' }, seconds(wait.max))
        pool.histogram.resetWaitTime()
      })
    },
  })
}
