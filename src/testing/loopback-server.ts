/** The emulator's HTTP server on 127.0.0.1, serving every service but S3. */
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestRoute } from './emulated-services.js';

/** A listening server and its base URL. */
export interface LoopbackServer {
  readonly server: Server;
  /** `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
}

/**
 * Serves `route` on a random port of 127.0.0.1. A route that rejects is a bug
 * of the emulator, not a service answer: the call fails with a 500 and the
 * error joins `backgroundErrors`, which `stop()` reports.
 */
export async function listenOnLoopback(route: RequestRoute, backgroundErrors: unknown[]): Promise<LoopbackServer> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      route(req, res, Buffer.concat(chunks)).catch((error: unknown) => {
        backgroundErrors.push(error);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ __type: 'InternalFailure', message: `clarify-ts/testing bug: ${String(error)}` }));
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return { server, endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Closes the server, ending kept-alive connections rather than waiting for their clients. */
export function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
