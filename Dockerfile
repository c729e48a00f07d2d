# syntax=docker/dockerfile:1
# Parley's production image: Next.js's standalone output, the HTTP server of
# server/main.ts bundled into one file, running as an unprivileged user.
#   docker build -t parley .        (compose.yaml builds it for you)
# The `build` stage also serves as the one-off migration job (it has the whole
# project and its dev tools): see the `migrate` service in compose.yaml.

FROM node:20-bookworm-slim AS deps
WORKDIR /app
# What `npm ci` and its postinstall (prisma generate) read.
COPY package.json package-lock.json prisma.config.ts ./
COPY scripts/prisma-generate.mjs scripts/
COPY prisma/schema.prisma prisma/
RUN npm ci --no-audit --no-fund

FROM deps AS build
# lib/env.ts validates the environment when the build loads the app; the build
# never connects, so a placeholder will do. The real one comes at run time.
ENV NEXT_TELEMETRY_DISABLED=1 \
    DATABASE_URL=postgresql://build@127.0.0.1:1/none
COPY . .
RUN npm run build \
 && node server/launch.mjs --bundle-to dist/server.mjs --root /app

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    MALLOC_ARENA_MAX=2 \
    MALLOC_MMAP_THRESHOLD_=32768
WORKDIR /app
RUN groupadd --system --gid 10001 parley \
 && useradd --system --uid 10001 --gid parley --home-dir /app --shell /usr/sbin/nologin parley
COPY --from=build --chown=parley:parley /app/.next/standalone ./
COPY --from=build --chown=parley:parley /app/.next/static ./.next/static
COPY --from=build --chown=parley:parley /app/public ./public
# /api/ready checks that every migration here is applied.
COPY --from=build --chown=parley:parley /app/prisma/migrations ./prisma/migrations
COPY --from=build --chown=parley:parley /app/dist/server.mjs ./server/server.mjs
USER parley
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The same heap cap as `npm start` (scripts/support/processes.ts explains it).
CMD ["node", "--max-old-space-size=192", "--max-semi-space-size=8", "server/server.mjs", "--hostname", "0.0.0.0"]
