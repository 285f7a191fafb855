/**
 * EXERCISE: a copy of `inline.ts`, the mistake, for you to fix. The goal: answer 202 with a job id
 * at once and let a worker build the report. Keep the contract (the same status and body for the
 * same request). Check it: `npm run verify -- reports` runs the claims of `offloaded` (the model
 * answer, `offloaded.ts`) against this file and benches it between the two. Try it by hand:
 * `WORKSHOP=true npm run demo`, then the scenario's path + `/exercise`. The lesson (README.md in this
 * folder) explains why.
 */
import { buildReport } from '../../../jobs/build-report.js'
import { reportJobId, resultUrl } from '../../../jobs/report-job.js'
import type { Variant } from '../../scenario-kit/scenario.js'
import type { reportsSchema } from './contract.js'

export const exercise: Variant<typeof reportsSchema> = {
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
