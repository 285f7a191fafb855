/**
 * Blind spot 1: a blocking call inside a handler. The same upstream call three ways: synchronous
 * (blocks the event loop), async with a new connection per request, async through a shared pool.
 */
import { defineScenario } from '../../scenario-kit/scenario.js'
import { blocking } from './blocking.js'
import { outboundHttpSchema } from './contract.js'
import { newConnection } from './new-connection.js'
import { pooled } from './pooled.js'
import { exercise } from './exercise.js'
import { workload } from './workload.js'

export const outboundHttp = defineScenario({
  name: 'outbound-http',
  title: 'Outbound HTTP: a blocking call in the handler vs an async pooled client',
  prefix: '/http',
  method: 'GET',
  schema: outboundHttpSchema,
  variants: { blocking, 'new-connection': newConnection, pooled },
  defaultVariant: 'pooled',
  workload,
  exercise: { variant: exercise, startsAs: 'blocking', solution: 'pooled' },
})
