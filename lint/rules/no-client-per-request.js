// @ts-check
/**
 * Blind spot 1b: a client or pool built for each request. Each one opens its own connections (a
 * TCP and TLS handshake, a Postgres login) and throws them away: the pool that makes the next call
 * cheap is never reused. Build it once, at start-up, and close it on shutdown.
 */
import { calleeName, requestPathOf } from '../ast.js'

const CONSTRUCTED = new Set(['Client', 'Pool', 'Agent', 'BalancedPool', 'Redis', 'Piscina', 'Queue'])
const CALLED = new Set(['postgres', 'createPool', 'createClient', 'drizzle'])

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: {
      description: 'no HTTP, database or Redis client, pool or agent built on a request path',
      url: 'lint/README.md#no-client-per-request',
    },
    messages: {
      client:
        'Blind spot 1, a client built per request: `{{name}}` opens new connections for every request and reuses none. Build it once at start-up (a plugin) and close it on shutdown. Lesson: src/exhibits/scenarios/outbound-http/README.md',
    },
    schema: [],
  },
  create(context) {
    /** @param {import('eslint').Rule.Node & (import('estree').NewExpression | import('estree').CallExpression)} node */
    const check = (node, /** @type {Set<string>} */ names) => {
      const name = calleeName(node.callee)
      if (name !== null && names.has(name) && requestPathOf(node) !== null)
        context.report({ node, messageId: 'client', data: { name } })
    }
    return {
      NewExpression: (node) => check(node, CONSTRUCTED),
      CallExpression: (node) => check(node, CALLED),
    }
  },
}
