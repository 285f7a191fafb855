/** Page cursors: round trips, and a strict parser that refuses anything it did not write. */
import { describe, expect, it } from 'vitest'
import { InvalidCursorError } from '../../../errors.js'
import { decodeCursor, encodeCursor } from './cursor.js'

const raw = (text: string) => Buffer.from(text).toString('base64url')

describe('page cursors', () => {
  it('round-trip both kinds, in base64url', () => {
    const keyset = { kind: 'keyset', createdAt: '2025-01-01 00:05:00+00', id: 1 } as const
    expect(encodeCursor({ kind: 'offset', offset: 900 })).toBe(raw('o.900'))
    expect(encodeCursor(keyset)).toBe(raw('k.2025-01-01 00:05:00+00.1'))
    expect(decodeCursor(encodeCursor({ kind: 'offset', offset: 900 }), 'offset')).toEqual({
      kind: 'offset',
      offset: 900,
    })
    expect(decodeCursor(encodeCursor(keyset), 'keyset')).toEqual(keyset)
    for (const createdAt of ['2025-01-01 00:05:00.123456+00', '2025-06-30 23:59:59-07', '2025-01-01 00:05:00+05:30']) {
      expect(decodeCursor(raw(`k.${createdAt}.4242`), 'keyset')).toEqual({ kind: 'keyset', createdAt, id: 4242 })
    }
    expect(decodeCursor(raw('o.999999999'), 'offset')).toEqual({ kind: 'offset', offset: 999_999_999 })
    expect(decodeCursor(raw('k.2025-01-01 00:05:00+00.9999999999'), 'keyset')).toMatchObject({ id: 9_999_999_999 })
  })

  it.each([
    ['the other kind', raw('k.2025-01-01 00:05:00+00.1'), 'offset'],
    ['the other kind', raw('o.100'), 'keyset'],
    ['no number', raw('o.'), 'offset'],
    ['a negative offset', raw('o.-1'), 'offset'],
    ['ten digits', raw('o.1234567890'), 'offset'],
    ['text after', raw('o.100x'), 'offset'],
    ['text before', raw('xo.100'), 'offset'],
    ['a line after', raw('o.100\n'), 'offset'],
    ['not base64url at all', '!!!', 'offset'],
    ['no id', raw('k.2025-01-01 00:05:00+00'), 'keyset'],
    ['an id of eleven digits', raw('k.2025-01-01 00:05:00+00.12345678901'), 'keyset'],
    ['a date without time', raw('k.2025-01-01.1'), 'keyset'],
    ['no time zone', raw('k.2025-01-01 00:05:00.1'), 'keyset'],
    ['seven fraction digits', raw('k.2025-01-01 00:05:00.1234567+00.1'), 'keyset'],
    ['a T separator', raw('k.2025-01-01T00:05:00+00.1'), 'keyset'],
    ['a short year', raw('k.25-01-01 00:05:00+00.1'), 'keyset'],
    ['a one-digit zone', raw('k.2025-01-01 00:05:00+0.1'), 'keyset'],
    ['text before', raw('xk.2025-01-01 00:05:00+00.1'), 'keyset'],
    ['text after', raw('k.2025-01-01 00:05:00+00.1x'), 'keyset'],
    ['SQL in the id', raw('k.2025-01-01 00:05:00+00.1 or 1=1'), 'keyset'],
  ] as const)('refuses %s (%s as %s) with a 400 naming the kind', (_what, cursor, kind) => {
    let thrown: unknown
    try {
      decodeCursor(cursor, kind)
    } catch (err) {
      thrown = err
    }
    expect(thrown).toBeInstanceOf(InvalidCursorError)
    expect(thrown).toMatchObject({ statusCode: 400, message: expect.stringContaining(kind) })
  })
})
