/**
 * A connection error repeated on every reconnect attempt is logged once per outage: once, and
 * again only after a recovery or for a different error.
 */
import { describe, expect, it } from 'vitest'
import { distinctErrorLogger } from '../src/log-distinct-errors.js'

describe('distinctErrorLogger', () => {
  it('logs an outage as one line, a new error as another, and the next outage again', () => {
    const lines: string[] = []
    const logger = distinctErrorLogger(
      { warn: (obj) => void lines.push((obj as { err: Error }).err.message) },
      'redis connection error',
    )
    for (let attempt = 0; attempt < 50; attempt++) logger.error(new Error('connect ECONNREFUSED 127.0.0.1:6379'))
    expect(lines).toEqual(['connect ECONNREFUSED 127.0.0.1:6379'])
    logger.error(new Error('connect ETIMEDOUT'))
    expect(lines).toHaveLength(2)
    logger.recovered()
    for (let attempt = 0; attempt < 50; attempt++) logger.error(new Error('connect ETIMEDOUT'))
    expect(lines).toEqual(['connect ECONNREFUSED 127.0.0.1:6379', 'connect ETIMEDOUT', 'connect ETIMEDOUT'])
  })
})
