# syntax=docker/dockerfile:1
# The mdbkit image: the admission webhook (`mdbkit serve`, the default command, which charts/mdbkit-webhook
# runs) and the linter for container users (`docker run ... lint deploy/`).
#   docker build -t mdbkit:0.1.0 .
# The build stage packs the project exactly as npm publishes it (prepack builds dist/), so the image holds
# what `npm install mdbkit` holds (package.json "files") and nothing more; the runtime stage is distroless:
# node and the package, no npm, no shell.
#
# The bases are pinned by digest, so a rebuild gets the same bytes whatever the tags point to now. These digests
# could not be asked of the registries where this file was written (no registry access): they are the ones
# several public projects pin for the same tags (node 24.18.0 for the build). Refresh them, and check them,
# with scripts/pin-image-digests.sh (it asks the registry for each tag's digest and rewrites these two lines),
# or pass --build-arg NODE_BUILD_IMAGE=...@sha256:... at build time.
# Node 24 is the active LTS; the runtime must keep node at /nodejs/bin/node, as the distroless images do.
ARG NODE_BUILD_IMAGE=node:24-bookworm-slim@sha256:6f7b03f7c2c8e2e784dcf9295400527b9b1270fd37b7e9a7285cf83b6951452d
ARG NODE_RUNTIME_IMAGE=gcr.io/distroless/nodejs24-debian12:nonroot@sha256:14d42e2511532589a7c7e01a753667a74fcc96266e137e8125006b87b0c32d0a

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
