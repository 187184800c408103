FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
COPY prisma ./prisma
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build
ENV NODE_ENV=production
# The API (PORT) and the worker's metrics/health listener (WORKER_HTTP_PORT).
EXPOSE 3000 9464
CMD ["node", "dist/apps/api/src/main.js"]
