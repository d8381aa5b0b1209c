/**
 * The CDN (docs/ilink-protocol.md §7.3–7.4): POST-only uploads streamed to disk while they are counted, decrypted
 * with the ticket's key and hashed, answered with `x-encrypted-param`; downloads serve the stored ciphertext. Every
 * refusal is a 4xx with its reason in `x-error-message`.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { decipher } from '../aes.js';
import type { UploadTicket } from '../cdn-store.js';
import { cdnError, drain, type Ctx, type Reply } from '../http.js';
import type { IlinkState } from '../state.js';

export async function upload(state: IlinkState, ctx: Ctx): Promise<Reply> {
  const uploadParam = ctx.query.get('encrypted_query_param') ?? '';
  const ticket = state.cdn.uploads.get(uploadParam);
  if (ctx.method !== 'POST') return refuse(ctx, 405, 'upload accepts POST only');
  if (ticket === undefined) return refuse(ctx, 400, 'unknown or used encrypted_query_param');
  if (ctx.query.get('filekey') !== ticket.filekey) return refuse(ctx, 400, 'filekey does not match the upload ticket');
  const file = state.cdn.newFile();
  const fail = async (message: string): Promise<Reply> => {
    await rm(file, { force: true });
    return cdnError(400, message);
  };
  let got: Received;
  try {
    got = await receive(ctx.req, file, ticket);
  } catch {
    return fail('the upload was cut off');
  }
  if (got.received !== ticket.fileSize) return fail(`received ${got.received} bytes, filesize says ${ticket.fileSize}`);
  if (!got.decrypted) return fail('the body does not decrypt with the aeskey of getuploadurl');
  if (got.rawSize !== ticket.rawSize) return fail(`the plaintext has ${got.rawSize} bytes, rawsize says ${ticket.rawSize}`);
  if (got.md5 !== ticket.rawMd5) return fail('the plaintext MD5 differs from rawfilemd5');
  state.cdn.uploads.delete(uploadParam);
  const param = state.cdn.add({ file, size: got.received, rawSize: got.rawSize, md5: got.md5, key: ticket.key, source: 'upload' });
  return { status: 200, headers: { 'Content-Type': 'text/plain', 'x-encrypted-param': param }, body: '' };
}

export function download(state: IlinkState, ctx: Ctx): Reply {
  if (ctx.method !== 'GET') return cdnError(405, 'download accepts GET only');
  const object = state.cdn.objects.get(ctx.query.get('encrypted_query_param') ?? '');
  if (object === undefined) return cdnError(404, 'unknown encrypted_query_param');
  return { status: 200, headers: { 'Content-Type': 'application/octet-stream' }, body: { file: object.file, size: object.size } };
}

/** A refusal before the body is read: the body is drained first, so the client sees the answer, not a reset. */
async function refuse(ctx: Ctx, status: number, message: string): Promise<Reply> {
  await drain(ctx.req);
  return cdnError(status, message);
}

interface Received {
  readonly received: number;
  readonly rawSize: number;
  readonly md5: string;
  readonly decrypted: boolean;
}

/** Streams the body to `file` (at most the announced size is kept), decrypting and hashing on the way. */
async function receive(req: IncomingMessage, file: string, ticket: UploadTicket): Promise<Received> {
  const d = decipher(ticket.key);
  const hash = createHash('md5');
  let received = 0;
  let rawSize = 0;
  let decrypted = true;
  const decrypt = (step: () => Buffer): void => {
    if (!decrypted) return;
    try {
      const plain = step();
      rawSize += plain.length;
      hash.update(plain);
    } catch {
      decrypted = false;
    }
  };
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const before = received;
      received += chunk.length;
      const keep = chunk.subarray(0, Math.max(0, ticket.fileSize - before));
      if (keep.length > 0) decrypt(() => d.update(keep));
      done(null, keep);
    },
  });
  await pipeline(req, tap, createWriteStream(file, { mode: 0o600 }));
  if (received === ticket.fileSize) decrypt(() => d.final());
  return { received, rawSize, md5: hash.digest('hex'), decrypted };
}
