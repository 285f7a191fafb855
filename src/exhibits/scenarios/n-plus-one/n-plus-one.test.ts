/** N+1: both variants answer the same orders; the N+1 one takes many round trips, the join one. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp, type App } from '../../../app.js'
import { testConfig } from '../../../../test/helpers/app.js'

describe('n-plus-one', () => {
  let app: App
  const statements: string[] = []
  beforeAll(async () => {
    app = await buildApp(testConfig())
    // Count the statements each variant sends, through postgres.js's debug hook.
    const options = (app.sql as unknown as { options: { debug?: (c: number, query: string) => void } }).options
    options.debug = (_connection, query) => void statements.push(query)
  })
  afterAll(() => app.close())

  async function run(variant: string, query = 'limit=20') {
    statements.length = 0
    const reply = await app.inject(`/orders/recent/${variant}?${query}`)
    return { status: reply.statusCode, body: reply.json<{ orders: unknown[] }>(), statements: statements.length }
  }

  it('both variants answer the same orders, newest first, with their customers', async () => {
    const [naive, joined] = [await run('n-plus-one'), await run('joined')]
    expect(naive.status).toBe(200)
    expect(naive.body.orders).toHaveLength(20)
    expect(naive.body.orders[0]).toEqual({
      id: 100_000,
      status: expect.any(String),
      totalCents: expect.any(Number),
      customer: { id: expect.any(Number), name: expect.stringMatching(/^Customer /) },
    })
    expect(joined.body).toEqual(naive.body)
    for (const bad of ['limit=0', 'limit=101', 'limit=x']) {
      expect([(await run('n-plus-one', bad)).status, (await run('joined', bad)).status]).toEqual([400, 400])
    }
  })

  it('N+1 sends one statement per order plus one; the join sends one', async () => {
    expect((await run('n-plus-one', 'limit=20')).statements).toBe(21)
    expect((await run('joined', 'limit=20')).statements).toBe(1)
  })
})
