# Two stages: build with every dependency, run with production ones only, as the unprivileged
# `node` user. The same image runs the API (default command) and the worker (compose overrides it).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY prisma ./prisma
# npm ci: exactly the lock file (reproducible); postinstall generates the Prisma row types.
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
# Migrations are applied at run time (migrate:central, migrate:all-tenants, new tenants at signup).
COPY --from=build --chown=node:node /app/prisma ./prisma
USER node
# The API (PORT) and the worker's metrics/health listener (WORKER_HTTP_PORT).
EXPOSE 3000 9464
# The API's liveness; compose gives the worker a check of its own.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["node", "dist/apps/api/src/main.js"]
