/**
 * Page cursors: opaque to clients (base64url), strictly parsed by us. A cursor names its kind, so
 * an offset cursor handed to the keyset route (or anything edited by hand) is a 400, not a query.
 *   offset: o.<offset>                     keyset: k.<created_at text>.<id>
 */
import { InvalidCursorError } from '../../../errors.js'

export type Cursor = { kind: 'offset'; offset: number } | { kind: 'keyset'; createdAt: string; id: number }

const OFFSET = /^o\.(\d{1,9})$/
// created_at as Postgres prints timestamptz text, e.g. 2025-01-01 00:05:00+00
const KEYSET = /^k\.(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d{1,6})?[+-]\d{2}(?::\d{2})?)\.(\d{1,10})$/

export function encodeCursor(cursor: Cursor): string {
  const text = cursor.kind === 'offset' ? `o.${cursor.offset}` : `k.${cursor.createdAt}.${cursor.id}`
  return Buffer.from(text).toString('base64url')
}

export function decodeCursor<K extends Cursor['kind']>(encoded: string, kind: K): Extract<Cursor, { kind: K }> {
  const text = Buffer.from(encoded, 'base64url').toString('utf8')
  if (kind === 'offset') {
    const match = OFFSET.exec(text)
    if (match) return { kind: 'offset', offset: Number(match[1]) } as Extract<Cursor, { kind: K }>
  } else {
    const match = KEYSET.exec(text)
    if (match) return { kind: 'keyset', createdAt: match[1]!, id: Number(match[2]) } as Extract<Cursor, { kind: K }>
  }
  throw new InvalidCursorError(kind)
}
