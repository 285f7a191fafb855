/**
 * EXERCISE: a copy of `global-sync.ts`, the mistake, for you to fix. The goal: run the API-key
 * check only where it is needed and not synchronously on the loop for every request. Keep the
 * contract (the same status and body for the same request). Check it: `npm run verify -- hooks`
 * runs the claims of `scoped-cached` (the model answer, `scoped-cached.ts`) against this file and
 * benches it between the two. Try it by hand: `WORKSHOP=true npm run demo`, then the scenario's path
 * + `/exercise`. The lesson (README.md in this folder) explains why.
 */
import { InvalidApiKeyError } from '../../../errors.js'
import type { Variant } from '../../scenario-kit/scenario.js'
import { isValidKeySync } from './api-keys.js'
import type { hooksSchema } from './contract.js'

export const exercise: Variant<typeof hooksSchema> = {
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
