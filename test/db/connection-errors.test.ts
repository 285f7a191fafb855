/** Which driver errors mean "the database is not there" (503), found through drizzle's wrapping. */
import { describe, expect, it } from 'vitest'
import { databaseUnavailable } from '../../src/db/connection-errors.js'

const withCode = (code: unknown) => Object.assign(new Error('driver error'), { code })
const wrapped = (err: Error, times: number): Error =>
  times === 0 ? err : wrapped(new Error('wrapper', { cause: err }), times - 1)

const UNAVAILABLE = [
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_DESTROYED',
  'CONNECTION_ENDED',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]

describe('databaseUnavailable', () => {
  it.each(UNAVAILABLE)('%s: a 503 that names the code', (code) => {
    expect(databaseUnavailable(withCode(code))).toMatchObject({
      statusCode: 503,
      message: expect.stringContaining(code),
    })
  })

  it('57014 (a statement cancelled by its timeout): a 503, the database too busy', () => {
    expect(databaseUnavailable(wrapped(withCode('57014'), 1))).toMatchObject({ statusCode: 503, code: 'BS_DB_BUSY' })
  })

  it('other errors, codes of bad queries included, are not "unavailable"', () => {
    for (const err of [
      new Error('plain'),
      withCode('23505'),
      withCode('42P01'),
      withCode(''),
      withCode(57),
      'ECONNRESET',
      null,
      undefined,
    ]) {
      expect(databaseUnavailable(err)).toBeUndefined()
    }
  })

  it('looks through causes, three wrappers deep, no deeper', () => {
    expect(databaseUnavailable(wrapped(withCode('ECONNREFUSED'), 1))).toMatchObject({ statusCode: 503 })
    expect(databaseUnavailable(wrapped(withCode('ECONNREFUSED'), 3))).toMatchObject({ statusCode: 503 })
    expect(databaseUnavailable(wrapped(withCode('ECONNREFUSED'), 4))).toBeUndefined()
    // A wrapper whose own code is unrelated does not hide the cause's.
    const outer = Object.assign(new Error('drizzle'), { code: 'XX000', cause: withCode('57P01') })
    expect(databaseUnavailable(outer)).toMatchObject({ message: expect.stringContaining('57P01') })
  })
})
