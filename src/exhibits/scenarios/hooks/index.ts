/** Blind spot 7c: a heavy global hook on every request vs the same logic scoped, async and cached. */
import { defineScenario } from '../../scenario-kit/scenario.js'
import { hooksSchema } from './contract.js'
import { globalSync } from './global-sync.js'
import { scopedCached } from './scoped-cached.js'
import { exercise } from './exercise.js'
import { workload } from './workload.js'

export const hooks = defineScenario({
  name: 'hooks',
  title: 'Hooks: a synchronous key check on every request vs scoped, async and cached',
  prefix: '/hooks',
  method: 'GET',
  schema: hooksSchema,
  variants: { 'global-sync': globalSync, 'scoped-cached': scopedCached },
  defaultVariant: 'scoped-cached',
  workload,
  exercise: { variant: exercise, startsAs: 'global-sync', solution: 'scoped-cached' },
})
