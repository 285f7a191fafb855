/**
 * THE FIX: the same check, registered by Fastify's encapsulation only in the context of the
 * routes that need it (this plugin's), as a `preHandler` (after the headers are validated),
 * asynchronous (scrypt on the threadpool), and cached: a key that passed is remembered for a
 * minute, so a caller pays the ~10 ms once, not per request. The cache holds digests, not keys,
 * and is bounded.
 * Bench: req/s of a cheap route; loop delay flat.
 */
import { createHash } from 'node:crypto'
import { InvalidApiKeyError } from '../../../errors.js'
import type { Variant } from '../../scenario-kit/scenario.js'
import { isValidKey } from './api-keys.js'
import type { hooksSchema } from './contract.js'

const CACHE_TTL_MS = 60_000
const CACHE_MAX_KEYS = 10_000

export const scopedCached: Variant<typeof hooksSchema> = {
  role: 'optimized',
  summary: 'the same check scoped to the routes that need it, async, and cached per key',
  createHandler: (app) => {
    const validUntil = new Map<string, number>()
    app.addHook<{ Headers: { 'x-api-key': string } }>('preHandler', async (request) => {
      const key = request.headers['x-api-key']
      const digest = createHash('sha256').update(key).digest('base64')
      if ((validUntil.get(digest) ?? 0) > Date.now()) return
      if (!(await isValidKey(key))) throw new InvalidApiKeyError()
      // Oldest first out when full: a Map iterates in insertion order.
      if (validUntil.size >= CACHE_MAX_KEYS) validUntil.delete(validUntil.keys().next().value!)
      validUntil.set(digest, Date.now() + CACHE_TTL_MS)
    })
    return async () => ({ ok: true as const, checkedBy: 'scoped preHandler, async scrypt, cached' })
  },
}
