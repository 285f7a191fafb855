/**
 * HALF A FIX: `fs.promises.readFile` moves the read to libuv's threadpool, so the loop is free
 * while the disk works; but `JSON.parse` of 5 MB still runs on the loop, every request. Async
 * I/O does not make CPU work async. (And every request still allocates the whole file.)
 * Bench: barely better than sync-read; the event-loop delay stays high.
 */
import { readFile } from 'node:fs/promises'
import type { Variant } from '../../scenario-kit/scenario.js'
import { ensureCatalogFile, type Catalog } from '../../files/catalog-file.js'
import type { productLookupSchema } from './contract.js'
import { findProduct } from './find-product.js'

export const asyncRead: Variant<typeof productLookupSchema> = {
  role: 'naive',
  summary: 'fs.promises.readFile, but JSON.parse of 5 MB on the loop every request',
  createHandler: async (app) => {
    const path = await ensureCatalogFile(app.config.filesDir)
    return async (request) => {
      // eslint-disable-next-line blindspots/no-whole-file-read -- the blind spot
      const catalog = JSON.parse(await readFile(path, 'utf8')) as Catalog
      return findProduct(catalog, request.params.id)
    }
  },
}
