import { DEMO_API_KEY } from './api-keys.js'
import { defineWorkload } from '../../scenario-kit/workload.js'

/** Every request carries the same valid key, as one client's requests do. */
export const workload = defineWorkload({
  request: (path) => ({ method: 'GET', path, headers: { 'x-api-key': DEMO_API_KEY } }),
  ceilingRps: () => null,
  targets: [{ variant: 'scoped-cached', minSpeedup: 10, maxCpuRatio: 0.1 }],
  doctor: {
    expect: { 'global-sync': 'loop-blocked', 'scoped-cached': 'healthy' },
  },
  lint: {
    expect: { 'global-sync': ['blindspots/no-sync-on-request-path'], 'scoped-cached': [] },
  },
})
