/**
 * Each blind-spot rule on code it must flag and code it must leave alone: the lessons' fixes, and
 * the same call at start-up, where it is right.
 */
import { RuleTester } from 'eslint'
import tseslint from 'typescript-eslint'
import { describe, it } from 'vitest'
import { rules } from '../../lint/plugin.js'

RuleTester.describe = describe
RuleTester.it = it
const tester = new RuleTester({ languageOptions: { parser: tseslint.parser, ecmaVersion: 2024, sourceType: 'module' } })
const handler = (body: string) => `app.get('/x', async (request, reply) => {\n${body}\n})`

tester.run('no-sync-on-request-path', rules['no-sync-on-request-path'], {
  valid: [
    `const config = readFileSync('config.json', 'utf8')`,
    `function createHandler(app) { const key = scryptSync(secret, salt, 32); return async (request) => key }`,
    handler(`const text = await readFile(path, 'utf8'); return text`),
    handler(`return encodeHash(task, await pool.run(task))`),
  ],
  invalid: [
    { code: handler(`return readFileSync(path)`), errors: [{ messageId: 'sync' }] },
    { code: handler(`return fs.readFileSync(path)`), errors: [{ messageId: 'sync' }] },
    { code: handler(`return syncSql.query(statement)[0]`), errors: [{ messageId: 'sync' }] },
    { code: handler(`const { text } = syncHttp.get(path); return text`), errors: [{ messageId: 'sync' }] },
    { code: handler(`Atomics.wait(view, 0, 0, 10); return 1`), errors: [{ messageId: 'sync' }] },
    {
      code: `app.addHook('onRequest', (request, _reply, done) => done(isValidKeySync(request.headers.key) ? undefined : err))`,
      errors: [{ messageId: 'sync' }],
    },
    { code: `export const h = async (request) => encodeHash(task, hashSync(task))`, errors: [{ messageId: 'sync' }] },
    {
      code: handler(`return app.dbGate.run(async () => execSync('ls'))`),
      errors: [{ messageId: 'sync' }],
    },
  ],
})

tester.run('no-client-per-request', rules['no-client-per-request'], {
  valid: [
    `const upstream = new Pool(url, { connections: 64 })`,
    `function plugin(app) { const sql = postgres(url, { max: 20 }); app.decorate('sql', sql) }`,
    handler(`return getDelay(app.upstream, request.query.delayMs)`),
  ],
  invalid: [
    {
      code: handler(`const client = new Client(url); return client.request({ path: '/' })`),
      errors: [{ messageId: 'client' }],
    },
    { code: handler(`const sql = postgres(url); return sql\`select 1\``), errors: [{ messageId: 'client' }] },
    { code: handler(`const agent = new undici.Agent(); return agent`), errors: [{ messageId: 'client' }] },
  ],
})

tester.run('no-shared-lock', rules['no-shared-lock'], {
  valid: [
    handler(`const release = await app.dbGate.acquire(); try { return 1 } finally { release() }`),
    handler(`return Promise.all([a(), b()])`),
  ],
  invalid: [
    { code: handler(`return lock.runExclusive(() => query.execute(request.query))`), errors: [{ messageId: 'lock' }] },
    {
      code: `class Quote { #lock = new Mutex(); quote(id) { return this.#lock.runExclusive(async () => id) } }`,
      errors: [{ messageId: 'lock' }],
    },
    {
      code: `async function f() { const release = await mutex.acquire(); release() }`,
      errors: [{ messageId: 'lock' }],
    },
  ],
})

tester.run('no-query-in-loop', rules['no-query-in-loop'], {
  valid: [
    handler(`const rows = await app.db.select().from(orders).innerJoin(customers, on); return rows`),
    handler(`for await (const row of sql\`select * from orders\`.cursor()) reply.raw.write(row)`),
    handler(`for (const part of parts) results.push(await callPart(part))`),
    `async function seed() { for (const batch of batches) await db.insert(orders).values(batch) }`,
  ],
  invalid: [
    {
      code: handler(
        `for (const o of recent) { const [c] = await app.db.select().from(customers).where(eq(customers.id, o.id)) }`,
      ),
      errors: [{ messageId: 'loop' }],
    },
    {
      code: handler(
        `let i = 0; while (i < ids.length) { await sql\`select * from customers where id = \${ids[i++]}\` }`,
      ),
      errors: [{ messageId: 'loop' }],
    },
    {
      code: handler(`return app.dbGate.run(async () => { for (const id of ids) await app.sql.query('x', [id]) })`),
      errors: [{ messageId: 'loop' }],
    },
  ],
})

tester.run('no-stringify-in-handler', rules['no-stringify-in-handler'], {
  valid: [
    handler(`return { orders: await firstOrders(app, request.query.limit) }`),
    `const body = JSON.stringify(config)`,
    `createServer((request, response) => response.end(JSON.stringify({ ok: true })))`,
  ],
  invalid: [
    { code: handler(`return reply.send(JSON.stringify({ orders }))`), errors: [{ messageId: 'stringify' }] },
    {
      code: `const h = async (_request, reply) => sendJsonText(reply, JSON.stringify(rows))`,
      errors: [{ messageId: 'stringify' }],
    },
  ],
})

tester.run('no-offset-pagination', rules['no-offset-pagination'], {
  valid: [
    handler(`return app.db.select().from(orders).where(lt(orders.id, cursor)).limit(limit)`),
    handler(`return app.db.select().from(orders).limit(10).offset(0)`),
    `const all = await db.select().from(orders).offset(skip)`,
  ],
  invalid: [
    {
      code: handler(`return app.db.select().from(orders).limit(limit).offset(skip)`),
      errors: [{ messageId: 'offset' }],
    },
    {
      code: handler(`return sql\`select * from orders limit \${limit} offset \${skip}\``),
      errors: [{ messageId: 'offset' }],
    },
    {
      code: handler(`return client.query('select * from orders limit $1 offset $2', [limit, skip])`),
      errors: [{ messageId: 'offset' }],
    },
  ],
})

tester.run('no-whole-file-read', rules['no-whole-file-read'], {
  valid: [
    `const catalog = JSON.parse(await readFile(path, 'utf8'))`,
    handler(`return reply.send(createReadStream(path))`),
  ],
  invalid: [
    { code: handler(`return JSON.parse(await readFile(path, 'utf8'))`), errors: [{ messageId: 'whole' }] },
    { code: handler(`return reply.send(await fs.promises.readFile(path))`), errors: [{ messageId: 'whole' }] },
  ],
})

tester.run('no-sequential-awaits', rules['no-sequential-awaits'], {
  valid: [
    handler(`const [a, b] = await Promise.all([callPart('a'), callPart('b')]); return { a, b }`),
    handler(`const user = await getUser(request.params.id); const orders = await getOrders(user.id); return orders`),
    handler(`const release = await app.dbGate.acquire(); const rows = await build(); release(); return rows`),
    `async function start() { const a = await connectDb(); const b = await connectRedis(); return [a, b] }`,
  ],
  invalid: [
    {
      code: handler(
        `const a = await callPart('a'); const b = await callPart('b'); const c = await callPart('c'); return { a, b, c }`,
      ),
      errors: [{ messageId: 'sequential' }, { messageId: 'sequential' }],
    },
    { code: handler(`await audit(request.id); await notify(request.id)`), errors: [{ messageId: 'sequential' }] },
  ],
})

tester.run('no-sync-log-destination', rules['no-sync-log-destination'], {
  valid: [
    `const log = pino(pino.destination({ dest: 1, sync: false }))`,
    `const stream = boundedAsyncDestination(path)`,
  ],
  invalid: [
    { code: `const log = pino(pino.destination({ dest: path, sync: true }))`, errors: [{ messageId: 'sync' }] },
    { code: `const log = pino(pino.destination('/var/log/app.log'))`, errors: [{ messageId: 'sync' }] },
    { code: `const log = pino(pino.destination({ dest: path }))`, errors: [{ messageId: 'sync' }] },
  ],
})
