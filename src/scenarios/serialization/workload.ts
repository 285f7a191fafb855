import { defineWorkload } from '../../scenario-kit/workload.js'

/**
 * 1,000 orders per reply, queried for each request: the whole job through HTTP. The target is
 * against JSON.stringify, the fastest of the JavaScript serialisers (V8's native code); the
 * compiled schema's edge over zod is a few percent here, under the query's cost, and shows in the
 * serialization micro-benchmark instead.
 */
export const workload = defineWorkload({
  connections: 20,
  request: (path) => ({ method: 'GET', path: `${path}?limit=1000` }),
  ceilingRps: () => null,
  targets: [{ variant: 'postgres-json', minSpeedup: 1.5, versus: 'json-stringify' }],
  doctor: {
    expect: {
      'zod-validated': 'unbounded-queue',
      'json-stringify': 'unbounded-queue',
      compiled: 'unbounded-queue',
      'postgres-json': 'unbounded-queue',
    },
    why: 'every variant saturates the two cores (the API, Postgres and the doctor share them) and none has an admission bound; what differs between them is the rate, and the leak',
  },
  lint: {
    expect: {
      'zod-validated': ['blindspots/no-stringify-in-handler'],
      'json-stringify': ['blindspots/no-stringify-in-handler'],
      compiled: [],
      'postgres-json': [],
    },
  },
})
