/**
 * Postgres' binary COPY of order rows (`firstOrdersBinaryCopySql`: id, customer_id, status,
 * total_cents, created_at) written as the CSV Postgres writes for the same rows in text
 * (`firstOrdersCopySql`, after the header line `formats.csv` writes), byte for byte, as it streams.
 *
 * Why the API writes the text: a third of the backend's time in a COPY of 100,000 orders goes to
 * turning values into text, the timestamp first (54–56 ms as CSV, 36–37 ms in binary, 33 ms as CSV
 * without the timestamp; psql, one client, Postgres 15), and the backend is the scarce part: one
 * process per export, on cores the API shares. Binary values are cheap to read here: a fixed
 * layout, integers in four bytes; the text costs the API less than it cost the backend.
 *
 * The layout (https://www.postgresql.org/docs/current/sql-copy.html, "Binary Format"): a header
 * (a signature, flags, an extension area), then per row a field count and, per field, its length
 * and its bytes; a count of -1 ends the data. Anything else (a NULL, a field of another size, a
 * sixth column) is an error, not a guess.
 */
import { writeInt } from '../../db/int-bytes.js'
import { formats } from '../../db/order-formats.js'
import { writeTimestamptzText } from './timestamptz-text.js'

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1')
const FIELDS = 5
/** A row's bytes before its status: the count, then id and customer_id with their lengths, then status' length. */
const BEFORE_STATUS = 2 + 8 + 8 + 4
/** …and after it: total_cents and created_at with their lengths. */
const AFTER_STATUS = 8 + 12
const COMMA = 0x2c
const QUOTE = 0x22
const LF = 0x0a
const CR = 0x0d
/** A row's CSV, beside its status: three integers, a timestamp, separators (generous). */
const ROW_ROOM = 128
const HEADER = Buffer.from(formats.csv.header, 'latin1')

const notAnOrderRow = (at: number) =>
  new Error(`unexpected binary COPY row at byte ${at}: not five non-null order fields`)

/**
 * The bytes of the row at `at` (2 for the end marker), or -1 until enough of it is there to tell.
 * Throws as soon as its field count or its status' length shows it is not an order row: a cut row
 * is gathered up to this size, which must not come from garbage.
 */
function rowSize(input: DataView, at: number): number {
  if (input.byteLength - at < 2) return -1
  const fields = input.getInt16(at)
  if (fields === -1) return 2
  if (fields !== FIELDS) throw notAnOrderRow(at)
  if (input.byteLength - at < BEFORE_STATUS) return -1
  const statusLength = input.getInt32(at + BEFORE_STATUS - 4)
  if (statusLength < 0) throw notAnOrderRow(at)
  return BEFORE_STATUS + statusLength + AFTER_STATUS
}

const viewOf = (bytes: Buffer) => new DataView(bytes.buffer, bytes.byteOffset, bytes.length)

/** A status as Postgres' CSV writes it: quoted (its quotes doubled) if empty or holding `,` `"` CR or LF. */
function writeCsvText(out: Buffer, at: number, input: Buffer, from: number, length: number): number {
  for (let i = 0; i < length; i++) {
    const byte = input[from + i]!
    if (byte === COMMA || byte === QUOTE || byte === LF || byte === CR) return writeQuoted(out, at, input, from, length)
    out[at + i] = byte
  }
  return length === 0 ? writeQuoted(out, at, input, from, 0) : at + length
}

function writeQuoted(out: Buffer, at: number, input: Buffer, from: number, length: number): number {
  out[at++] = QUOTE
  for (let i = from; i < from + length; i++) {
    if (input[i] === QUOTE) out[at++] = QUOTE
    out[at++] = input[i]!
  }
  out[at++] = QUOTE
  return at
}

export class OrderBinaryToCsv {
  #headerRead = false
  #ended = false
  /** The start of a row the last chunk cut (a copy: chunks are views of buffers their owner reuses). */
  #pending: Buffer | undefined

  push(chunk: Buffer, take: () => Buffer, send: (csv: Buffer) => void): void {
    let input = chunk
    if (this.#pending && !this.#headerRead) {
      // A header cut short: joined once, a few bytes.
      input = Buffer.concat([this.#pending, chunk])
      this.#pending = undefined
    }
    if (this.#pending) {
      // The cut row completed on its own, from as few of the chunk's bytes as it needs: joining
      // it to the whole chunk would copy every chunk once more.
      let head = this.#pending
      let used = 0
      for (;;) {
        const size = rowSize(viewOf(head), 0)
        const want = size === -1 ? BEFORE_STATUS : size
        if (head.length >= want) break
        const more = Math.min(want - head.length, chunk.length - used)
        if (more === 0) {
          this.#pending = head
          return
        }
        head = Buffer.concat([head, chunk.subarray(used, used + more)])
        used += more
      }
      this.#pending = undefined
      this.#rows(head, take, send)
      input = chunk.subarray(used)
    }
    const read = this.#rows(input, take, send)
    if (read < input.length) this.#pending = Buffer.from(input.subarray(read))
  }

  end(): void {
    if (this.#pending?.length || !this.#ended) throw new Error('binary COPY output ended inside a row')
  }

  /** Writes the whole rows of `input` (the header first, once); returns how far it read. */
  #rows(input: Buffer, take: () => Buffer, send: (csv: Buffer) => void): number {
    let at = 0
    if (!this.#headerRead) {
      if (input.length < SIGNATURE.length + 8) return 0
      if (!input.subarray(0, SIGNATURE.length).equals(SIGNATURE)) throw new Error('not a binary COPY')
      at = SIGNATURE.length + 8 + input.readInt32BE(SIGNATURE.length + 4)
      if (input.length < at) return 0
      this.#headerRead = true
      send(Buffer.from(HEADER))
    }
    let out: Buffer | undefined
    let written = 0
    const view = viewOf(input)
    while (!this.#ended) {
      const size = rowSize(view, at)
      if (size === -1 || at + size > input.length) break
      if (size === 2) {
        this.#ended = true
        at += 2
        break
      }
      const statusLength = size - BEFORE_STATUS - AFTER_STATUS
      if (
        view.getInt32(at + 2) !== 4 ||
        view.getInt32(at + 10) !== 4 ||
        view.getInt32(at + BEFORE_STATUS + statusLength) !== 4 ||
        view.getInt32(at + BEFORE_STATUS + statusLength + 8) !== 8
      )
        throw notAnOrderRow(at)
      // A quoted status may double every byte.
      const room = ROW_ROOM + 2 * statusLength
      if (!out || written + room > out.length) {
        if (out && written > 0) send(out.subarray(0, written))
        out = take()
        if (out.length < room) out = Buffer.allocUnsafe(room)
        written = 0
      }
      written = writeInt(out, written, view.getInt32(at + 6))
      out[written++] = COMMA
      written = writeInt(out, written, view.getInt32(at + 14))
      out[written++] = COMMA
      written = writeCsvText(out, written, input, at + BEFORE_STATUS, statusLength)
      out[written++] = COMMA
      const after = at + BEFORE_STATUS + statusLength
      written = writeInt(out, written, view.getInt32(after + 4))
      out[written++] = COMMA
      written = writeTimestamptzText(out, written, view.getInt32(after + 12), view.getUint32(after + 16))
      out[written++] = LF
      at += size
    }
    if (this.#ended && at < input.length) throw new Error('binary COPY output went on after its end')
    if (out && written > 0) send(out.subarray(0, written))
    return at
  }
}
