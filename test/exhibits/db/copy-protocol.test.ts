/**
 * The COPY re-framing on its own: for a server's stream of messages (CopyData rows among others, of
 * every size) cut into reads at random places, the parser hands over the same CopyData bytes and
 * the same other messages, in the same order, and joins each read's rows into one piece. A real
 * COPY through it is the export test's and copy-out's.
 */
import { describe, expect, it } from 'vitest'
import { CopyDataParser, type CopyDataHandler } from '../../../src/exhibits/db/copy-protocol.js'

const message = (type: string, body: Buffer) => {
  const header = Buffer.alloc(5)
  header[0] = type.charCodeAt(0)
  header.writeInt32BE(body.length + 4, 1)
  return Buffer.concat([header, body])
}

/** A pseudo-random generator with a seed, so a failure names the case that reproduces it. */
function random(seed: number) {
  let s = seed
  return (n: number) => {
    s = (s * 1103515245 + 12345) % 2 ** 31
    return s % n
  }
}

/**
 * A COPY as a server sends it: CopyOutResponse, rows (some long), a notice among them, CopyDone,
 * CommandComplete, ReadyForQuery.
 */
function serverStream(rows: number, rand: (n: number) => number) {
  const payloads: Buffer[] = []
  const parts: Buffer[] = [message('H', Buffer.from([0, 0, 0]))]
  const others: Buffer[] = [parts[0]!]
  for (let i = 0; i < rows; i++) {
    const size = rand(10) === 0 ? 300 + rand(5_000) : 1 + rand(60)
    const payload = Buffer.alloc(size, 97 + (i % 26))
    payloads.push(payload)
    parts.push(message('d', payload))
    if (i === Math.floor(rows / 2)) {
      const notice = message('N', Buffer.alloc(700, 'n'))
      parts.push(notice)
      others.push(notice)
    }
  }
  const tail = [message('c', Buffer.alloc(0)), message('C', Buffer.from('COPY 1\0')), message('Z', Buffer.from('I'))]
  parts.push(...tail)
  others.push(...tail)
  return { bytes: Buffer.concat(parts), copied: Buffer.concat(payloads), others: Buffer.concat(others) }
}

function collect() {
  const copied: Buffer[] = []
  const others: Buffer[] = []
  const events: string[] = []
  let copyDataCalls = 0
  const handler: CopyDataHandler = {
    messages: (bytes) => {
      others.push(Buffer.from(bytes))
      events.push('messages')
    },
    copyData: (data, start, end) => {
      expect(start).toBeGreaterThanOrEqual(5) // room for a header
      copied.push(Buffer.from(data.subarray(start, end)))
      copyDataCalls++
      events.push('copyData')
    },
    copyDone: () => events.push('copyDone'),
  }
  return { handler, copied, others, events, calls: () => copyDataCalls }
}

describe('CopyDataParser', () => {
  it('hands over every CopyData byte and every other message unchanged and in order, however the reads cut them', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const rand = random(seed)
      const stream = serverStream(200 + rand(300), rand)
      const parser = new CopyDataParser()
      const out = collect()
      let at = 0
      while (at < stream.bytes.length) {
        const size = 1 + rand(rand(4) === 0 ? 8 : 9_000)
        // Each read in a buffer of its own: the parser rewrites what it is given.
        parser.push(Buffer.from(stream.bytes.subarray(at, at + size)), out.handler)
        at += size
      }
      const context = `seed ${seed}`
      expect(Buffer.concat(out.copied).equals(stream.copied), context).toBe(true)
      expect(Buffer.concat(out.others).equals(stream.others), context).toBe(true)
      // CopyDone is announced after the last row and before the driver sees it.
      expect(out.events.lastIndexOf('copyData'), context).toBeLessThan(out.events.indexOf('copyDone'))
    }
  })

  it('joins the rows of one read into one piece: one call for thousands of rows', () => {
    const stream = serverStream(5_000, () => 1)
    const parser = new CopyDataParser()
    const out = collect()
    parser.push(Buffer.from(stream.bytes), out.handler)
    expect(Buffer.concat(out.copied).equals(stream.copied)).toBe(true)
    // Rows, a notice, rows: two pieces.
    expect(out.calls()).toBe(2)
  })

  it('refuses a length no message can have', () => {
    const bad = Buffer.from([0x64, 0, 0, 0, 2])
    expect(() => new CopyDataParser().push(bad, collect().handler)).toThrow(/malformed message/)
  })
})
