// @ts-check
/**
 * Blind spot 2a: a lock (mutex) shared by every request. Whatever it guards runs one request at a
 * time, however many connections the pool has: the throughput is one over the time the lock is
 * held. State per request belongs in the request (locals, arguments); a shared resource in a pool.
 */
import { calleeName, receiverName } from '../ast.js'

const TAKE = new Set(['runExclusive', 'acquire', 'lock', 'waitForUnlock'])

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: { description: 'no lock (mutex) taken around shared work', url: 'lint/README.md#no-shared-lock' },
    messages: {
      lock: 'Blind spot 2, access that serialises: `{{name}}` lets one request through at a time, whatever the pool. Keep per-request state in the request and share only what is safe to share (a pool). Lessons: src/exhibits/scenarios/shared-singleton/README.md, src/exhibits/scenarios/database/README.md',
    },
    schema: [],
  },
  create(context) {
    return {
      CallExpression(node) {
        const name = calleeName(node.callee)
        const receiver = receiverName(node.callee)
        if (name !== null && TAKE.has(name) && receiver !== null && /lock|mutex/i.test(receiver))
          context.report({ node, messageId: 'lock', data: { name: `${receiver}.${name}` } })
      },
    }
  },
}
