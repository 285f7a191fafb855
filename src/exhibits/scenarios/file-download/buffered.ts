/**
 * THE MISTAKE: `readFileSync` the whole file, then send the buffer. The read blocks the loop, and
 * every response in flight holds its own 5 MB copy until the slowest client has taken it all:
 * memory grows with concurrency and with slow clients, not with the work done.
 * Bench: peak RSS grows by about file size × connections; the loop stalls on each read.
 */
import { readFileSync } from 'node:fs'
import { ensureCatalogFile } from '../../files/catalog-file.js'
import type { Variant } from '../../scenario-kit/scenario.js'
import type { downloadSchema } from './contract.js'

export const buffered: Variant<typeof downloadSchema> = {
  role: 'naive',
  summary: 'readFileSync of the whole file into memory, then send the buffer',
  createHandler: async (app) => {
    const path = await ensureCatalogFile(app.config.filesDir)
    return async (_request, reply) => {
      // eslint-disable-next-line blindspots/no-sync-on-request-path, blindspots/no-whole-file-read -- the blind spot
      const body = readFileSync(path)
      return reply.type('application/json').header('content-length', body.length).send(body)
    }
  },
}
