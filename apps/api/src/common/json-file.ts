import { StreamableFile } from '@nestjs/common';

/** JSON made elsewhere (on a worker thread), sent as it is. */
export function jsonFile(bytes: Uint8Array): StreamableFile {
  return new StreamableFile(bytes, { type: 'application/json; charset=utf-8', length: bytes.byteLength });
}
