// @ts-check
/**
 * Blind spot 5: a whole file read on a request path. Read per request, a file costs its size in
 * memory for each request in flight, and whatever is done with the bytes (parsing 5 MB of JSON)
 * runs on the loop each time. A file that does not change is read once at start-up; one that is
 * sent is streamed (createReadStream, with backpressure).
 */
import { calleeName, requestPathOf } from '../ast.js'

const WHOLE = new Set(['readFile', 'readFileSync'])

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: { description: 'no whole-file read on a request path', url: 'lint/README.md#no-whole-file-read' },
    messages: {
      whole:
        'Blind spot 5, a whole file per request: `{{name}}` holds the file in memory for each request in flight, and parses it each time. Read it once at start-up, or stream it (createReadStream). Lessons: src/exhibits/scenarios/file-io/README.md, src/exhibits/scenarios/file-download/README.md',
    },
    schema: [],
  },
  create(context) {
    return {
      CallExpression(node) {
        const name = calleeName(node.callee)
        if (name !== null && WHOLE.has(name) && requestPathOf(node) !== null)
          context.report({ node, messageId: 'whole', data: { name } })
      },
    }
  },
}
