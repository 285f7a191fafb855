/**
 * A server the doctor knows nothing about: plain node:http, no framework, no /metrics (the doctor
 * sees it from outside only). Each route has a blind spot it must name, or none. CommonJS, plain
 * JavaScript: `node node-http-server.cjs` on any Node. Prints its port on stdout.
 */
const http = require('node:http')
const { performance } = require('node:perf_hooks')
const process = require('node:process')
const tls = require('node:tls')
const { setTimeout, clearTimeout } = require('node:timers')

const wait = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms))
const spin = (/** @type {number} */ ms) => {
  const end = performance.now() + ms
  while (performance.now() < end);
}

/**
 * `size` slots; a caller waits for one at most `waitMs` (Infinity: no bound), or is refused at once (0).
 * @param {number} size
 * @param {number} waitMs
 * @returns {(work: () => Promise<unknown>) => Promise<boolean>}
 */
function slots(size, waitMs) {
  let free = size
  /** @type {Array<() => void>} */
  const waiters = []
  const take = () => {
    if (free > 0) return (free--, Promise.resolve(true))
    if (waitMs === 0) return Promise.resolve(false)
    return new Promise((/** @type {(ok: boolean) => void} */ resolve) => {
      const give = () => (clearTimeout(timer), resolve(true))
      const timer =
        waitMs === Infinity
          ? undefined
          : setTimeout(() => (waiters.splice(waiters.indexOf(give), 1), resolve(false)), waitMs)
      waiters.push(give)
    })
  }
  const give = () => {
    const next = waiters.shift()
    if (next) next()
    else free++
  }
  return async (work) => {
    if (!(await take())) return false
    try {
      await work()
    } finally {
      give()
    }
    return true
  }
}

const bounded = slots(16, 1500)
const boundedShort = slots(16, 500)
const unbounded = slots(4, Infinity)
const shedding = slots(4, 0)
let lock = /** @type {Promise<unknown>} */ (Promise.resolve())
const view = new Int32Array(new SharedArrayBuffer(4))

/** @type {Record<string, () => Promise<boolean>>} */
const routes = {
  '/health': async () => true,
  '/busy': async () => (spin(30), true), // CPU work on the loop
  '/sync-wait': async () => (Atomics.wait(view, 0, 0, 30), true), // a synchronous wait on the loop
  '/locked': async () => {
    const mine = lock.then(() => wait(30)) // one at a time behind a module-level lock
    lock = mine
    await mine
    return true
  },
  '/pool': () => bounded(() => wait(20)), // 16 slots, a wait of at most 1.5 s, then 503
  '/pool-short-wait': () => boundedShort(() => wait(20)), // the same, at most 0.5 s
  '/unbounded': () => unbounded(() => wait(20)), // 4 slots, callers wait as long as it takes
  '/shed': () => shedding(() => wait(20)), // 4 slots, refused at once when full
  '/compute': async () => (spin(1), await wait(20), true), // no pool: 1 ms of CPU, then a timer
  // A client built per call: its TLS context parses the root certificates (~22 ms of CPU on Node 20,
  // ~6 on Node 24), then the call.
  '/client-per-request': async () => (tls.createSecureContext({ ca: [...tls.rootCertificates] }), await wait(20), true),
  '/fine': async () => (await wait(30), true),
  '/sequential': async () => (await wait(30), await wait(30), await wait(30), true), // independent calls in turn
  '/concurrent': async () => (await Promise.all([wait(30), wait(30), wait(30)]), true),
}

/**
 * @param {http.IncomingMessage} req
 * @param {http.ServerResponse} res
 */
async function serve(req, res) {
  const route = routes[req.url ?? '']
  if (!route) return void res.writeHead(404).end()
  const served = await route()
  res.writeHead(served ? 200 : 503, { 'content-type': 'text/plain' }).end(served ? 'ok' : 'busy')
}

const server = http
  .createServer((req, res) => void serve(req, res))
  .listen(0, '127.0.0.1', () => {
    const address = /** @type {import('node:net').AddressInfo} */ (server.address())
    process.stdout.write(`${address.port}\n`)
  })
