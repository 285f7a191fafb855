/**
 * Blind spot 4: buffering a large export in memory vs streaming it from a database cursor, and
 * then letting Postgres format it (COPY).
 */
import { defineScenario } from '../../scenario-kit/scenario.js'
import { buffered } from './buffered.js'
import { copy } from './copy.js'
import { exportSchema } from './contract.js'
import { streamed } from './streamed.js'
import { exercise } from './exercise.js'
import { workload } from './workload.js'

export const orderExport = defineScenario({
  name: 'export',
  title: 'Large exports: build the whole body in memory vs stream from a cursor vs COPY',
  prefix: '/orders/export',
  method: 'GET',
  schema: exportSchema,
  variants: { buffered, streamed, copy },
  defaultVariant: 'copy',
  workload,
  exercise: { variant: exercise, startsAs: 'buffered', solution: 'streamed' },
})
