/** Blind spot 7b: synchronous logging vs an asynchronous, buffered destination. */
import { defineScenario } from '../../scenario-kit/scenario.js'
import { asyncDestination } from './async-destination.js'
import { loggingSchema } from './contract.js'
import { syncDestination } from './sync-destination.js'
import { workload } from './workload.js'

export const logging = defineScenario({
  name: 'logging',
  title: 'Logging: a write(2) per line on the event loop vs a buffered asynchronous destination',
  prefix: '/logging',
  method: 'GET',
  schema: loggingSchema,
  variants: { sync: syncDestination, async: asyncDestination },
  defaultVariant: 'async',
  workload,
})
