/** redis-server (or valkey-server) on PATH, for the tests that start one of their own. */
import { execFileSync } from 'node:child_process'

export function redisServerOnPath(): string | undefined {
  for (const name of ['redis-server', 'valkey-server']) {
    try {
      const found = execFileSync('which', [name], { encoding: 'utf8' }).trim()
      if (found) return found
    } catch {
      // not on PATH
    }
  }
  return undefined
}
