/** Blind spot 2b: a shared singleton with per-request state behind a lock. */
import { defineScenario } from '../../scenario-kit/scenario.js'
import { quoteSchema } from './contract.js'
import { locked } from './locked.js'
import { stateless } from './stateless.js'
import { exercise } from './exercise.js'
import { workload } from './workload.js'

export const sharedSingleton = defineScenario({
  name: 'shared-singleton',
  title: 'A shared singleton: per-request state behind a lock vs a stateless service',
  prefix: '/quote',
  method: 'GET',
  schema: quoteSchema,
  variants: { locked, stateless },
  defaultVariant: 'stateless',
  workload,
  exercise: { variant: exercise, startsAs: 'locked', solution: 'stateless' },
})
