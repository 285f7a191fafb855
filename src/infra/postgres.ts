/**
 * Finds a PostgreSQL: DATABASE_URL if set, otherwise a real embedded PostgreSQL on a free port
 * with its data under a git-ignored folder (see embedded-postgres-main.ts).
 */
import { freePort } from './free-port.js'
import { startChild } from './child-process.js'
import type { Provided } from './provided.js'

/** `port`: a free one by default; a restart on the same data wants the same one (clients keep their URL). */
export async function providePostgres(
  configuredUrl: string | undefined,
  dataDir: string,
  port?: number,
): Promise<Provided> {
  if (configuredUrl) return { url: configuredUrl, source: 'DATABASE_URL', stop: async () => {} }
  port ??= await freePort()
  const child = await startChild('embedded postgres', new URL('./embedded-postgres-main.ts', import.meta.url), [
    '--dir',
    dataDir,
    '--port',
    String(port),
  ])
  return {
    url: child.url,
    source: `embedded PostgreSQL in ${dataDir} (DATABASE_URL=${child.url})`,
    stop: () => child.stop(),
  }
}
