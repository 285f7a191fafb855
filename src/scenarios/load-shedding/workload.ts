import { defineWorkload } from '../../scenario-kit/workload.js'

const hashRequest = (path: string) => ({
  method: 'POST' as const,
  path,
  body: JSON.stringify({ password: 'correct horse battery staple' }),
  headers: { 'content-type': 'application/json' },
})

/**
 * The same overload against a blocking handler, without and with under-pressure. (No unloaded
 * probe: one client back to back already keeps this loop 100% busy, so under-pressure sheds it too.)
 */
export const workload = defineWorkload({
  connections: 100,
  request: hashRequest,
  ceilingRps: () => null,
  shedsLoad: ['under-pressure'],
})
