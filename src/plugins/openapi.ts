/**
 * The OpenAPI 3 document of every route, generated from the same zod schemas that validate the
 * requests and serialise the replies (so it cannot drift from the code), at GET /docs/json, with
 * Swagger UI at /docs. The UI's files are served from the package itself: it works offline.
 * Register before the routes: @fastify/swagger collects them as they are added.
 */
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { jsonSchemaTransform } from 'fastify-type-provider-zod'
import packageJson from '../../package.json' with { type: 'json' }

const DOCS = '/docs'

async function openapiPlugin(app: FastifyInstance) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: packageJson.name, description: packageJson.description, version: packageJson.version },
    },
    transform: jsonSchemaTransform,
  })
  await app.register(swaggerUi, {
    routePrefix: DOCS,
    uiHooks: {
      // @fastify/swagger-ui 5.2.6 redirects /docs/static/index.html to /docs/ by a replace anchored
      // at the end of the URL: with a query string nothing is replaced and it redirects to itself
      // for ever. The page it means, with the query kept.
      onRequest: (request, reply, done) => {
        const [path, query] = request.url.split('?', 2)
        if (query !== undefined && path === `${DOCS}/static/index.html`) return void reply.redirect(`${DOCS}/?${query}`)
        done()
      },
    },
  })
}

export default fp(openapiPlugin, { name: 'openapi', fastify: '5.x' })
