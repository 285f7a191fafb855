/**
 * The handler both load-shedding variants serve: scryptSync on the event loop (~20 ms a request).
 * The cure for the handler itself is the worker pool of the password-hash scenario; this one is
 * kept blocking on purpose, to show what shedding does for whatever still overloads a process.
 */
import { encodeHash, hashSync, hashTask } from '../../hashing/password-hashing.js'
import type { ZodRouteHandler } from '../../scenario-kit/scenario.js'
import type { passwordHashSchema } from './contract.js'

export const blockingHash: ZodRouteHandler<typeof passwordHashSchema> = async (request) => {
  const task = hashTask(request.body.password)
  // eslint-disable-next-line blindspots/no-sync-on-request-path -- the blind spot
  return encodeHash(task, hashSync(task))
}
