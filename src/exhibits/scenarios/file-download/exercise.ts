/**
 * EXERCISE: a copy of `buffered.ts`, the mistake, for you to fix. The goal: send the file without
 * holding all of it in memory per response while a client reads slowly. Keep the contract (the
 * same status and body for the same request). Check it: `npm run verify -- file-download` runs the
 * claims of `streamed` (the model answer, `streamed.ts`) against this file and benches it between
 * the two. Try it by hand: `WORKSHOP=true npm run demo`, then the scenario's path + `/exercise`. The
 * lesson (README.md in this folder) explains why.
 */
import { readFileSync } from 'node:fs'
import { ensureCatalogFile } from '../../files/catalog-file.js'
import type { Variant } from '../../scenario-kit/scenario.js'
import type { downloadSchema } from './contract.js'

export const exercise: Variant<typeof downloadSchema> = {
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
