/**
 * Password hashing with scrypt and a fresh random salt, in pieces a handler can run anywhere: on
 * the event loop, on libuv's threadpool or in a worker thread (hash-threads.ts). scrypt is built
 * to be slow: at cost 8,192 one hash is ~20 ms of pure CPU on this project's 2-core machine,
 * which is exactly what must not run on the event loop.
 */
import { randomBytes, scryptSync } from 'node:crypto'
import { z } from 'zod'

/** scrypt's N. OWASP asks for 2^17 in production; 2^13 keeps a bench run short and still CPU-heavy. */
const COST = 8_192
const KEY_LENGTH = 32

/** What one hash needs: plain data, so it can be posted to a worker thread as is. */
export interface HashTask {
  readonly password: string
  readonly salt: string
  readonly cost: number
  readonly keyLength: number
}

export function hashTask(password: string): HashTask {
  return { password, salt: randomBytes(16).toString('base64'), cost: COST, keyLength: KEY_LENGTH }
}

/** The stored form: every parameter travels with the hash, so the cost can rise later. */
export function encodeHash({ salt, cost }: HashTask, key: string): { hash: string } {
  return { hash: `scrypt$${cost}$8$1$${salt}$${key}` }
}

/** scrypt's own options for a task: r = 8 and p = 1, the usual choice. */
export const scryptOptions = (task: HashTask) => ({ N: task.cost, r: 8, p: 1 })

/**
 * The hash, computed on the calling thread: ~20 ms during which that thread does nothing else.
 * Named like Node's own blocking calls (`*Sync`), which is what the lint rule reads.
 */
export function hashSync(task: HashTask): string {
  return scryptSync(task.password, Buffer.from(task.salt, 'base64'), task.keyLength, scryptOptions(task)).toString(
    'base64',
  )
}

/** What a route that hashes a password accepts: the body every hashing scenario validates. */
export const passwordBody = z.object({ password: z.string().min(8).max(128) })

/** The request the bench repeats against a hashing route. */
export const passwordHashRequest = (path: string) => ({
  method: 'POST' as const,
  path,
  body: JSON.stringify({ password: 'correct horse battery staple' }),
  headers: { 'content-type': 'application/json' },
})
