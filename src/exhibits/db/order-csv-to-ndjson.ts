/**
 * Postgres' CSV of order rows (`COPY … (FORMAT csv)`, no header, the columns of `firstOrdersSql`)
 * rewritten as the NDJSON lines `formats.ndjson` writes, byte for byte, as it streams.
 *
 * Why not let Postgres write the JSON: it can (`orderJsonSql` does, for the JSON list), but building
 * a JSON line per row costs a backend about twice what its native CSV does (100,000 orders: 80–88 ms
 * against 41–49 ms, `COPY … TO '/dev/null'`, Postgres 15), and the backend is one process on one
 * core. CSV from Postgres, rewritten here, splits the work: Postgres formats on one core while this
 * rewrites the previous chunk on the other.
 *
 * The text is decoded as latin1: one char per byte, so a chunk never splits a character, and the
 * bytes come back unchanged when encoded the same way. UTF-8 bytes of non-ASCII text are all ≥ 0x80,
 * so they never look like a comma, a quote or a line break, and JSON leaves them as they are.
 */

const LF = 0x0a
const COMMA = 0x2c
const QUOTE = 0x22
const BACKSLASH = 0x5c
/** What a line's separators become: before the first field, at each of the four commas, at its end. */
const PIECES = ['{"id":', ',"customerId":', ',"status":"', '","totalCents":', ',"createdAt":"', '"}\n'].map((piece) =>
  Buffer.from(piece, 'latin1'),
)
const LONGEST_LINE_GROWTH = PIECES.reduce((sum, piece) => sum + piece.length, 0)

/** A plain line longer than this goes to the careful path: it bounds what one line may write. */
const MAX_PLAIN_LINE = 4096
const LINE_ROOM = MAX_PLAIN_LINE + LONGEST_LINE_GROWTH
const [P0, P1, P2, P3, P4, P5] = PIECES as [Buffer, Buffer, Buffer, Buffer, Buffer, Buffer]

function put(out: Buffer, at: number, piece: Buffer): number {
  for (let k = 0; k < piece.length; k++) out[at++] = piece[k]!
  return at
}

/** What `rewritePlainLinesInto` did: input read up to `read`, `written` bytes written. */
export interface PlainRewrite {
  read: number
  written: number
}

/**
 * The common case, byte by byte: the whole lines of `input[from, end)` that hold nothing to unquote
 * or escape (no quote, backslash or control character but LF, five fields), so every comma ends a
 * field and every LF a line, written into `out` from 0 while it has room for another line. Returns
 * null when a line needs care (what it wrote is then to be ignored). One pass, field by field: a
 * regex `replace` with a template took four times as long, and a scan then a copy twice (100,000
 * orders: 54, 28, 13 ms); the rewrite runs on the event loop.
 */
export function rewritePlainLinesInto(input: Buffer, from: number, end: number, out: Buffer): PlainRewrite | null {
  let i = from
  let w = 0
  const room = out.length - LINE_ROOM
  while (i < end && w <= room) {
    const lineStart = i
    w = put(out, w, P0)
    for (let field = 1; field <= 5; field++) {
      const stop = field === 5 ? LF : COMMA
      let byte: number
      while ((byte = input[i]!) !== stop) {
        if (byte < 0x20 || byte === QUOTE || byte === BACKSLASH || byte === COMMA) return null
        out[w++] = byte
        i++
      }
      i++
      w = put(out, w, field === 1 ? P1 : field === 2 ? P2 : field === 3 ? P3 : field === 4 ? P4 : P5)
    }
    if (i - lineStart > MAX_PLAIN_LINE) return null
  }
  return { read: i, written: w }
}

/** `rewritePlainLinesInto` for whole lines `input[0, end)` into a buffer of its own, or undefined. */
export function rewritePlainLines(input: Buffer, end: number): Buffer | undefined {
  const out = Buffer.allocUnsafe(end * 3 + LINE_ROOM)
  const done = rewritePlainLinesInto(input, 0, end, out)
  return done && done.read >= end ? out.subarray(0, done.written) : undefined
}

/** `{ id, customerId, status, totalCents, createdAt }` from the five fields, text fields escaped as JSON. */
function jsonLine([id, customerId, status, totalCents, createdAt]: string[]): string {
  return `{"id":${id},"customerId":${customerId},"status":${JSON.stringify(status)},"totalCents":${totalCents},"createdAt":${JSON.stringify(createdAt)}}\n`
}

/**
 * The careful way, for text holding a quoted field or a character JSON escapes: a CSV reader that
 * stops at the last whole record. Returns the JSON lines and where the unfinished record starts.
 */
function rewriteCarefully(text: string): { json: string; rest: number } {
  let json = ''
  let pos = 0
  for (;;) {
    const fields: string[] = []
    let at = pos
    while (fields.length < 5) {
      let value: string
      if (text[at] === '"') {
        value = ''
        let from = at + 1
        for (;;) {
          const quote = text.indexOf('"', from)
          if (quote === -1 || quote + 1 >= text.length) return { json, rest: pos }
          value += text.slice(from, quote)
          if (text[quote + 1] !== '"') {
            at = quote + 1
            break
          }
          value += '"'
          from = quote + 2
        }
      } else {
        let end = at
        while (end < text.length && text[end] !== ',' && text[end] !== '\n') end++
        if (end === text.length) return { json, rest: pos }
        value = text.slice(at, end)
        at = end
      }
      const separator = fields.length < 4 ? ',' : '\n'
      if (text[at] !== separator)
        throw new Error(`unexpected COPY output at offset ${at}: expected ${JSON.stringify(separator)}`)
      at++
      fields.push(value)
    }
    json += jsonLine(fields)
    pos = at
  }
}

/** Rewrites the whole records of `input`, sending their JSON lines; returns where the rest starts. */
function rewrite(input: Buffer, take: () => Buffer, send: (json: Buffer) => void): number {
  const end = input.lastIndexOf(LF) + 1
  let at = 0
  while (at < end) {
    const out = take()
    const done = rewritePlainLinesInto(input, at, end, out)
    if (!done) break
    send(out.subarray(0, done.written))
    at = done.read
  }
  if (at >= end) return end
  // Some line needs care: the rest the careful way (the buffer taken is left to the GC).
  const rewritten = rewriteCarefully(input.toString('latin1', at))
  if (rewritten.json) send(Buffer.from(rewritten.json, 'latin1'))
  return at + rewritten.rest
}

/**
 * The rewrite as it streams: `push` takes the next bytes of the CSV (a view it may not keep) and
 * sends the JSON lines of the records they complete, written into buffers it `take`s (the COPY
 * relay's own, so nothing is allocated per chunk); `end` throws if the CSV stopped mid-record.
 */
export class OrderCsvToNdjson {
  #pending: Buffer | undefined

  push(chunk: Buffer, take: () => Buffer, send: (json: Buffer) => void): void {
    let input = chunk
    if (this.#pending) {
      // The line cut by the last chunk, completed on its own: joining it to the whole chunk would
      // copy every chunk once more.
      const lf = chunk.indexOf(LF)
      if (lf === -1) {
        this.#pending = Buffer.concat([this.#pending, chunk])
        return
      }
      const head = Buffer.concat([this.#pending, chunk.subarray(0, lf + 1)])
      const used = rewrite(head, take, send)
      // A quoted line break can make that LF part of a field: then the rest joins the chunk.
      input =
        used === head.length ? chunk.subarray(lf + 1) : Buffer.concat([head.subarray(used), chunk.subarray(lf + 1)])
    }
    const used = rewrite(input, take, send)
    // A copy: `chunk` may be a view into a buffer its owner reuses.
    this.#pending = used < input.length ? Buffer.from(input.subarray(used)) : undefined
  }

  end(): void {
    if (this.#pending?.length)
      throw new Error(`COPY output ended inside a record: ${JSON.stringify(this.#pending.subarray(0, 80).toString())}`)
  }
}

/** The rewrite over a stream of chunks, each output in a buffer of its own. */
export async function* orderCsvToNdjson(csv: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const rewriter = new OrderCsvToNdjson()
  const out: Buffer[] = []
  const take = () => Buffer.allocUnsafe(256 * 1024)
  for await (const chunk of csv) {
    rewriter.push(chunk, take, (json) => out.push(json))
    yield* out.splice(0)
  }
  rewriter.end()
}
