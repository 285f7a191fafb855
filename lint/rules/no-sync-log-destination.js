// @ts-check
/**
 * Blind spot 7b: a synchronous log destination. `pino.destination()` writes synchronously unless
 * told `sync: false`: each line is a write(2) on the event loop, and when the reader of the file or
 * pipe falls behind, the loop waits with it. Log to stdout through an asynchronous destination
 * (or a transport in a worker thread) with a bound on what it buffers.
 */
import { calleeName } from '../ast.js'

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: { description: 'no synchronous pino destination', url: 'lint/README.md#no-sync-log-destination' },
    messages: {
      sync: 'Blind spot 7, synchronous logging: this destination writes each line on the event loop and waits whenever its reader does. Use an asynchronous destination (sync: false, or a transport) with a bound. Lesson: src/exhibits/scenarios/logging/README.md',
    },
    schema: [],
  },
  create(context) {
    return {
      CallExpression(node) {
        if (calleeName(node.callee) !== 'destination') return
        const [options] = node.arguments
        // pino.destination(path) and pino.destination({ dest }) default to sync: true.
        const syncOption =
          options?.type === 'ObjectExpression'
            ? options.properties.find(
                (p) => p.type === 'Property' && p.key.type === 'Identifier' && p.key.name === 'sync',
              )
            : undefined
        const isSync =
          options === undefined ||
          options.type !== 'ObjectExpression' ||
          syncOption === undefined ||
          (syncOption.type === 'Property' && !(syncOption.value.type === 'Literal' && syncOption.value.value === false))
        if (isSync) context.report({ node, messageId: 'sync' })
      },
    }
  },
}
