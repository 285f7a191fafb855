/**
 * THE MISTAKE: long work inside the request. The client waits for the whole report (and times
 * out on a big one), a retried POST builds it again, a deploy or crash midway loses it, and under
 * load every report competes with every other request for this process's database connections
 * and CPU.
 * Bench: offered ten times what it builds, it builds what the machine allows, each request waiting
 * seconds, and refuses the rest with 503 once the database gate's wait runs out.
 */
import { buildReport } from '../../../jobs/build-report.js'
import { reportJobId, resultUrl } from '../../../jobs/report-job.js'
import type { Variant } from '../../scenario-kit/scenario.js'
import type { reportsSchema } from './contract.js'

export const inline: Variant<typeof reportsSchema> = {
  role: 'naive',
  summary: 'the report is built inside the request; the client waits for all of it',
  createHandler: (app) => async (request) => {
    const id = reportJobId(request.headers['idempotency-key'])
    const release = await app.dbGate.acquire()
    try {
      const result = await buildReport(app.sql, app.config.filesDir, id, request.body.rows)
      return { id, state: 'completed' as const, result: { ...result, url: resultUrl(result.file) } }
    } finally {
      release()
    }
  },
}
