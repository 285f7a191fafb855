/**
 * `--against`: the export compared as CSV too, the same scenario asking for CSV under another name.
 */
import { describe, expect, it } from 'vitest'
import { csvExport } from '../../bench/against.js'
import { scenarios } from '../../src/exhibits/scenarios/index.js'

// A copy of the project with the export scenario removed (CI's scenario:remove step) has none to measure.
const exports = scenarios.find((s) => s.name === 'export')

describe('against an older tree', () => {
  it.skipIf(!exports)('measures the export again as CSV: same variants, the same request with format=csv', () => {
    if (!exports) return
    const csv = csvExport(exports)
    expect(csv.name).toBe('export-csv')
    expect(csv.variants).toBe(exports.variants)
    const conditions = { connections: 4, upstreamDelayMs: 50, dbPoolSize: 20 }
    const original = exports.workload.request('/orders/export/copy', conditions)
    expect(csv.workload.request('/orders/export/copy', conditions)).toEqual({
      ...original,
      path: `${original.path}&format=csv`,
    })
  })
})
