/** Blind spot 6c: overload of a blocking handler, without and with load shedding. */
import { passwordHashSchema } from './contract.js'
import { defineScenario } from '../../scenario-kit/scenario.js'
import { underPressureVariant } from './under-pressure.js'
import { unprotected } from './unprotected.js'
import { exercise } from './exercise.js'
import { workload } from './workload.js'

export const loadShedding = defineScenario({
  name: 'load-shedding',
  title: 'Load shedding: an overloaded blocking handler, without and with @fastify/under-pressure',
  prefix: '/shedding',
  method: 'POST',
  schema: passwordHashSchema,
  variants: { unprotected, 'under-pressure': underPressureVariant },
  defaultVariant: 'under-pressure',
  workload,
  exercise: { variant: exercise, startsAs: 'unprotected', solution: 'under-pressure' },
})
