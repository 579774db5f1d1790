import { promisify } from 'node:util';
import { inflateRaw } from 'node:zlib';

const inflate = promisify(inflateRaw);

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;

export type Unzipped = { entries: Map<string, Buffer> } | { problem: 'damaged' | 'too_large' };

/**
 * The entries of a ZIP file, inflated with a hard cap on the bytes actually produced: the sizes
 * its directory declares are the uploader's to write and are not trusted. Inflating stops as soon
 * as the entries together would pass `limit`, so a bomb costs at most `limit` bytes of memory, and
 * happens on libuv's threads, not the event loop. Only what a .docx uses is read: stored and
 * deflated entries, no ZIP64, no encryption.
 */
export async function unzipCapped(buffer: Buffer, limit: number): Promise<Unzipped> {
  const end = findEnd(buffer);
  if (end < 0) return { problem: 'damaged' };
  const count = buffer.readUInt16LE(end + 10);
  let at = buffer.readUInt32LE(end + 16);
  const entries = new Map<string, Buffer>();
  let total = 0;
  for (let n = 0; n < count; n += 1) {
    if (at + 46 > buffer.length || buffer.readUInt32LE(at) !== CENTRAL) return { problem: 'damaged' };
    const flags = buffer.readUInt16LE(at + 8);
    const method = buffer.readUInt16LE(at + 10);
    const compressed = buffer.readUInt32LE(at + 20);
    const nameLength = buffer.readUInt16LE(at + 28);
    const local = buffer.readUInt32LE(at + 42);
    const name = buffer.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + buffer.readUInt16LE(at + 30) + buffer.readUInt16LE(at + 32);
    if (flags & 0x1 || compressed === 0xffffffff || local + 30 > buffer.length || buffer.readUInt32LE(local) !== LOCAL) {
      return { problem: 'damaged' };
    }
    const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    if (start + compressed > buffer.length) return { problem: 'damaged' };
    const data = buffer.subarray(start, start + compressed);
    let content: Buffer;
    if (method === 0) {
      content = data;
    } else if (method === 8) {
      try {
        content = await inflate(data, { maxOutputLength: Math.max(1, limit - total + 1) });
      } catch (err) {
        if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return { problem: 'too_large' };
        return { problem: 'damaged' };
      }
    } else {
      return { problem: 'damaged' };
    }
    total += content.length;
    if (total > limit) return { problem: 'too_large' };
    if (!entries.has(name)) entries.set(name, content);
  }
  return { entries };
}

function findEnd(buffer: Buffer): number {
  const earliest = Math.max(0, buffer.length - 22 - 0xffff);
  for (let i = buffer.length - 22; i >= earliest; i -= 1) if (buffer.readUInt32LE(i) === END) return i;
  return -1;
}
