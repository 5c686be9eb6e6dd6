# syntax=docker/dockerfile:1
# Labkeep: server + bot + tab in one image. docs/deploy.md explains building and running it.
#   docker build -t labkeep .
#   docker compose up        (app + PostgreSQL 16, docker-compose.yml)
ARG NODE_IMAGE=node:20.20-bookworm-slim

# 1. All dependencies (dev included: Vite builds the tab) and the generated Prisma client.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY prisma ./prisma
COPY scripts/prisma-generate.mjs ./scripts/prisma-generate.mjs
# postinstall runs `prisma generate` into domain/db/generated (no download: see the script).
RUN npm ci --no-audit --no-fund

# 2. The tab, built once: tab/dist is served by the server.
FROM deps AS build
COPY . .
RUN npx vite build --config tab/vite.config.ts

# 3. Production dependencies only. Install scripts are skipped: the Prisma client comes
#    from stage 1, and nothing else in production needs a build step.
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# 4. The runtime image: TypeScript runs through tsx (a production dependency), no dev tools.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3978 \
    LABKEEP_DATA_DIR=/app/data
WORKDIR /app
COPY --from=prod-deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/package.json /app/tsconfig.json ./
COPY --from=build --chown=node:node /app/domain ./domain
COPY --from=build --chown=node:node /app/server ./server
COPY --from=build --chown=node:node /app/bot ./bot
COPY --from=build --chown=node:node /app/scripts ./scripts
COPY --from=build --chown=node:node /app/prisma ./prisma
COPY --from=build --chown=node:node /app/tab/dist ./tab/dist
RUN mkdir -p /app/data /app/audit && chown node:node /app/data /app/audit
# The official image's unprivileged user (uid 1000).
USER node
EXPOSE 3978
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3978) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Migrations first (idempotent, recorded in _prisma_migrations), then the server as PID 1's
# replacement so it receives SIGTERM directly and shuts down gracefully.
CMD ["sh", "-c", "node --import tsx scripts/db-migrate.ts && exec node --import tsx server/main.ts"]
