/**
 * EXERCISE: a copy of `blocking.ts`, the mistake, for you to fix. The goal: hash without keeping
 * the event loop busy for every hash. Keep the contract (the same status and body for the same
 * request). Check it: `npm run verify -- password-hash` runs the claims of `threadpool` (the model
 * answer, `threadpool.ts`) against this file and benches it between the two. Try it by hand:
 * `WORKSHOP=true npm run demo`, then the scenario's path + `/exercise`. The lesson (README.md in this
 * folder) explains why.
 */
import { encodeHash, hashSync, hashTask } from '../../hashing/password-hashing.js'
import type { Variant } from '../../scenario-kit/scenario.js'
import type { passwordHashSchema } from './contract.js'

export const exercise: Variant<typeof passwordHashSchema> = {
  role: 'naive',
  summary: 'scryptSync on the event loop: every other request waits',
  createHandler: () => async (request) => {
    const task = hashTask(request.body.password)
    // eslint-disable-next-line blindspots/no-sync-on-request-path -- the blind spot
    return encodeHash(task, hashSync(task))
  },
}
