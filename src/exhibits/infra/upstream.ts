/** The slow upstream: UPSTREAM_URL if set, otherwise our own upstream server in a child process. */
import { startChild } from '../../infra/child-process.js'
import type { Provided } from '../../infra/provided.js'

export async function provideUpstream(configuredUrl: string | undefined, delayMs: number): Promise<Provided> {
  if (configuredUrl) return { url: configuredUrl, source: 'UPSTREAM_URL', stop: async () => {} }
  const child = await startChild('upstream', new URL('../upstream/main.ts', import.meta.url), [
    '--delay-ms',
    String(delayMs),
  ])
  return { url: child.url, source: `our upstream, ${delayMs} ms default delay`, stop: () => child.stop() }
}
