/**
 * The forgotten await: both variants answer 201, only the awaited one writes the row; and the
 * lint rule that guards against it really fires on the naive file.
 */
import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { eq } from 'drizzle-orm'
import { ESLint } from 'eslint'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp, type App } from '../../src/app.js'
import { auditLog } from '../../src/db/schema.js'
import { testConfig } from '../helpers/app.js'

describe('forgotten-await', () => {
  let app: App
  beforeAll(async () => (app = await buildApp(testConfig())))
  afterAll(() => app.close())

  const rowsFor = async (event: string) => (await app.db.select().from(auditLog).where(eq(auditLog.event, event))).length

  it('both variants answer the same 201 and the same 400 on bad input', async () => {
    const replies = await Promise.all(
      ['forgotten', 'awaited'].map((v) => app.inject({ method: 'POST', url: `/audit/${v}`, payload: { event: 'same' } })),
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
  })

  it('the forgotten write is never sent, not merely late; the awaited one is there on reply', async () => {
    const lost = `lost-${randomUUID()}`
    const kept = `kept-${randomUUID()}`
    await app.inject({ method: 'POST', url: '/audit/forgotten', payload: { event: lost } })
    await app.inject({ method: 'POST', url: '/audit/awaited', payload: { event: kept } })
    expect(await rowsFor(kept)).toBe(1)
    await sleep(500)
    expect(await rowsFor(lost)).toBe(0)
  })

  it('no-floating-promises (with checkThenables) reports the forgotten line once its disable comment is ignored', async () => {
    const eslint = new ESLint({ allowInlineConfig: false, cwd: fileURLToPath(new URL('../..', import.meta.url)) })
    const [result] = await eslint.lintFiles(['src/scenarios/forgotten-await/forgotten.ts'])
    const floating = result!.messages.filter((m) => m.ruleId === '@typescript-eslint/no-floating-promises')
    expect(floating).toHaveLength(1)
    const [awaitedResult] = await eslint.lintFiles(['src/scenarios/forgotten-await/awaited.ts'])
    expect(awaitedResult!.messages).toEqual([])
  }, 60_000)
})
