/** Blind spot 6: CPU work on the event loop vs the libuv threadpool vs a bounded worker pool. */
import { defineScenario } from '../../scenario-kit/scenario.js'
import { blocking } from './blocking.js'
import { passwordHashSchema } from './contract.js'
import { threadpool } from './threadpool.js'
import { workerPool } from './worker-pool.js'
import { exercise } from './exercise.js'
import { workload } from './workload.js'

export const passwordHash = defineScenario({
  name: 'password-hash',
  title: 'CPU work: scrypt on the event loop vs the libuv threadpool vs a bounded worker pool',
  prefix: '/password-hash',
  method: 'POST',
  schema: passwordHashSchema,
  variants: { blocking, threadpool, 'worker-pool': workerPool },
  defaultVariant: 'worker-pool',
  workload,
  exercise: { variant: exercise, startsAs: 'blocking', solution: 'threadpool' },
})
