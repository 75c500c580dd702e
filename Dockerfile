# syntax=docker/dockerfile:1
# The gateway image for the scaled shape (docker-compose.yml): one image, run as `serve` (MCP over
# HTTP) or `worker`. Dependencies are installed from the lockfile and the workflow bundle is built at
# image build time, so a container starts without webpack; it runs as the unprivileged `node` user.
ARG NODE_VERSION=22

FROM node:${NODE_VERSION}-bookworm-slim AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM dependencies AS build
COPY tsconfig.json ./
COPY bin ./bin
COPY cli ./cli
COPY core ./core
COPY mcp ./mcp
COPY worker ./worker
COPY workflows ./workflows
COPY activities ./activities
COPY scripts/build-workflow-bundle.ts scripts/healthcheck.js ./scripts/
RUN node --import tsx scripts/build-workflow-bundle.ts

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    DATA_DIR=/data \
    SERVER_HOST=0.0.0.0 \
    SERVER_PORT=8013 \
    LOG_FORMAT=json
WORKDIR /app
COPY --from=build /app ./
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8013
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 CMD ["node", "scripts/healthcheck.js"]
ENTRYPOINT ["node", "bin/gateway.js"]
CMD ["serve"]
