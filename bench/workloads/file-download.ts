import type { Workload } from './types.js'

/**
 * The whole 5 MB file per request. Fewer connections than the other scenarios: at 100, the
 * loopback copy of 5 MB bodies, not the server, would be what is measured.
 */
export const fileDownload: Workload = {
  connections: 10,
  request: (path) => ({ method: 'GET', path }),
  ceilingRps: () => null,
}
