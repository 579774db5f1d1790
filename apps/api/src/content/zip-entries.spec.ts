import assert from 'node:assert/strict';
import { test } from 'node:test';
import JSZip from 'jszip';
import { unzipCapped } from './zip-entries.js';

const LIMIT = 1024 * 1024;

/** Rewrites every entry's declared uncompressed size in the central directory, as a bomb's maker would. */
function declareSizes(zip: Buffer, size: number): Buffer {
  const out = Buffer.from(zip);
  for (let i = 0; i + 4 <= out.length; i++) if (out.readUInt32LE(i) === 0x02014b50) out.writeUInt32LE(size, i + 24);
  return out;
}

test('the entries of a small .docx-like ZIP, deflated or stored', async () => {
  for (const compression of ['DEFLATE', 'STORE'] as const) {
    const zip = await new JSZip()
      .file('word/document.xml', '<w:document>一、存在问题</w:document>')
      .file('[Content_Types].xml', '<Types/>')
      .generateAsync({ type: 'nodebuffer', compression });
    const result = await unzipCapped(zip, LIMIT);
    assert.ok('entries' in result);
    assert.equal(result.entries.get('word/document.xml')?.toString(), '<w:document>一、存在问题</w:document>');
  }
});

test('a bomb that declares a small size is stopped once the limit came out, not trusted', async () => {
  const zip = await new JSZip().file('word/document.xml', Buffer.alloc(50 * LIMIT)).generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  const lying = declareSizes(zip, 1_000);
  assert.deepEqual(await unzipCapped(lying, LIMIT), { problem: 'too_large' });
  // Entries that are each under the limit but together over it.
  const many = new JSZip();
  for (let i = 0; i < 4; i++) many.file(`part${i}.xml`, Buffer.alloc(LIMIT / 2));
  assert.deepEqual(await unzipCapped(await many.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }), LIMIT), { problem: 'too_large' });
});

test('damaged archives are told apart', async () => {
  assert.deepEqual(await unzipCapped(Buffer.from('PK\u0003\u0004 not really'), LIMIT), { problem: 'damaged' });
  const zip = await new JSZip().file('a.xml', 'x'.repeat(1000)).generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  const broken = Buffer.from(zip);
  broken.fill(0xff, 30 + 5, 30 + 25); // the deflated data
  assert.deepEqual(await unzipCapped(broken, LIMIT), { problem: 'damaged' });
});
