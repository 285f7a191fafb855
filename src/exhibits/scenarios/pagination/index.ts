/** Blind spot 3b: pagination that slows with depth (offset) vs one that does not (keyset). */
import { defineScenario } from '../../scenario-kit/scenario.js'
import { pageSchema } from './contract.js'
import { keyset } from './keyset.js'
import { offset } from './offset.js'
import { exercise } from './exercise.js'
import { workload } from './workload.js'

export const pagination = defineScenario({
  name: 'pagination',
  title: 'Pagination: LIMIT/OFFSET vs keyset, page 1 and deep pages',
  prefix: '/orders/page',
  method: 'GET',
  schema: pageSchema,
  variants: { offset, keyset },
  defaultVariant: 'keyset',
  workload,
  exercise: { variant: exercise, startsAs: 'offset', solution: 'keyset' },
})
