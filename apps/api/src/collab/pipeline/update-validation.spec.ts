// The server's update validation and the editor agree: whatever the editor (its Tiptap
// configuration, @review/editor, written as y-tiptap writes it) can make passes, and what it
// cannot make is refused, by the decoded update's checks and by the room once Yjs placed it.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { reportSchemaExtensions } from '@review/editor';
import { buildReportContent, FRAGMENT, HEADING_LEVELS, parseReport } from '@review/shared';
import { getSchema, type JSONContent } from '@tiptap/core';
import { prosemirrorJSONToYDoc, updateYFragment } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { RoomState } from '../rooms/room-state.js';
import { InvalidMessageError, validateUpdate } from './update-validation.js';
import { newWriteStream } from './write-stream.js';

const schema = getSchema(reportSchemaExtensions());

/** Every node and mark of the schema, with non-default attributes. */
const EVERYTHING: JSONContent = {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: '一、存在问题' }] },
    ...HEADING_LEVELS.slice(1).map((level) => ({ type: 'heading', attrs: { level }, content: [{ type: 'text', text: `第${level}级` }] })),
    {
      type: 'paragraph',
      content: [
        { type: 'text', text: '一是' },
        { type: 'text', text: '理论学习', marks: [{ type: 'bold' }] },
        { type: 'text', text: '不够深入', marks: [{ type: 'bold' }, { type: 'italic' }] },
        { type: 'text', text: '。' },
      ],
    },
    { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: '要点' }] }] }] },
    {
      type: 'orderedList',
      attrs: { start: 3, type: 'a' },
      content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: '条目' }] }] }],
    },
  ],
};

/** The updates a document emits while `change` runs, each as the editor would send it. */
function updatesOf(doc: Y.Doc, change: () => void): Uint8Array[] {
  const updates: Uint8Array[] = [];
  const listener = (u: Uint8Array) => updates.push(u);
  doc.on('update', listener);
  change();
  doc.off('update', listener);
  return updates;
}

/** Each update as the server takes a client's: validated, then applied to a room and checked there. */
function take(room: RoomState, updates: Uint8Array[]): void {
  for (const u of updates) {
    validateUpdate(u);
    const entry = { update: u, stream: newWriteStream(), count: 1 };
    room.admit(entry, 'socket');
    room.settle(entry, true);
  }
}

/**
 * A room that took what `setup` wrote; then what `attack` writes on top must be refused, and the
 * room keeps what it had.
 */
function refusedByRoom(setup: (doc: Y.Doc) => void, attack: (doc: Y.Doc) => void, reason: RegExp): void {
  const doc = new Y.Doc();
  const room = new RoomState([]);
  take(room, updatesOf(doc, () => setup(doc)));
  const before = Y.encodeStateVector(doc);
  // The attacker holds what the room sent, with no root type declared yet (so any can be used).
  const attacker = new Y.Doc();
  Y.applyUpdate(attacker, Y.encodeStateAsUpdate(doc));
  const updates = updatesOf(attacker, () => attack(attacker));
  assert.ok(updates.length > 0);
  assert.throws(
    () => take(room, updates),
    (err) => err instanceof InvalidMessageError && reason.test(err.message),
  );
  assert.deepEqual(room.stateVector(), before, 'the room is as it was');
  room.destroy();
}

function refused(make: (doc: Y.Doc) => void, reason: RegExp): void {
  const doc = new Y.Doc();
  const updates = updatesOf(doc, () => make(doc));
  assert.ok(updates.length > 0);
  assert.throws(
    () => updates.forEach((u) => validateUpdate(u)),
    (err) => err instanceof InvalidMessageError && reason.test(err.message),
  );
}

describe('updates checked against the report schema', () => {
  test('what the editor writes is taken: a new document, then attributes and marks changed, text typed and deleted', () => {
    const doc = prosemirrorJSONToYDoc(schema, EVERYTHING, FRAGMENT);
    const room = new RoomState([]);
    take(room, [Y.encodeStateAsUpdate(doc)]);

    // Edits as the live binding makes them: a heading level changed, a list renumbered, bold
    // removed and italic added.
    const changed = structuredClone(EVERYTHING);
    const blocks = changed.content ?? [];
    (blocks[0] as JSONContent).attrs = { level: 2 };
    (blocks[blocks.length - 1] as JSONContent).attrs = { start: 7, type: null };
    const runs = (blocks[HEADING_LEVELS.length] as JSONContent).content ?? [];
    (runs[1] as JSONContent).marks = [{ type: 'italic' }];
    const updates = updatesOf(doc, () =>
      updateYFragment(doc, doc.getXmlFragment(FRAGMENT), schema.nodeFromJSON(changed), { mapping: new Map(), isOMark: new Map() }),
    );
    assert.ok(updates.length > 0, 'the change made updates');
    take(room, updates);

    // Typing inside the bold run, then the bullet list deleted.
    const typed = structuredClone(changed);
    const typedBlocks = typed.content ?? [];
    const boldRun = ((typedBlocks[HEADING_LEVELS.length] as JSONContent).content ?? [])[2] as JSONContent;
    boldRun.text = `${boldRun.text ?? ''}、不够系统`;
    typedBlocks.splice(HEADING_LEVELS.length + 1, 1);
    const more = updatesOf(doc, () =>
      updateYFragment(doc, doc.getXmlFragment(FRAGMENT), schema.nodeFromJSON(typed), { mapping: new Map(), isOMark: new Map() }),
    );
    assert.ok(more.length > 0);
    take(room, more);
    let stored = '';
    void room.read((d) => (stored = d.getXmlFragment(FRAGMENT).toString()));
    assert.equal(stored, doc.getXmlFragment(FRAGMENT).toString());
    room.destroy();
  });

  test('the server’s templates and imports of every sample report pass validation', async () => {
    const templates = path.join(import.meta.dirname, '../../../templates');
    const samples = path.join(import.meta.dirname, '../../../../../test/fixtures/reports');
    const sources = [
      ...readdirSync(templates).map((f) => ({ text: readFileSync(path.join(templates, f), 'utf8'), kind: 'md' as const })),
      ...readdirSync(samples)
        .filter((f) => f.endsWith('.txt'))
        .map((f) => ({ text: readFileSync(path.join(samples, f), 'utf8'), kind: 'txt' as const })),
    ];
    assert.ok(sources.length >= 5);
    for (const { text, kind } of sources) {
      const { update } = await buildReportContent(parseReport(text, kind).blocks);
      validateUpdate(update);
    }
  });

  test('what the editor cannot make is refused', () => {
    const paragraph = (doc: Y.Doc) => {
      const p = new Y.XmlElement('paragraph');
      doc.getXmlFragment(FRAGMENT).push([p]);
      return p;
    };
    refused((doc) => doc.getXmlFragment(FRAGMENT).push([new Y.XmlElement('script')]), /element "script" is not in the report schema/);
    refused((doc) => {
      const text = new Y.XmlText();
      paragraph(doc).push([text]);
      text.insert(0, '点此', { link: { href: 'https://example.com' } });
    }, /mark "link" is not in the report schema/);
    refused((doc) => paragraph(doc).setAttribute('onclick', 'alert(1)'), /attribute "onclick" is not in the report schema/);
    refused((doc) => paragraph(doc).setAttribute('level', { nested: true } as unknown as string), /must be a plain value/);
    refused((doc) => {
      const text = new Y.XmlText();
      paragraph(doc).push([text]);
      text.insertEmbed(0, { image: 'x' });
    }, /ContentEmbed is not allowed/);
    // The root fragment's name used as a map or a list of values.
    refused((doc) => doc.getMap(FRAGMENT).set('level', 1), /the report fragment takes no attributes/);
    refused((doc) => doc.getArray(FRAGMENT).insert(0, [1]), /not plain values/);
    refused((doc) => doc.getArray(FRAGMENT).insert(0, [new Uint8Array(4)]), /ContentBinary is not allowed/);
  });

  test('what lands in the wrong place is refused by the room, also when the update does not name the place', () => {
    const heading = (doc: Y.Doc) => doc.getXmlFragment(FRAGMENT).get(0) as Y.XmlElement;
    const withHeading = (doc: Y.Doc) => {
      const h = new Y.XmlElement('heading');
      h.setAttribute('level', 1 as unknown as string);
      const text = new Y.XmlText();
      h.insert(0, [text]);
      doc.getXmlFragment(FRAGMENT).push([h]);
      text.insert(0, '一、存在问题');
    };
    // Text straight into the fragment (y-prosemirror would fail to render it for everyone).
    refusedByRoom(withHeading, (doc) => doc.getText(FRAGMENT).insert(0, 'x'), /the report holds elements at its top/);
    // A plain value next to an element: the update names no parent, only its neighbour.
    refusedByRoom(
      withHeading,
      (doc) => doc.getXmlFragment(FRAGMENT).insert(1, [42 as unknown as Y.XmlElement]),
      /the report holds elements at its top/,
    );
    // An element as the new value of an existing attribute (the name comes from the old value).
    refusedByRoom(
      withHeading,
      (doc) => heading(doc).setAttribute('level', new Y.XmlElement('paragraph') as unknown as string),
      /"heading" takes no attribute "level"/,
    );
    // A plain value among an element's children, next to its text.
    refusedByRoom(withHeading, (doc) => heading(doc).insert(1, ['x' as unknown as Y.XmlText]), /an element holds elements and text/);
    // Attributes the element does not have, or values it cannot take.
    refusedByRoom(withHeading, (doc) => heading(doc).setAttribute('level', 7 as unknown as string), /"heading" takes no attribute "level"/);
    refusedByRoom(withHeading, (doc) => heading(doc).setAttribute('start', 3 as unknown as string), /"heading" takes no attribute "start"/);
    refusedByRoom(
      withHeading,
      (doc) => (heading(doc).get(0) as Y.XmlText).format(0, 2, { bold: { href: 'javascript:alert(1)' } }),
      /a text holds characters and marks/,
    );
  });
});
