/**
 * The slow log consumer as its own process: `node --import tsx src/exhibits/log-sink/main.ts --fifo PATH
 * --read-ms 20 --every-ms 100`. It makes the FIFO (Linux and macOS: `mkfifo`), drains it at that
 * pace, and answers on HTTP: GET /stats (bytes and lines read so far, the pace), PUT /pace
 * (a new pace, e.g. `{"readMs":100,"everyMs":100}` to keep up). Started by the bench and the
 * logging tests (src/exhibits/infra/log-sink.ts); it exits with its parent.
 */
import { execFileSync } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:http'
import { rmSync } from 'node:fs'
import { parseArgs } from 'node:util'
import closeWithGrace from 'close-with-grace'
import { reportReady } from '../../infra/child-process.js'
import { SlowConsumer, type Pace } from './slow-consumer.js'

const { values } = parseArgs({
  options: {
    fifo: { type: 'string' },
    'read-ms': { type: 'string', default: '20' },
    'every-ms': { type: 'string', default: '100' },
  },
})
if (!values.fifo) throw new Error('log-sink: --fifo PATH is required')
const fifo = values.fifo

function validPace(value: unknown): Pace | undefined {
  const { readMs, everyMs } = (value ?? {}) as Partial<Pace>
  const ms = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 60_000
  return ms(readMs) && ms(everyMs) && readMs! <= everyMs! ? { readMs: readMs!, everyMs: everyMs! } : undefined
}

const pace = validPace({ readMs: Number(values['read-ms']), everyMs: Number(values['every-ms']) })
if (!pace) throw new Error(`log-sink: --read-ms and --every-ms must be whole ms, 1 to 60,000, read ≤ every`)
execFileSync('mkfifo', ['-m', '600', fifo])
const consumer = new SlowConsumer(fifo, pace)

const server = createServer((request, response) => {
  const reply = (status: number, body: unknown) =>
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
  if (request.method === 'GET' && request.url === '/stats')
    return reply(200, { fifo, bytes: consumer.bytes, lines: consumer.lines, pace: consumer.pace })
  if (request.method === 'PUT' && request.url === '/pace') {
    let body = ''
    request.setEncoding('utf8')
    request.on('data', (chunk: string) => (body += chunk))
    request.on('end', () => {
      let next: Pace | undefined
      try {
        next = validPace(JSON.parse(body))
      } catch {
        next = undefined
      }
      if (!next)
        return reply(400, { message: 'expected {"readMs": n, "everyMs": m}, whole ms, 1 ≤ readMs ≤ everyMs ≤ 60000' })
      consumer.pace = next
      reply(200, { pace: next })
    })
    return
  }
  reply(404, { message: 'GET /stats or PUT /pace' })
})
server.listen(0, '127.0.0.1')
await once(server, 'listening')
const address = server.address()
if (address === null || typeof address === 'string') throw new Error('log-sink: no TCP address')

closeWithGrace({ delay: 5_000 }, async () => {
  consumer.close()
  server.closeAllConnections()
  server.close()
  rmSync(fifo, { force: true })
})
reportReady(`http://127.0.0.1:${address.port}`)
