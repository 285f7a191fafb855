/**
 * The forgotten await: both variants answer 201, only the awaited one writes the row, and its
 * reply waits for the write; the lint rule that guards against it really fires on the naive file.
 */
import { randomUUID } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { eq } from 'drizzle-orm'
import { ESLint } from 'eslint'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp, type App } from '../../../app.js'
import { auditLog } from './audit-log.js'
import { testConfig } from '../../../../test/helpers/app.js'
import { waitFor } from '../../../../test/helpers/wait.js'

describe('forgotten-await', () => {
  let app: App
  beforeAll(async () => (app = await buildApp(testConfig())))
  afterAll(() => app.close())

  const rowsFor = async (event: string) =>
    (await app.db.select().from(auditLog).where(eq(auditLog.event, event))).length
  const insertsWaiting = async () =>
    (
      await app.sql<[{ n: number }]>`
        select count(*)::int as n from pg_stat_activity
        where wait_event_type = 'Lock' and query ilike 'insert into "audit_log"%'`
    )[0].n

  it('both variants answer the same 201 and the same 400 on bad input', async () => {
    const replies = await Promise.all(
      ['forgotten', 'awaited'].map((v) =>
        app.inject({ method: 'POST', url: `/audit/${v}`, payload: { event: 'same' } }),
      ),
    )
    expect(replies.map((r) => [r.statusCode, r.json<unknown>()])).toEqual([
      [201, { recorded: true }],
      [201, { recorded: true }],
    ])
    const rejected = await Promise.all(
      ['forgotten', 'awaited'].map((v) => app.inject({ method: 'POST', url: `/audit/${v}`, payload: { event: '' } })),
    )
    expect(rejected.map((r) => r.statusCode)).toEqual([400, 400])
    expect(rejected[0]!.json()).toEqual(rejected[1]!.json())
    // Postgres text cannot hold NUL: a 400 naming the field, not the database's 500.
    const nul = await Promise.all(
      ['forgotten', 'awaited'].map((v) =>
        app.inject({ method: 'POST', url: `/audit/${v}`, payload: { event: 'a\u0000b' } }),
      ),
    )
    expect(nul.map((r) => r.statusCode)).toEqual([400, 400])
    expect(nul[1]!.json<{ message: string }>().message).toMatch(/event.*NUL/)
  })

  it('the awaited reply waits for its insert; the forgotten insert is never sent, not merely late', async () => {
    const lost = `lost-${randomUUID()}`
    const kept = `kept-${randomUUID()}`
    // A table lock holds every insert that reaches Postgres, so "sent" and "answered before the
    // write" are states the test can see, not races it hopes to win.
    const locker = await app.sql.reserve()
    try {
      await locker`begin`
      await locker`lock table audit_log in access exclusive mode`
      const forgotten = await app.inject({ method: 'POST', url: '/audit/forgotten', payload: { event: lost } })
      expect(forgotten.statusCode).toBe(201)
      let answered = false
      const awaitedReply = app.inject({ method: 'POST', url: '/audit/awaited', payload: { event: kept } }).then((r) => {
        answered = true
        return r
      })
      await waitFor('the awaited insert waits on the lock', async () => (await insertsWaiting()) >= 1)
      // Only the awaited insert reached Postgres (a forgotten one that was merely late would wait
      // here too, sent before it), and its reply waits for it.
      expect(await insertsWaiting()).toBe(1)
      expect(answered).toBe(false)
      await locker`rollback`
      expect((await awaitedReply).statusCode).toBe(201)
    } finally {
      locker.release()
    }
    expect(await rowsFor(kept)).toBe(1)
    expect(await rowsFor(lost)).toBe(0)
  })

  it('no-floating-promises (with checkThenables) reports the forgotten line once its disable comment is ignored', async () => {
    const eslint = new ESLint({ allowInlineConfig: false, cwd: fileURLToPath(new URL('../../../..', import.meta.url)) })
    const [result] = await eslint.lintFiles(['src/exhibits/scenarios/forgotten-await/forgotten.ts'])
    const floating = result!.messages.filter((m) => m.ruleId === '@typescript-eslint/no-floating-promises')
    expect(floating).toHaveLength(1)
    const [awaitedResult] = await eslint.lintFiles(['src/exhibits/scenarios/forgotten-await/awaited.ts'])
    expect(awaitedResult!.messages).toEqual([])
  }, 60_000)
})
