// @ts-check
/**
 * Blind spot 1: a synchronous call on a request path. Node names its blocking functions `*Sync`
 * (fs, child_process, zlib, crypto); `Atomics.wait` parks the thread; a helper that waits for I/O
 * synchronously says so in its name (`syncSql.query`, `syncHttp.get`, `hashSync`). At start-up
 * they are fine: nothing else is waiting yet.
 */
import { calleeName, receiverName, requestPathOf } from '../ast.js'

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: {
      description: 'no synchronous call (a *Sync function, Atomics.wait, a sync* client) on a request path',
      url: 'lint/README.md#no-sync-on-request-path',
    },
    messages: {
      sync: 'Blind spot 1, a blocking call in a handler: `{{name}}` holds the event loop, and every request in flight waits for it. Use the async form (on the threadpool), or do it once at start-up. Lesson: src/exhibits/scenarios/{{lesson}}/README.md',
    },
    schema: [],
  },
  create(context) {
    return {
      CallExpression(node) {
        const name = calleeName(node.callee)
        const receiver = receiverName(node.callee)
        const blocking =
          (name !== null && /Sync$/.test(name)) ||
          (receiver === 'Atomics' && name === 'wait') ||
          (receiver !== null && /^sync[A-Z]/.test(receiver))
        if (!blocking || requestPathOf(node) === null) return
        const shown = receiver !== null && receiver !== 'fs' ? `${receiver}.${name}` : String(name)
        const lesson = /key/i.test(shown)
          ? 'hooks'
          : /scrypt|hash|pbkdf2/i.test(shown)
            ? 'password-hash'
            : /sql/i.test(shown)
              ? 'database'
              : /http/i.test(shown)
                ? 'outbound-http'
                : 'file-io'
        context.report({ node, messageId: 'sync', data: { name: shown, lesson } })
      },
    }
  },
}
