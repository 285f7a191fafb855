/**
 * The bench's ceilings read what the techniques they bound send: the database ceiling counts the
 * bytes of the export's COPY (its CSV without the header) and of the list's JSON document, and the
 * memory ceiling sends exactly the bytes it is asked for, chunked or whole.
 */
import { request } from 'undici'
import { describe, expect, it } from 'vitest'
import { scenarios } from '../../../src/exhibits/scenarios/index.js'
import { useListeningApp } from '../../helpers/app.js'

// A copy with a scenario removed (CI's scenario:remove step) has no route to compare with.
const has = (name: string) => scenarios.some((s) => s.name === name)

async function body(url: string): Promise<{ status: number; bytes: Buffer }> {
  const { statusCode, body } = await request(url)
  return { status: statusCode, bytes: Buffer.from(await body.arrayBuffer()) }
}

describe('bench ceilings', () => {
  const server = useListeningApp()

  it.skipIf(!has('export') || !has('serialization'))(
    'the database ceiling reads as many bytes as the COPY export and the JSON list send',
    async () => {
      const csv = await body(`${server.url}/orders/export/copy?format=csv&limit=500`)
      const header = csv.bytes.indexOf(0x0a) + 1
      const copy = await body(`${server.url}/_bench/ceiling/database?rows=500&as=copy`)
      expect(JSON.parse(copy.bytes.toString())).toEqual({ bytes: csv.bytes.length - header })
      const list = await body(`${server.url}/orders/list/postgres-json?limit=300`)
      const document = await body(`${server.url}/_bench/ceiling/database?rows=300&as=document`)
      expect(JSON.parse(document.bytes.toString())).toEqual({ bytes: list.bytes.length })
    },
  )

  it('the memory ceiling sends the bytes asked for, chunked or whole; bad input is a 400', async () => {
    for (const chunked of ['true', 'false']) {
      const sent = await body(`${server.url}/_bench/ceiling/memory?bytes=600000&chunked=${chunked}`)
      expect(sent.status).toBe(200)
      expect(sent.bytes.length).toBe(600_000)
    }
    for (const query of ['bytes=0', 'bytes=-5', 'bytes=1e12', 'bytes=10&chunked=maybe'])
      expect((await body(`${server.url}/_bench/ceiling/memory?${query}`)).status, query).toBe(400)
    expect((await body(`${server.url}/_bench/ceiling/database?rows=10&as=rows`)).status).toBe(400)
  })
})
