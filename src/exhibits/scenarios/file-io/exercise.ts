/**
 * EXERCISE: a copy of `sync-read.ts`, the mistake, for you to fix. The goal: stop reading and
 * parsing the 5 MB file in the request path: the event loop must not stall per request. Keep the
 * contract (the same status and body for the same request). Check it: `npm run verify -- file-io`
 * runs the claims of `cached` (the model answer, `cached.ts`) against this file and benches it
 * between the two. Try it by hand: `WORKSHOP=true npm run demo`, then the scenario's path +
 * `/exercise`. The lesson (README.md in this folder) explains why.
 */
import { readFileSync } from 'node:fs'
import type { Variant } from '../../scenario-kit/scenario.js'
import { ensureCatalogFile, type Catalog } from '../../files/catalog-file.js'
import type { productLookupSchema } from './contract.js'
import { findProduct } from './find-product.js'

export const exercise: Variant<typeof productLookupSchema> = {
  role: 'naive',
  summary: 'readFileSync + JSON.parse of the 5 MB file on every request',
  createHandler: async (app) => {
    const path = await ensureCatalogFile(app.config.filesDir)
    return async (request) => {
      // eslint-disable-next-line blindspots/no-sync-on-request-path, blindspots/no-whole-file-read -- the blind spot
      const catalog = JSON.parse(readFileSync(path, 'utf8')) as Catalog
      return findProduct(catalog, request.params.id)
    }
  },
}
