/**
 * API keys checked the way keys should be stored: as a scrypt hash, so checking one costs ~10 ms
 * of CPU. The hash of the demo key is computed once, when this module loads.
 */
import { scrypt, scryptSync, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'

/** The one key this demo accepts; a real service keeps only the hashes of its keys. */
export const DEMO_API_KEY = 'workshop-demo-key'

const SALT = Buffer.from('blindspots-api-key-salt')
const OPTIONS = { N: 4_096, r: 8, p: 1 }
const KEY_LENGTH = 32
const storedHash = scryptSync(DEMO_API_KEY, SALT, KEY_LENGTH, OPTIONS)
const scryptAsync = promisify(scrypt) as (key: string, salt: Buffer, length: number, options: object) => Promise<Buffer>

export function isValidKeySync(key: string | undefined): boolean {
  return key !== undefined && timingSafeEqual(scryptSync(key, SALT, KEY_LENGTH, OPTIONS), storedHash)
}

export async function isValidKey(key: string): Promise<boolean> {
  return timingSafeEqual(await scryptAsync(key, SALT, KEY_LENGTH, OPTIONS), storedHash)
}
