/** The zod fields settings are made of: config.ts's, and those of any module that adds settings of its own. */
import { z } from 'zod'

export const port = z.coerce.number().int().min(0).max(65535)
export const positiveInt = z.coerce.number().int().positive()
export const optionalUrl = z.url().optional()
export const booleanFlag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')
