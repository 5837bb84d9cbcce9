# dn bots as a container image: built JavaScript only (no TypeScript runtime), non-root, health-checked.
#   docker build -t dn .
#   docker compose up -d rotation-bot          (see docker-compose.yml)
# Stage 1 builds the apps' self-contained bundles; stage 2 holds only those bundles on a slim Node.

FROM node:20.19-bookworm-slim AS build
WORKDIR /src
RUN npm install -g pnpm@10.34.9
COPY . .
RUN pnpm install --frozen-lockfile \
 && pnpm $(sed 's/^/--filter /' packages/ops/docker/image-apps.txt) build \
 && bash packages/ops/docker/stage-runtime.sh /runtime

FROM node:20.19-bookworm-slim AS runtime
ENV NODE_ENV=production \
    DN_HOME=/data \
    DN_HTTP_PORT=8080
WORKDIR /app
COPY --from=build /runtime/ /app/
# The operator's home (state, history, logs, halt sentinel) is a volume owned by the unprivileged `node` user.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
# /healthz answers 503 when the bot's loop stops ticking, not only when the process is gone; it reports healthy while
# the app starts (2 min), so no start period is needed.
HEALTHCHECK --interval=30s --timeout=5s --retries=3 CMD ["node", "/app/healthcheck.mjs"]
ENTRYPOINT ["node"]
CMD ["apps/rotation-bot/dist/main.js", "--http-port", "8080", "--metrics-port", "8080", "--http-host", "0.0.0.0"]
