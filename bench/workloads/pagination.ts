import { encodeCursor } from '../../src/scenarios/pagination/cursor.js'
import type { Workload } from './types.js'

const PAGE = 100
/** The page that starts 90,000 rows in: page 901 of 1,000. */
const DEEP_OFFSET = 90_000
export const DEEP_PAGE = DEEP_OFFSET / PAGE + 1

/**
 * The seed gives order n the creation time 2025-01-01 + n × 5 min, and pages go newest first, so
 * the row just before the deep page (position DEEP_OFFSET - 1) is order 100,000 - DEEP_OFFSET + 1.
 */
function keysetCursorBeforeDeepPage(): string {
  const id = 100_000 - DEEP_OFFSET + 1
  const createdAt = new Date(Date.UTC(2025, 0, 1) + id * 5 * 60_000).toISOString().replace('T', ' ').replace('.000Z', '+00')
  return encodeCursor({ kind: 'keyset', createdAt, id })
}

/** The request for the deep page (page 901 of 100 rows) of the variant at `path`. */
export function deepPagePath(path: string): string {
  const cursor = path.endsWith('/offset') ? encodeCursor({ kind: 'offset', offset: DEEP_OFFSET }) : keysetCursorBeforeDeepPage()
  return `${path}?limit=${PAGE}&cursor=${cursor}`
}

/** Both variants fetch the same deep page: offset re-reads 90,000 rows to find it, keyset seeks. */
export const pagination: Workload = {
  connections: 20,
  request: (path) => ({ method: 'GET', path: deepPagePath(path) }),
  ceilingRps: () => null,
  targets: [{ variant: 'keyset', minSpeedup: 3 }],
}
