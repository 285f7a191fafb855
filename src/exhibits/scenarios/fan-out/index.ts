/** Blind spot 7a: independent I/O awaited in sequence instead of concurrently. */
import { defineScenario } from '../../scenario-kit/scenario.js'
import { concurrent } from './concurrent.js'
import { fanOutSchema } from './contract.js'
import { sequential } from './sequential.js'
import { exercise } from './exercise.js'
import { workload } from './workload.js'

export const fanOut = defineScenario({
  name: 'fan-out',
  title: 'Fan-out: independent upstream calls awaited one by one vs together',
  prefix: '/fan-out',
  method: 'GET',
  schema: fanOutSchema,
  variants: { sequential, concurrent },
  defaultVariant: 'concurrent',
  workload,
  exercise: { variant: exercise, startsAs: 'sequential', solution: 'concurrent' },
})
