/**
 * What every file-io variant must do: answer one product of the catalogue file by id. The file
 * is about 5 MB of JSON; the variants differ in how, and how often, they read and parse it.
 */
import { z } from 'zod'
import { errorReplySchema } from '../../../errors.js'
import { PRODUCT_COUNT, productSchema } from '../../files/catalog-file.js'

export const productLookupSchema = {
  params: z.object({ id: z.coerce.number().int().min(1).max(PRODUCT_COUNT) }),
  response: { 200: productSchema, '4xx': errorReplySchema, '5xx': errorReplySchema },
}
