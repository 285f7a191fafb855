/** Blind spot 2c: N+1 queries vs one query with a join, on the same data. */
import { defineScenario } from '../../scenario-kit/scenario.js'
import { recentOrdersSchema } from './contract.js'
import { joined } from './joined.js'
import { nPlusOne } from './n-plus-one.js'
import { exercise } from './exercise.js'
import { workload } from './workload.js'

export const nPlusOneScenario = defineScenario({
  name: 'n-plus-one',
  title: 'N+1 queries: one query per order vs one query with a join',
  prefix: '/orders/recent',
  method: 'GET',
  schema: recentOrdersSchema,
  variants: { 'n-plus-one': nPlusOne, joined },
  defaultVariant: 'joined',
  workload,
  exercise: { variant: exercise, startsAs: 'n-plus-one', solution: 'joined' },
})
