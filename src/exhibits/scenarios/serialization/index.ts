/** Blind spot 3a: serialising large replies generically vs with a compiled schema, or in Postgres. */
import { defineScenario } from '../../scenario-kit/scenario.js'
import { compiled } from './compiled.js'
import { orderListSchema } from './contract.js'
import { jsonStringify } from './json-stringify.js'
import { postgresCsv } from './postgres-csv.js'
import { postgresJson } from './postgres-json.js'
import { zodValidated } from './zod-validated.js'
import { exercise } from './exercise.js'
import { workload } from './workload.js'

export const serialization = defineScenario({
  name: 'serialization',
  title: 'Serialisation of large replies: JSON.stringify or zod vs a compiled schema vs JSON from Postgres',
  prefix: '/orders/list',
  method: 'GET',
  schema: orderListSchema,
  variants: {
    'zod-validated': zodValidated,
    'json-stringify': jsonStringify,
    compiled,
    'postgres-json': postgresJson,
    'postgres-csv': postgresCsv,
  },
  defaultVariant: 'postgres-json',
  workload,
  exercise: { variant: exercise, startsAs: 'json-stringify', solution: 'compiled' },
})
