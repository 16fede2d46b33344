# One image for the worker and the API (and migrate/seed); the command picks the role.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY domain ./domain
COPY src ./src
COPY workflows ./workflows
COPY activities ./activities
COPY schema ./schema
COPY web ./web
COPY scripts ./scripts
COPY data ./data
RUN npm run build && npm prune --omit=dev

FROM node:22-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app /app
USER node
CMD ["node", "dist/src/main/api.js"]
