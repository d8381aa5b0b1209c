/**
 * A tiny CDN on 127.0.0.1 for the media tests: uploads are written to a folder as they arrive (never collected in
 * memory) and answered with `x-encrypted-param`; downloads stream the stored bytes back. A test can take over any
 * request with `intercept`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
}

export interface StoredObject {
  readonly path: string;
  readonly size: number;
  readonly md5: string;
}

/** Answers a request itself; returns `false` to leave it to the default behaviour. */
export type Interceptor = (req: http.IncomingMessage, res: http.ServerResponse, index: number) => boolean;

export interface FakeCdn {
  readonly base: string;
  readonly seen: readonly SeenRequest[];
  /** Stored uploads by their `x-encrypted-param`. */
  readonly objects: ReadonlyMap<string, StoredObject>;
  intercept(interceptor: Interceptor): void;
  close(): Promise<void>;
}

export async function startFakeCdn(folder: string): Promise<FakeCdn> {
  const seen: SeenRequest[] = [];
  const objects = new Map<string, StoredObject>();
  let interceptor: Interceptor = () => false;

  async function store(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const param = `${randomBytes(9).toString('base64')}+/=`;
    const path = join(folder, `object-${objects.size}`);
    const hash = createHash('md5');
    let size = 0;
    const measure = new Transform({
      transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
        hash.update(chunk);
        size += chunk.length;
        callback(null, chunk);
      },
    });
    await pipeline(req, measure, createWriteStream(path));
    objects.set(param, { path, size, md5: hash.digest('hex') });
    res.writeHead(200, { 'x-encrypted-param': param });
    res.end();
  }

  function serve(req: http.IncomingMessage, res: http.ServerResponse): void {
    const param = new URL(req.url ?? '/', 'http://cdn').searchParams.get('encrypted_query_param') ?? '';
    const object = objects.get(param);
    if (object === undefined) {
      res.writeHead(404, { 'x-error-message': 'no such object' });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': object.size });
    createReadStream(object.path).pipe(res);
  }

  const server = http.createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    if (interceptor(req, res, seen.length - 1)) return;
    if (req.method === 'POST' && req.url?.startsWith('/c2c/upload') === true) {
      store(req, res).catch(() => res.destroy());
    } else serve(req, res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/c2c`,
    seen,
    objects,
    intercept: (next) => void (interceptor = next),
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
