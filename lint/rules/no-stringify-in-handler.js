// @ts-check
/**
 * Blind spot 3a: the reply serialised by hand on a request path. `JSON.stringify` (and a schema's
 * `parse` of the whole reply before it) runs on the loop for every row, and bypasses the route's
 * response schema, which Fastify compiles once into a serializer (fast-json-stringify) that is
 * faster and sends only the declared fields. Fastify handlers only, `(request, reply)`: a node:http
 * server has no response schema to hand the object to.
 */
import { calleeName, receiverName, requestPathOf } from '../ast.js'

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: {
      description: 'no JSON.stringify of a reply on a request path: let the response schema serialise it',
      url: 'lint/README.md#no-stringify-in-handler',
    },
    messages: {
      stringify:
        "Blind spot 3, serialising by hand: JSON.stringify on the loop, outside the route's compiled response schema. Return the object and declare the response schema (Fastify compiles it once). Lesson: src/exhibits/scenarios/serialization/README.md",
    },
    schema: [],
  },
  create(context) {
    return {
      CallExpression(node) {
        if (receiverName(node.callee) !== 'JSON' || calleeName(node.callee) !== 'stringify') return
        // A Fastify handler, `(request, reply)`: a plain node:http server has no response schema to use.
        const handler = requestPathOf(node)
        const second = handler && 'params' in handler ? handler.params[1] : undefined
        if (second?.type === 'Identifier' && /^_?reply$/.test(second.name))
          context.report({ node, messageId: 'stringify' })
      },
    }
  },
}
