/**
 * File download: both variants send the same bytes; with slow clients the buffered variant holds
 * a whole copy of the file per response, the streamed one a few chunks.
 */
import { createHash } from 'node:crypto'
import { request } from 'undici'
import { describe, expect, it } from 'vitest'
import { useListeningApp } from '../../../../test/helpers/app.js'
import { heldForStalledClients } from '../../../../test/helpers/load.js'

const SLOW_CLIENTS = 16

describe('file-download', () => {
  const server = useListeningApp()

  async function download(variant: string) {
    const { statusCode, headers, body } = await request(`${server.url}/catalog/${variant}`)
    const hash = createHash('sha256')
    for await (const chunk of body) hash.update(chunk as Buffer)
    return {
      statusCode,
      length: Number(headers['content-length']),
      type: headers['content-type'],
      sha: hash.digest('hex'),
    }
  }

  it('both variants send the same bytes, with their length', async () => {
    const [buffered, streamed] = [await download('buffered'), await download('streamed')]
    expect(buffered.statusCode).toBe(200)
    expect(buffered.length).toBeGreaterThan(4_000_000)
    expect(buffered.type).toMatch(/^application\/json/)
    expect(streamed).toEqual(buffered)
  })

  /** Memory the server holds per slow client: raw sockets that ask and never read. */
  const heldBySlowClients = (variant: string) =>
    heldForStalledClients(server.url, `/catalog/${variant}`, SLOW_CLIENTS, 500)

  it('with clients that read slowly, buffering holds the file per response, streaming does not', async () => {
    const streamed = await heldBySlowClients('streamed')
    const buffered = await heldBySlowClients('buffered')
    expect(buffered).toBeGreaterThan(SLOW_CLIENTS * 1_000_000)
    expect(buffered).toBeGreaterThan(4 * Math.max(streamed, 1_000_000))
  })
})
