/** Blind spot 7b: the forgotten `await`, whose write silently never happens. */
import { defineScenario } from '../../scenario-kit/scenario.js'
import { awaited } from './awaited.js'
import { auditSchema } from './contract.js'
import { forgotten } from './forgotten.js'
import { exercise } from './exercise.js'
import { workload } from './workload.js'

export const forgottenAwait = defineScenario({
  name: 'forgotten-await',
  title: 'The forgotten await: a lazy query that is never sent vs an awaited write',
  prefix: '/audit',
  method: 'POST',
  schema: auditSchema,
  variants: { forgotten, awaited },
  defaultVariant: 'awaited',
  workload,
  exercise: { variant: exercise, startsAs: 'forgotten', solution: 'awaited' },
})
