/** Blind spot 5a: synchronous file reads (and parses) in the request path. */
import { defineScenario } from '../../scenario-kit/scenario.js'
import { asyncRead } from './async-read.js'
import { cached } from './cached.js'
import { productLookupSchema } from './contract.js'
import { syncRead } from './sync-read.js'
import { exercise } from './exercise.js'
import { workload } from './workload.js'

export const fileIo = defineScenario({
  name: 'file-io',
  title: 'File I/O: read and parse a 5 MB file per request, sync or async, vs once at start-up',
  prefix: '/products',
  params: '/:id',
  method: 'GET',
  schema: productLookupSchema,
  variants: { 'sync-read': syncRead, 'async-read': asyncRead, cached },
  defaultVariant: 'cached',
  workload,
  exercise: { variant: exercise, startsAs: 'sync-read', solution: 'cached' },
})
