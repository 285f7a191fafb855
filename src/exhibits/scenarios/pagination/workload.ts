import { encodeCursor } from './cursor.js'
import { defineWorkload } from '../../scenario-kit/workload.js'

const PAGE = 100
/** The page that starts 90,000 rows in: page 901 of 1,000. */
const DEEP_OFFSET = 90_000

/**
 * The seed gives order n the creation time 2025-01-01 + n × 5 min, and pages go newest first, so
 * the row just before the page that starts `offset` rows in is order 100,000 - offset + 1.
 */
function keysetCursorBefore(offset: number): string {
  const id = 100_000 - offset + 1
  const createdAt = new Date(Date.UTC(2025, 0, 1) + id * 5 * 60_000)
    .toISOString()
    .replace('T', ' ')
    .replace('.000Z', '+00')
  return encodeCursor({ kind: 'keyset', createdAt, id })
}

/** The request for the page of 100 rows that starts `offset` rows in, for the variant at `path`. */
function pagePath(path: string, offset: number): string {
  if (offset === 0) return `${path}?limit=${PAGE}`
  const cursor = path.endsWith('/offset') ? encodeCursor({ kind: 'offset', offset }) : keysetCursorBefore(offset)
  return `${path}?limit=${PAGE}&cursor=${cursor}`
}

/** The deep page: page 901 of 100 rows. */
const deepPagePath = (path: string) => pagePath(path, DEEP_OFFSET)

/** Both variants fetch the same deep page: offset re-reads 90,000 rows to find it, keyset seeks. */
export const workload = defineWorkload({
  connections: 20,
  request: (path) => ({ method: 'GET', path: deepPagePath(path) }),
  ceilingRps: () => null,
  paging: { pageSize: PAGE, deepOffset: DEEP_OFFSET, pageAt: pagePath },
  targets: [{ variant: 'keyset', minSpeedup: 3 }],
  doctor: {
    expect: { offset: ['pool-limited', 'unbounded-queue'], keyset: ['cpu-saturated', 'unbounded-queue', 'healthy'] },
    why: "offset holds a pool connection for the deep page's scan and exhausts the pool (the gate's bounded wait, then 503s), unless the scans themselves are the queue: with Postgres at the machine's last core, 20 admitted scans slow each other and the overload step ends before the gate refuses (CI saw 166 req/s offered, 82 served, no 503: unbounded-queue); keyset saturates the cores: the API's own (CPU saturated) or, with Postgres and the doctor taking the machine's last core, cores the API shares, which the doctor cannot tell from a pool (an unbounded queue, no size said). Where keyset serves 2,500 req/s or more (Node 24 here), twice that is past the 3,000 req/s the doctor can offer: the overload step cannot run, and it is healthy up to the doctor's own limit",
  },
  lint: {
    expect: { offset: ['blindspots/no-offset-pagination'], keyset: [] },
  },
})
