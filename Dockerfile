# An example production image: build with the dev dependencies, run with the production ones.
#   docker build -t shangrao-green-map . && docker run -p 8787:8787 shangrao-green-map
FROM node:20.19-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:20.19-bookworm-slim
# STATE_DIR: the embedded store's directory (edits, history); keep it on a volume.
ENV NODE_ENV=production PORT=8787 HOST=0.0.0.0 STATE_DIR=/var/lib/shangrao-green-map
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY data ./data
RUN mkdir -p /var/lib/shangrao-green-map && chown node:node /var/lib/shangrao-green-map
VOLUME /var/lib/shangrao-green-map
USER node
EXPOSE 8787
CMD ["node", "dist/server/main.js"]
