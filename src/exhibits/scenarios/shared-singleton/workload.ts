import { defineWorkload } from '../../scenario-kit/workload.js'

/** One upstream call per quote: the lock lets one wait at a time, the stateless service all of them. */
export const workload = defineWorkload<'locked' | 'stateless'>({
  request: (path) => ({ method: 'GET', path: `${path}?customerId=7` }),
  ceilingRps: ({ connections, upstreamDelayMs }, variant) =>
    (variant === 'locked' ? 1 : connections) / (upstreamDelayMs / 1000),
  ceilingNote: 'calls waiting at once (1 under the lock) ÷ upstream delay',
  targets: [{ variant: 'stateless', minSpeedup: 20 }],
  doctor: {
    expect: { locked: 'serialised', stateless: 'healthy' },
  },
  lint: {
    expect: { locked: ['blindspots/no-shared-lock'], stateless: [] },
  },
})
