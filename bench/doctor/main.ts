/**
 * `npm run doctor -- <url> [--method M] [--body B] [--header 'name: value']… [--probe URL|PATH]
 *   [--metrics URL|PATH | --no-metrics] [--connections 1,4,16,64] [--duration S] [--expect-ms MS]
 *   [--allow-remote] [--out DIR]`
 * Which blind spot has this route? Drives it at a few concurrency levels while probing a cheap
 * route of the same server, reads the server's /metrics when it has one, and says what it found
 * (examine.ts, diagnose.ts). Works on any HTTP server: only the inside view needs Prometheus.
 * With --expect-ms (what one of the route's calls costs), it also checks latency: calls awaited
 * one after another show only against that.
 * Writes DIR/doctor.json and DIR/doctor.html (default .data/doctor). Exit 0 healthy (or the
 * cores its only limit), 1 a blind spot or an unknown shape, 2 bad usage.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { NO_BLIND_SPOT } from './diagnose.js'
import { examine, isLoopback, type ExamineOptions } from './examine.js'
import { ProbeError } from './probe.js'
import { toHtml, toText } from './report.js'

/** Caps, said at start: a few minutes of load at most, against a machine someone else may share. */
export const MAX_CONNECTIONS = 256
export const MAX_LEVEL_SEC = 10
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const

function usage(message: string): never {
  console.error(
    `doctor: ${message}\nusage: npm run doctor -- <url> [--method GET] [--body '{"a":1}'] [--header 'content-type: application/json'] [--probe /health] [--metrics /metrics | --no-metrics] [--connections 1,4,16,64] [--duration 2] [--expect-ms 30] [--allow-remote] [--out .data/doctor]`,
  )
  process.exit(2)
}

export function parseOptions(argv: readonly string[]): ExamineOptions & { out: string } {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      method: { type: 'string', default: 'GET' },
      body: { type: 'string' },
      header: { type: 'string', multiple: true, default: [] },
      probe: { type: 'string', default: '/health' },
      metrics: { type: 'string', default: '/metrics' },
      'no-metrics': { type: 'boolean', default: false },
      connections: { type: 'string', default: '1,4,16,64' },
      duration: { type: 'string', default: '2' },
      'expect-ms': { type: 'string' },
      'allow-remote': { type: 'boolean', default: false },
      out: { type: 'string', default: '.data/doctor' },
    },
  })
  const [raw] = positionals
  if (!raw) usage('name the route to examine, as a URL')
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    usage(`not a URL: ${raw}`)
  }
  if (!['http:', 'https:'].includes(url.protocol)) usage(`only http and https, not ${url.protocol}`)
  if (!isLoopback(url.hostname) && !values['allow-remote']) {
    usage(
      `${url.hostname} is not this machine: the doctor puts load on what it examines; pass --allow-remote if you mean it`,
    )
  }
  const method = values.method.toUpperCase()
  if (!(METHODS as readonly string[]).includes(method)) usage(`--method: one of ${METHODS.join(', ')}`)
  const connections = values.connections.split(',').map(Number)
  if (connections.some((c) => !Number.isInteger(c) || c < 1 || c > MAX_CONNECTIONS) || connections.length < 2) {
    usage(`--connections: at least two levels, whole numbers from 1 to ${MAX_CONNECTIONS}`)
  }
  const levelSec = Number(values.duration)
  if (!(levelSec >= 0.5 && levelSec <= MAX_LEVEL_SEC)) usage(`--duration: seconds per level, 0.5 to ${MAX_LEVEL_SEC}`)
  const expectMs = values['expect-ms'] === undefined ? null : Number(values['expect-ms'])
  if (expectMs !== null && !(expectMs > 0 && expectMs <= 60_000))
    usage('--expect-ms: what one call of the route costs, in ms, more than 0 and at most 60000')
  const headers: Record<string, string> = {}
  for (const h of values.header) {
    const at = h.indexOf(':')
    if (at < 1) usage(`--header '${h}': expected 'name: value'`)
    headers[h.slice(0, at).trim().toLowerCase()] = h.slice(at + 1).trim()
  }
  if (values.body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json'
  const sameServer = (where: string) => new URL(where, url.origin).href
  return {
    url: url.href,
    method: method as ExamineOptions['method'],
    ...(values.body === undefined ? {} : { body: values.body }),
    headers,
    probeUrl: sameServer(values.probe),
    metricsUrl: values['no-metrics'] ? null : sameServer(values.metrics),
    connections: [...new Set(connections)].sort((a, b) => a - b),
    levelSec,
    expectMs,
    log: (line) => process.stderr.write(`doctor: ${line}\n`),
    out: values.out,
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const options = parseOptions(process.argv.slice(2))
  const budget = Math.round(options.connections.length * options.levelSec + 2 * options.levelSec + 2)
  options.log(
    `${options.method} ${options.url}: ${options.connections.join(', ')} connections, ${options.levelSec} s each, then twice the best rate for ${2 * options.levelSec} s (capped at ${MAX_CONNECTIONS} connections, ${MAX_LEVEL_SEC} s a level): about ${budget} s plus the slowest replies`,
  )
  const exam = await examine(options).catch((err: unknown) => {
    if (err instanceof ProbeError) usage(err.message)
    throw err
  })
  await mkdir(options.out, { recursive: true })
  await writeFile(join(options.out, 'doctor.json'), `${JSON.stringify(exam, null, 2)}\n`)
  await writeFile(join(options.out, 'doctor.html'), toHtml(exam))
  console.log(toText(exam))
  console.log(`(${join(options.out, 'doctor.json')}, ${join(options.out, 'doctor.html')})`)
  process.exitCode = NO_BLIND_SPOT.includes(exam.diagnosis.kind) ? 0 : 1
}
