/** Blind spot 6b: overload of a worker pool, with an unlimited queue vs a bounded one that sheds. */
import { passwordHashSchema } from './contract.js'
import { defineScenario } from '../../scenario-kit/scenario.js'
import { boundedQueue } from './bounded-queue.js'
import { unboundedQueue } from './unbounded-queue.js'
import { exercise } from './exercise.js'
import { workload } from './workload.js'

export const workerQueue = defineScenario({
  name: 'worker-queue',
  title: 'Overload: a worker pool with an unlimited queue vs a bounded one that answers 503 at once',
  prefix: '/hash-queue',
  method: 'POST',
  schema: passwordHashSchema,
  variants: { 'unbounded-queue': unboundedQueue, 'bounded-queue': boundedQueue },
  defaultVariant: 'bounded-queue',
  workload,
  exercise: { variant: exercise, startsAs: 'unbounded-queue', solution: 'bounded-queue' },
})
