/**
 * The COPY relay body on its own, fed as the socket feeds it (write per piece, flush per read, end
 * at CopyDone): piped, it writes to the destination itself, never has more than three buffers out,
 * says it is full meanwhile and ready when one comes back, and exports in a row reuse the same
 * buffers; read any other way, it gives copies at the reader's pace.
 */
import { Writable } from 'node:stream'
import { text } from 'node:stream/consumers'
import { describe, expect, it } from 'vitest'
import { READ_SIZE } from '../../../src/exhibits/db/copy-protocol.js'
import { CopyRelayBody, RelayBuffers } from '../../../src/exhibits/db/copy-relay.js'
import { waitFor } from '../../helpers/wait.js'

/** A destination that holds each write until `release()`: a client that reads when told. */
function heldWrites() {
  const held: Array<() => void> = []
  const chunks: Buffer[] = []
  const dest = new Writable({
    highWaterMark: 1,
    writev(writes, callback) {
      for (const { chunk } of writes) chunks.push(Buffer.from(chunk as Buffer))
      held.push(callback)
    },
  })
  return { dest, chunks, held, release: () => held.shift()?.() }
}

const read = (i: number) => Buffer.alloc(64 * 1024, 97 + (i % 26))

describe('CopyRelayBody', () => {
  it('piped: writes every byte itself, at most three buffers out, full meanwhile, ready when one returns', async () => {
    let readyCalls = 0
    const body = new CopyRelayBody(new RelayBuffers(), () => readyCalls++)
    const { dest, chunks, held, release } = heldWrites()
    body.pipe(dest)
    const expected: Buffer[] = []
    let reads = 0
    // The socket's loop: read while the body has room.
    const feed = () => {
      while (!body.full && reads < 10) {
        const bytes = read(reads++)
        expected.push(bytes)
        body.write(bytes)
        body.flush()
      }
    }
    feed()
    await waitFor('the writes to be held', () => held.length > 0)
    expect(body.full).toBe(true)
    expect(reads).toBe(3)
    while (reads < 10) {
      const before = readyCalls
      release()
      await waitFor('ready after a buffer came back', () => readyCalls > before)
      feed()
    }
    body.end()
    const finished = new Promise((resolve) => dest.once('finish', resolve))
    while (!dest.writableFinished) {
      release()
      await new Promise((resolve) => setImmediate(resolve))
    }
    await finished
    expect(Buffer.concat(chunks).equals(Buffer.concat(expected))).toBe(true)
  })

  it('exports in a row through one pool reuse its buffers instead of making new ones', async () => {
    const buffers = new RelayBuffers()
    for (let exportNo = 0; exportNo < 20; exportNo++) {
      const body = new CopyRelayBody(buffers, () => {})
      const sink = new Writable({ write: (_chunk, _encoding, callback) => setImmediate(callback) })
      body.pipe(sink)
      for (let i = 0; i < 8; i++) {
        body.write(read(i))
        body.flush()
        if (body.full) await new Promise((resolve) => setImmediate(resolve))
      }
      body.end()
      await new Promise((resolve) => sink.once('finish', resolve))
    }
    // 160 reads: a buffer each without the pool.
    expect(buffers.allocated).toBeLessThanOrEqual(4)
  })

  it('read as a stream: the same bytes, copies at the reader’s pace, and full while no one reads', async () => {
    const body = new CopyRelayBody(new RelayBuffers(), () => {})
    body.write(Buffer.from('a,b\n'))
    body.flush()
    // Nobody has asked yet: one chunk waits, and the socket is told to stop.
    expect(body.full).toBe(true)
    const all = text(body)
    body.write(Buffer.from('c,d\n'))
    body.flush()
    body.end()
    expect(await all).toBe('a,b\nc,d\n')
  })

  it('a row longer than a read gets a buffer of its own; a destroyed body takes writes without failing', async () => {
    const body = new CopyRelayBody(new RelayBuffers(), () => {})
    const huge = Buffer.alloc(READ_SIZE + 10, 'x')
    body.write(Buffer.from('head,'))
    body.write(huge)
    body.flush()
    body.end()
    expect((await text(body)).length).toBe(5 + huge.length)
    const gone = new CopyRelayBody(new RelayBuffers(), () => {})
    gone.destroy()
    expect(() => {
      gone.write(Buffer.from('late'))
      gone.flush()
      gone.end()
    }).not.toThrow()
    expect(gone.full).toBe(false)
  })
})
