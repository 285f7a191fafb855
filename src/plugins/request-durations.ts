/**
 * http_request_duration_seconds, counted here instead of by prom-client's Histogram, whose
 * observe() validates, sorts and hashes the labels of every request: on the bench's lightest
 * route (18 µs of CPU a request) the request timing and the stall log together cost 15%. Here each
 * route has a recorder that holds the series of its last method and status, so a request that
 * matches them (nearly all) adds to an array with no lookup; another finds its series by three
 * map lookups. prom-client formats them at each scrape, as it formats its own histograms.
 */
import type { Registry } from 'prom-client'

interface Series {
  readonly labels: { method: string; route: string; status_code: string }
  /** Observations per bucket (not cumulative), the last one above every bound. */
  readonly counts: number[]
  sum: number
  count: number
}

/** Adds one request to its route's histogram: its method, its status code and how long it took. */
export type RouteRecorder = (method: string, status: number, seconds: number) => void

export class RequestDurations {
  readonly #series = new Map<string, Map<string, Map<number, Series>>>()
  /** Bumped by a reset: a recorder's series from before it is no longer exported. */
  #generation = 0
  readonly #buckets: readonly number[]
  readonly #name: string
  readonly #help: string

  constructor(name: string, help: string, buckets: readonly number[], registry: Registry) {
    this.#name = name
    this.#help = help
    this.#buckets = buckets
    registry.registerMetric({
      name,
      get: async () => this.#get(),
      reset: () => {
        this.#series.clear()
        this.#generation++
      },
    } as unknown as Parameters<Registry['registerMetric']>[0])
  }

  /** The recorder of requests to `route` (a pattern, or what names those no route matched). */
  forRoute(route: string): RouteRecorder {
    let method = ''
    let status = 0
    // -1: the first request looks its series up.
    let generation = -1
    let series!: Series
    return (requestMethod, statusCode, seconds) => {
      if (statusCode !== status || requestMethod !== method || generation !== this.#generation) {
        series = this.#seriesOf(route, requestMethod, statusCode)
        method = requestMethod
        status = statusCode
        generation = this.#generation
      }
      let bucket = 0
      while (bucket < this.#buckets.length && seconds > this.#buckets[bucket]!) bucket++
      series.counts[bucket]!++
      series.sum += seconds
      series.count++
    }
  }

  #seriesOf(route: string, method: string, status: number): Series {
    let byMethod = this.#series.get(route)
    if (!byMethod) this.#series.set(route, (byMethod = new Map<string, Map<number, Series>>()))
    let byStatus = byMethod.get(method)
    if (!byStatus) byMethod.set(method, (byStatus = new Map<number, Series>()))
    let series = byStatus.get(status)
    if (!series) {
      series = {
        labels: { method, route, status_code: String(status) },
        counts: new Array<number>(this.#buckets.length + 1).fill(0),
        sum: 0,
        count: 0,
      }
      byStatus.set(status, series)
    }
    return series
  }

  #get() {
    const values: Array<{ metricName: string; labels: Record<string, string | number>; value: number }> = []
    for (const byMethod of this.#series.values())
      for (const byStatus of byMethod.values())
        for (const { labels, counts, sum, count } of byStatus.values()) {
          let cumulative = 0
          this.#buckets.forEach((le, i) => {
            cumulative += counts[i]!
            values.push({ metricName: `${this.#name}_bucket`, labels: { le, ...labels }, value: cumulative })
          })
          values.push({ metricName: `${this.#name}_bucket`, labels: { le: '+Inf', ...labels }, value: count })
          values.push({ metricName: `${this.#name}_sum`, labels, value: sum })
          values.push({ metricName: `${this.#name}_count`, labels, value: count })
        }
    return { name: this.#name, help: this.#help, type: 'histogram', values, aggregator: 'sum' }
  }
}
