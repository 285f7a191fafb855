/**
 * Blind spot 2: database access that serialises. The same query three ways: a synchronous driver
 * (blocks the event loop), an async driver behind a locked single-connection singleton (serialises
 * without blocking), drizzle over a pool with a bounded wait for a connection.
 */
import { defineScenario } from '../../scenario-kit/scenario.js'
import { blocking } from './blocking.js'
import { databaseSchema } from './contract.js'
import { pooled } from './pooled.js'
import { serialised } from './serialised.js'
import { exercise } from './exercise.js'
import { workload } from './workload.js'

export const database = defineScenario({
  name: 'database',
  title: 'Database access: a sync driver or a locked single connection vs a pool',
  prefix: '/db',
  method: 'GET',
  schema: databaseSchema,
  variants: { blocking, serialised, pooled },
  defaultVariant: 'pooled',
  workload,
  exercise: { variant: exercise, startsAs: 'serialised', solution: 'pooled' },
})
