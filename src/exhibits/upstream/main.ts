/**
 * Runs the slow upstream as its own process: `npm run upstream -- --port 4000 --delay-ms 50`.
 * When started by our tooling (with an IPC channel) it reports its URL to the parent and exits
 * when the parent goes away.
 */
import { once } from 'node:events'
import { parseArgs } from 'node:util'
import closeWithGrace from 'close-with-grace'
import { reportReady } from '../../infra/child-process.js'
import { createUpstreamServer } from './server.js'

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '0' },
    'delay-ms': { type: 'string', default: '50' },
  },
})

const server = createUpstreamServer({ defaultDelayMs: Number(values['delay-ms']) })
server.listen(Number(values.port), values.host)
await once(server, 'listening')
const address = server.address()
if (address === null || typeof address === 'string') throw new Error('upstream: no TCP address')
const url = `http://${values.host}:${address.port}`

closeWithGrace({ delay: 5_000 }, async () => {
  server.closeAllConnections()
  server.close()
  await once(server, 'close')
})
reportReady(url)
