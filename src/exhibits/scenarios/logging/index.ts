/** Blind spot 7b: synchronous logging vs a bounded buffer written off the loop, with a slow log reader. */
import { defineScenario } from '../../scenario-kit/scenario.js'
import { async } from './async-destination.js'
import { loggingSchema } from './contract.js'
import { sync } from './sync-destination.js'
import { exercise } from './exercise.js'
import { workload } from './workload.js'

export const logging = defineScenario({
  name: 'logging',
  title: 'Logging to a slow reader: a write(2) per line on the event loop vs a bounded buffer written off it',
  prefix: '/logging',
  method: 'GET',
  schema: loggingSchema,
  variants: { sync, async },
  defaultVariant: 'async',
  workload,
  exercise: { variant: exercise, startsAs: 'sync', solution: 'async' },
})
