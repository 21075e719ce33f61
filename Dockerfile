# The clarify-ts engine as a SageMaker Processing container.
#
# SageMaker runs `clarify-ts process` with the analysis config under
# /opt/ml/processing/input/config, the images under /opt/ml/processing/input/data,
# and uploads /opt/ml/processing/output. See docs/scaling.md.
#
#   npm run build && docker build -t clarify-ts .
#
# Node 26 is the Active LTS line (since 2026-10-28, supported until 2029-04-30); Node 20,
# the line before, reached its end of life on 2026-04-30.
FROM node:26-slim

ENV NODE_ENV=production \
    # onnxruntime-node's install script downloads CUDA files; the CPU binaries ship in the package.
    ONNXRUNTIME_NODE_INSTALL=skip

WORKDIR /opt/clarify-ts
COPY package.json package-lock.json ./
# --ignore-scripts: the package's `prepare` script builds dist/ from sources, which the
# image does not hold (the built dist/ is copied below); no production dependency has an
# install script (scripts/check-container-image.sh checks the lockfile for one).
# Optional dependencies stay: sharp's platform binaries are optional dependencies of sharp.
# s3rver (the emulated S3 of clarify-ts/testing) comes along with them; `clarify-ts process`
# never loads it.
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force

COPY bin ./bin
COPY dist ./dist
RUN ln -s /opt/clarify-ts/bin/clarify-ts.js /usr/local/bin/clarify-ts

ENTRYPOINT ["clarify-ts", "process"]
