# The clarify-ts engine as a SageMaker Processing container.
#
# SageMaker runs `clarify-ts process` with the analysis config under
# /opt/ml/processing/input/config, the images under /opt/ml/processing/input/data,
# and uploads /opt/ml/processing/output. See docs/scaling.md.
#
#   npm run build && docker build -t clarify-ts .
FROM node:20-slim

ENV NODE_ENV=production \
    # onnxruntime-node's install script downloads CUDA files; the CPU binaries ship in the package.
    ONNXRUNTIME_NODE_INSTALL=skip

WORKDIR /opt/clarify-ts
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

COPY bin ./bin
COPY dist ./dist
RUN ln -s /opt/clarify-ts/bin/clarify-ts.js /usr/local/bin/clarify-ts

ENTRYPOINT ["clarify-ts", "process"]
