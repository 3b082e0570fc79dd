# egovscan with Debian's Chromium, for scheduled crawls on a server.
#   docker build -t egovscan .
#   docker run --rm -v "$PWD/output:/data" egovscan crawl --targets targets/indonesia.yaml --out /data
# See deploy/compose.yaml for a weekly schedule with the output on a volume.
FROM node:20-bookworm-slim

# Chromium renders client-side portals and runs Lighthouse; fonts so that screenshots and the
# report's charts have glyphs; python3/make/g++ build better-sqlite3 when no prebuilt binary fits.
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium fonts-dejavu-core fonts-noto-core ca-certificates python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
ENV CHROME_PATH=/usr/bin/chromium

WORKDIR /opt/egovscan
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# The image runs the compiled package, like an installed one; then the build tools can go.
RUN npm run build && npm prune --omit=dev && rm -rf src tests bench \
 && apt-get purge -y python3 make g++ && apt-get autoremove -y

# A crawl as root is not needed: run as the image's unprivileged node user; /data holds the runs.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
ENTRYPOINT ["node", "bin/egovscan.js"]
CMD ["--help"]
