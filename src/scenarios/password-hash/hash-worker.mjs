// @ts-check
/**
 * One password hash, in a worker thread of the pool (hash-pool.ts). Plain JS so that worker
 * threads need no TypeScript loader. The task's shape is HashTask (contract.ts).
 */
import { Buffer } from 'node:buffer'
import { scryptSync } from 'node:crypto'

/** @param {{ password: string, salt: string, cost: number, keyLength: number }} task */
export default function hash({ password, salt, cost, keyLength }) {
  return scryptSync(password, Buffer.from(salt, 'base64'), keyLength, { N: cost, r: 8, p: 1 }).toString('base64')
}
