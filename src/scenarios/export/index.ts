/** Blind spot 4: buffering a large export in memory vs streaming it from a database cursor. */
import { defineScenario } from '../../scenario-kit/scenario.js'
import { buffered } from './buffered.js'
import { exportSchema } from './contract.js'
import { streamed } from './streamed.js'
import { workload } from './workload.js'

export const orderExport = defineScenario({
  name: 'export',
  title: 'Large exports: build the whole body in memory vs stream from a cursor',
  prefix: '/orders/export',
  method: 'GET',
  schema: exportSchema,
  variants: { buffered, streamed },
  defaultVariant: 'streamed',
  workload,
})
