# l7guard manager image. Build: docker build -t l7guard/manager:0.1.0 .
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY asconfig.json ./
COPY filter ./filter
COPY test/fixtures ./test/fixtures
COPY bench/fixtures ./bench/fixtures
# npm ci runs prepare -> build, which compiles build/l7guard.wasm
RUN npm ci && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/build/l7guard.wasm ./build/l7guard.wasm
COPY package.json ./
COPY bin ./bin
COPY manager ./manager
COPY host ./host
COPY demo ./demo
COPY schemas ./schemas
USER 10001:10001
EXPOSE 9080
ENTRYPOINT ["node", "bin/l7guard.mjs"]
CMD ["manager", "--listen", "0.0.0.0:9080", "--data", "/var/lib/l7guard", "--in-cluster"]
