/** Blind spot 3a: serialising large replies generically vs with a compiled schema. */
import { defineScenario } from '../../scenario-kit/scenario.js'
import { compiled } from './compiled.js'
import { orderListSchema } from './contract.js'
import { jsonStringify } from './json-stringify.js'
import { zodValidated } from './zod-validated.js'
import { workload } from './workload.js'

export const serialization = defineScenario({
  name: 'serialization',
  title: 'Serialisation of large replies: JSON.stringify or zod vs a compiled schema',
  prefix: '/orders/list',
  method: 'GET',
  schema: orderListSchema,
  variants: { 'zod-validated': zodValidated, 'json-stringify': jsonStringify, compiled },
  defaultVariant: 'compiled',
  workload,
})
