// A stand-in SageMaker Runtime for scripts/check-container-image.sh: answers
// InvokeEndpoint (POST /endpoints/<name>/invocations) with two class scores taken from
// the image's mean red level, so that masking segments changes the answer. Prints the
// port it listens on, then serves until killed.
import { createServer } from 'node:http';
import sharp from 'sharp';

let calls = 0;
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    if (req.method !== 'POST' || !/^\/endpoints\/[^/]+\/invocations$/.test(req.url ?? '')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"not found"}');
      return;
    }
    try {
      const { data } = await sharp(Buffer.concat(chunks)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      let red = 0;
      for (let i = 0; i < data.length; i += 3) red += data[i];
      const p = red / (data.length / 3) / 255;
      calls++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify([p, 1 - p]));
    } catch (err) {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ message: String(err) }));
    }
  });
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
process.on('SIGTERM', () => {
  console.error(`fake runtime: ${calls} invocations`);
  process.exit(0);
});
