/** The device schema parsed by protobufjs (an optional peer dependency, loaded on the first use of the codec). */
import type protobuf from 'protobufjs';
import { requireOptional } from '../util/optional-package.js';
import { PROTO_PACKAGE, schemaProtoText } from './schema-text.js';

export { PROTO_PACKAGE, schemaProtoText, TYPE_URL_PREFIX } from './schema-text.js';

/** `google.protobuf.Any` as any.proto defines it; declared here so no file has to be loaded at run time. */
const ANY = `syntax = "proto3"; package google.protobuf; message Any { string type_url = 1; bytes value = 2; }`;

let root: protobuf.Root | undefined;

/** The parsed schema, built on first use (`keepCase`, so field names stay as on the wire). */
export function schemaRoot(): protobuf.Root {
  if (root === undefined) {
    const pb = requireOptional<typeof protobuf>('protobufjs', 'the work-phone device protocol');
    const built = new pb.Root();
    pb.parse(ANY, built, { keepCase: true });
    pb.parse(schemaProtoText(), built, { keepCase: true });
    built.resolveAll();
    root = built;
  }
  return root;
}

/** One message type of the schema by its short name (`FriendTalkNoticeMessage`). */
export function schemaType(name: string): protobuf.Type {
  return schemaRoot().lookupType(`${PROTO_PACKAGE}.${name}`);
}
