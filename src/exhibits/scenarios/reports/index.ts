/** Blind spot 8: long work inline vs offloaded to a queue (BullMQ) with retries and a DLQ. */
import { defineScenario } from '../../scenario-kit/scenario.js'
import { reportsSchema } from './contract.js'
import { inline } from './inline.js'
import { offloaded } from './offloaded.js'
import { exercise } from './exercise.js'
import { workload } from './workload.js'

export const reports = defineScenario({
  name: 'reports',
  title: 'Long work: build a report inside the request vs enqueue it (BullMQ) and answer 202',
  prefix: '/reports',
  method: 'POST',
  schema: reportsSchema,
  variants: { inline, offloaded },
  defaultVariant: 'offloaded',
  workload,
  exercise: { variant: exercise, startsAs: 'inline', solution: 'offloaded' },
})
