# syntax=docker/dockerfile:1
# The mdbkit image: the admission webhook (`mdbkit serve`, the default command, which charts/mdbkit-webhook
# runs) and the linter for container users (`docker run ... lint deploy/`).
#   docker build -t mdbkit:0.1.0 .
# The build stage packs the project exactly as npm publishes it (prepack builds dist/), so the image holds
# what `npm install mdbkit` holds (package.json "files") and nothing more; the runtime stage is distroless:
# node and the package, no npm, no shell.
#
# The bases are tags in ARGs: they could not be resolved to digests where this file was written (no registry
# access). Pin them for a reproducible build with scripts/pin-image-digests.sh, which rewrites these two
# lines to tag@sha256:digest, or pass --build-arg NODE_BUILD_IMAGE=...@sha256:... at build time.
# Node 24 is the active LTS; the runtime must keep node at /nodejs/bin/node, as the distroless images do.
ARG NODE_BUILD_IMAGE=node:24-bookworm-slim
ARG NODE_RUNTIME_IMAGE=gcr.io/distroless/nodejs24-debian12:nonroot

FROM ${NODE_BUILD_IMAGE} AS build
WORKDIR /src
# Dependencies first: this layer is reused until package*.json change.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# prepack runs `npm run build`; the tarball unpacks into /src/package.
RUN npm pack --silent && tar -xzf mdbkit-*.tgz

FROM ${NODE_BUILD_IMAGE} AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies only, at their locked versions; no install scripts run.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

FROM ${NODE_RUNTIME_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
# Owned by root and read-only to the user below: the webhook cannot change its own code.
COPY --from=dependencies /app/node_modules ./node_modules
COPY --from=build /src/package ./
# A numeric user, so that Kubernetes' runAsNonRoot can verify it; the chart runs the same 65532 (distroless's
# "nonroot").
USER 65532:65532
# The admission port (HTTPS) and /metrics (plain HTTP, --metrics-port).
EXPOSE 8443 9090
ENTRYPOINT ["/nodejs/bin/node", "/app/bin/mdbkit.js"]
CMD ["serve"]
