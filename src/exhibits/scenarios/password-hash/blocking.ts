/**
 * THE MISTAKE: `scryptSync` in the handler. For ~20 ms per request the event loop runs scrypt and
 * nothing else: no other request is parsed, no timer fires, /health waits. Throughput is one core
 * at most, whatever the machine has.
 * Bench: loop delay max ≈ a queue of hashes; req/s ≈ 1 ÷ hash time.
 */
import { encodeHash, hashSync, hashTask } from '../../hashing/password-hashing.js'
import type { Variant } from '../../scenario-kit/scenario.js'
import type { passwordHashSchema } from './contract.js'

export const blocking: Variant<typeof passwordHashSchema> = {
  role: 'naive',
  summary: 'scryptSync on the event loop: every other request waits',
  createHandler: () => async (request) => {
    const task = hashTask(request.body.password)
    // eslint-disable-next-line blindspots/no-sync-on-request-path -- the blind spot
    return encodeHash(task, hashSync(task))
  },
}
