/**
 * Text a request may store in PostgreSQL. Postgres text cannot hold the NUL character: it refuses
 * the whole statement (SQLSTATE 22021), which would reach the client as a 500. A field bound for a
 * text column refuses it at validation instead: a 400 that names the field. A pattern, not a
 * refinement, so the OpenAPI document shows the rule too.
 */
import { z } from 'zod'

export function storableText({ min, max }: { min: number; max: number }) {
  return (
    z
      .string()
      .min(min)
      .max(max)
      // eslint-disable-next-line no-control-regex -- NUL is the one character this refuses
      .regex(/^[^\u0000]*$/, 'must not contain the NUL character (\\u0000): PostgreSQL text cannot store it')
  )
}
