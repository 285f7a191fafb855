/**
 * THE MISTAKE: a heavy check in a global `onRequest` hook. Registered at the root, as such hooks
 * usually are, it runs for every route, including those that need no key (/health, public
 * pages), before validation, synchronously, and again for every request of the same caller.
 * Here it is confined to this variant's context so that the bench's other scenarios do not pay for
 * it; in an app it taxes them all.
 * Bench: req/s ≈ 1 ÷ check time; loop delay grows with the queue.
 */
import { InvalidApiKeyError } from '../../../errors.js'
import type { Variant } from '../../scenario-kit/scenario.js'
import { isValidKeySync } from './api-keys.js'
import type { hooksSchema } from './contract.js'

export const globalSync: Variant<typeof hooksSchema> = {
  role: 'naive',
  summary: 'a global onRequest hook that scrypt-checks the key synchronously on every request',
  createHandler: (app) => {
    app.addHook('onRequest', (request, _reply, done) => {
      const key = request.headers['x-api-key']
      // eslint-disable-next-line blindspots/no-sync-on-request-path -- the blind spot
      done(isValidKeySync(typeof key === 'string' ? key : undefined) ? undefined : new InvalidApiKeyError())
    })
    return async () => ({ ok: true as const, checkedBy: 'global onRequest hook, scryptSync' })
  },
}
