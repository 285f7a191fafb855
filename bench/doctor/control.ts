/**
 * The control: a server of the doctor's own beside the target, with nothing to do but answer, and
 * probed like the target's /health throughout. Both probes share the machine's cores with the
 * route, its backend and the doctor; only the target's shares its event loop. What the control's
 * probe waits over its idle latency is the machine's delay, not a hold of the target's loop (a
 * route whose database burns a core slows every probe on a 2-core machine, the control's too).
 * For a target on this machine only: elsewhere the control would share none of its cores.
 */
import { startPortServer } from './port-server.js'

// Plain JavaScript in a process of its own: a server is scheduled as a server, not as the doctor's thread.
const CONTROL_CODE = `
const server = require('node:http').createServer((req, res) => res.end('ok'))
server.listen(0, '127.0.0.1', () => console.log(server.address().port))
`

export interface ControlServer {
  readonly url: string
  stop(): Promise<void>
}

export async function startControlServer(): Promise<ControlServer> {
  const server = await startPortServer(process.execPath, ['-e', CONTROL_CODE])
  return { url: `${server.origin}/`, stop: () => server.stop() }
}
