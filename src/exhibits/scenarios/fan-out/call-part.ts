/** One of the fan-out's three upstream calls, as both variants make it. */
import type { Dispatcher } from 'undici'
import { FanOutPartFailedError, FanOutPartTimeoutError, UpstreamTimeoutError } from '../../../errors.js'
import { delayPath, getUpstream } from '../../upstream/calls.js'
import type { FanOutQuery, Part } from './contract.js'

/** One of the three calls; a failure names its part, so the 502 (504 at the deadline) says which call broke. */
export async function callPart(dispatcher: Dispatcher, part: Part, query: FanOutQuery, timeoutMs: number) {
  const path = query.fail === part ? '/status/503' : delayPath(query.delayMs)
  try {
    return await getUpstream(dispatcher, path, timeoutMs)
  } catch (err) {
    if (err instanceof UpstreamTimeoutError) throw new FanOutPartTimeoutError(part, timeoutMs)
    throw new FanOutPartFailedError(part, (err as Error).message)
  }
}
