/**
 * A request held in flight by its client, with nothing but the core service: a large finished
 * report (GET /reports/results/:file) that the client does not read until told to. Once the
 * headers are back, the server is mid-response, stalled on backpressure, for as long as the test
 * wants: what a graceful close must wait for.
 */
import { randomUUID } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { request } from 'undici'

/** Far more than the socket buffers on both sides hold, so the response cannot finish unread. */
const BYTES = 32 * 1024 * 1024

export interface HeldDownload {
  readonly status: number
  /** Reads the rest of the body: how many bytes arrived in all, against how many were sent. */
  finish(): Promise<{ bytes: number; expected: number }>
}

export async function heldDownload(baseUrl: string, filesDir: string): Promise<HeldDownload> {
  const dir = join(filesDir, 'reports')
  await mkdir(dir, { recursive: true })
  // A name of its own: downloads held together in the same millisecond must not share (and truncate) one file.
  const file = `held-${randomUUID()}.csv`
  await writeFile(join(dir, file), Buffer.alloc(BYTES, 'x'))
  const { statusCode, body } = await request(`${baseUrl}/reports/results/${file}`, { highWaterMark: 16 * 1024 })
  return {
    status: statusCode,
    async finish() {
      let bytes = 0
      for await (const chunk of body) bytes += (chunk as Buffer).length
      return { bytes, expected: BYTES }
    },
  }
}
