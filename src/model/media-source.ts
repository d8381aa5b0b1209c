/** Media to send, for every transport and the operators: a file path, the bytes, or a readable stream. */
export type MediaSource = string | Uint8Array | NodeJS.ReadableStream;
