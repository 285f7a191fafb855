// @ts-check
/**
 * The blind spots as lint rules: one per mistake the code shows on its face. What only load shows
 * (a pool too small for its traffic, a queue with no bound behind a helper, long work inline) no
 * rule can see; the alerts and `npm run doctor` do (lint/README.md says which is which).
 */
import noClientPerRequest from './rules/no-client-per-request.js'
import noOffsetPagination from './rules/no-offset-pagination.js'
import noQueryInLoop from './rules/no-query-in-loop.js'
import noSequentialAwaits from './rules/no-sequential-awaits.js'
import noSharedLock from './rules/no-shared-lock.js'
import noStringifyInHandler from './rules/no-stringify-in-handler.js'
import noSyncLogDestination from './rules/no-sync-log-destination.js'
import noSyncOnRequestPath from './rules/no-sync-on-request-path.js'
import noWholeFileRead from './rules/no-whole-file-read.js'

export const rules = {
  'no-sync-on-request-path': noSyncOnRequestPath,
  'no-client-per-request': noClientPerRequest,
  'no-shared-lock': noSharedLock,
  'no-query-in-loop': noQueryInLoop,
  'no-stringify-in-handler': noStringifyInHandler,
  'no-offset-pagination': noOffsetPagination,
  'no-whole-file-read': noWholeFileRead,
  'no-sequential-awaits': noSequentialAwaits,
  'no-sync-log-destination': noSyncLogDestination,
}

/** The rules of the ecosystem that cover the rest: a forgotten await is typescript-eslint's. */
export const ECOSYSTEM_RULES = ['@typescript-eslint/no-floating-promises', '@typescript-eslint/no-misused-promises']

/** The rules' prefix (a string, so that `template:strip --name` may rename it to any package name). */
const NAMESPACE = 'blindspots'

/** @type {import('eslint').ESLint.Plugin} */
const plugin = { meta: { name: `eslint-plugin-${NAMESPACE}` }, rules }

/** Every rule as an error, under the `blindspots/` prefix. */
export const recommended = {
  plugins: { [NAMESPACE]: plugin },
  rules: Object.fromEntries(Object.keys(rules).map((name) => [`${NAMESPACE}/${name}`, 'error'])),
}

export default plugin
