/**
 * BETTER: the callback `crypto.scrypt` runs on libuv's threadpool, so the event loop stays free.
 * The threadpool is shared by all of the process's fs, dns.lookup, zlib and crypto work, and has
 * UV_THREADPOOL_SIZE threads (default 4, read once at start-up): a burst of hashes queues ahead
 * of file reads, and a pool smaller than the cores leaves cores idle. The bench runs this variant
 * a second time with UV_THREADPOOL_SIZE=1 to show it.
 */
import { scrypt } from 'node:crypto'
import { promisify } from 'node:util'
import { encodeHash, hashTask, scryptOptions } from '../../hashing/password-hashing.js'
import type { Variant } from '../../scenario-kit/scenario.js'
import type { passwordHashSchema } from './contract.js'

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  keyLength: number,
  options: object,
) => Promise<Buffer>

export const threadpool: Variant<typeof passwordHashSchema> = {
  role: 'optimized',
  summary: 'crypto.scrypt on the libuv threadpool: the loop stays free',
  createHandler: () => async (request) => {
    const task = hashTask(request.body.password)
    const key = await scryptAsync(task.password, Buffer.from(task.salt, 'base64'), task.keyLength, scryptOptions(task))
    return encodeHash(task, key.toString('base64'))
  },
}
