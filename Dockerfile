# syntax=docker/dockerfile:1
# The mdbkit admission webhook (`mdbkit serve`), the image charts/mdbkit-webhook runs. The build stage has
# the dev dependencies (TypeScript, tsx) to compile dist/; the runtime stage holds only what `mdbkit serve`
# loads: dist/, bin/, the schemas it reads at start, and the production dependencies.
#   docker build -t registry.example.com/mdbkit:0.1.0 .
# Pin the base by digest (node:20-bookworm-slim@sha256:...) for reproducible builds.
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
# Dependencies first: this layer is reused until package*.json change.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# The webhook never loads the generator (only `mdbkit generate` does, and the floors test holds to that), nor tests.
RUN npm run build && rm -rf dist/generator dist/test

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies only; no install scripts run, and the npm cache stays out of the image.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /src/dist ./dist
COPY --from=build /src/bin ./bin
# mdbkit finds its root by this package.json and reads the schemas from here at start.
COPY --from=build /src/schemas ./schemas
# A numeric user, so that Kubernetes' runAsNonRoot can verify it; the chart runs the same 65532.
# The files above stay owned by root: the webhook cannot change its own code.
USER 65532:65532
# The admission port (HTTPS) and /metrics (plain HTTP, --metrics-port).
EXPOSE 8443 9090
ENTRYPOINT ["node", "bin/mdbkit.js", "serve"]
