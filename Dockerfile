# One image for both processes: `node dist/src/app.js` and `node dist/src/worker.js`.
# Node 20.19 or later: two dependencies (cookie, content-disposition) are ES modules that the
# CommonJS build require()s, which Node 20 does from 20.19 on. The tag follows Node 20's latest
# release (security fixes); the check below stops a build on an older cached image
# (`docker compose build --pull` fetches it anew).
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
RUN node -e "if (!process.features.require_module) { \
  console.error('Node ' + process.version + ' cannot require() ES modules: use 20.19 or later (build with --pull)'); \
  process.exit(1); }"
WORKDIR /app
# Exactly the lockfile's dependencies (dev ones too: the build needs TypeScript and tsx).
COPY package.json package-lock.json ./
# The front-end is an npm workspace: its manifest takes part in the install. So does the Telegram
# emulator's (packages/telegram-emulator, a dev tool): only its manifest, never its code, which the
# build leaves out with the dev sandbox (tsconfig.build.json). Its link in node_modules, like web's,
# points into a folder the final stage does not copy.
COPY web/package.json web/package.json
COPY packages/telegram-emulator/package.json packages/telegram-emulator/package.json
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src src
COPY workflows workflows
COPY activities activities
COPY migrations migrations
COPY locales locales
COPY scripts scripts
COPY web web
# dist/: the compiled code (no dev sandbox), locales, the built front-end (dist/web/dist) and the
# prebuilt workflow bundle.
RUN npm run build && npm prune --omit=dev

FROM ${NODE_IMAGE}
# /stats renders its chart on the server: the canvas needs a font for the labels.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
USER node
EXPOSE 3000
CMD ["node", "dist/src/app.js"]
