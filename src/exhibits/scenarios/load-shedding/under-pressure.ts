/**
 * THE FIX for a server that can be overloaded: @fastify/under-pressure watches the event loop and
 * answers 503 + Retry-After at once while it is saturated, so the server keeps a short queue and
 * the clients it does serve are served in time. Here it guards the same blocking handler (the
 * cure for the handler itself is a worker pool): shedding is the safety net
 * for whatever still overloads a process. Registered in this variant's context only; an app
 * registers it once, at the root.
 * Thresholds: event-loop utilisation over 90% in the last 200 ms, or a mean loop delay over
 * 100 ms. (The mean delay alone barely moves for back-to-back 20 ms blocks; utilisation does.)
 * Bench: many fast 503s; the 200s' p99 far below the unprotected one's.
 */
import underPressure from '@fastify/under-pressure'
import { OverloadedError } from '../../../errors.js'
import type { Variant } from '../../scenario-kit/scenario.js'
import { blockingHash } from './blocking-hash.js'
import type { passwordHashSchema } from './contract.js'

export const underPressureVariant: Variant<typeof passwordHashSchema> = {
  role: 'optimized',
  summary: 'the same handler behind @fastify/under-pressure: 503 + Retry-After while the loop is saturated',
  createHandler: async (app) => {
    await app.register(underPressure, {
      maxEventLoopUtilization: 0.9,
      eventLoopUtilizationMode: 'interval',
      maxEventLoopDelay: 100,
      sampleInterval: 200,
      // A rejected promise goes to next(err), so the error handler answers in the catalogue's shape.
      pressureHandler: (_request, _reply, type, value) =>
        Promise.reject(
          new OverloadedError(`${type} ${typeof value === 'number' ? value.toFixed(2) : 'over its limit'}`),
        ),
    })
    return blockingHash
  },
}
