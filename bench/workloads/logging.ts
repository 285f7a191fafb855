import type { Workload } from './types.js'

/** 20 log lines per request, the same for both destinations. */
export const logging: Workload = {
  request: (path) => ({ method: 'GET', path: `${path}?lines=20` }),
  ceilingRps: () => null,
}
