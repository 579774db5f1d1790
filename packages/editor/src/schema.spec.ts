// Tiptap's configuration of the editor and the report schema of packages/shared agree: every
// element, attribute, mark and heading level the editor can make is one the schema (and so the
// server) knows, and nothing more.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HEADING_LEVELS, REPORT_MARKS, REPORT_NODES } from '@review/shared';
import { getSchema } from '@tiptap/core';
import { reportSchemaExtensions } from './index.js';

const schema = getSchema(reportSchemaExtensions());

test('the editor’s Tiptap schema has exactly the shared schema’s elements, attributes, marks and heading levels', () => {
  const nodes = Object.fromEntries(
    Object.entries(schema.nodes)
      .filter(([name]) => name !== 'doc' && name !== 'text')
      .map(([name, type]) => [name, Object.keys(type.spec.attrs ?? {}).sort()]),
  );
  assert.deepEqual(nodes, Object.fromEntries(Object.entries(REPORT_NODES).map(([name, attrs]) => [name, [...attrs].sort()])));
  assert.deepEqual(Object.keys(schema.marks).sort(), [...REPORT_MARKS].sort());
  const levels = schema.nodes.heading?.spec.parseDOM?.map((rule) => rule.attrs?.level);
  assert.deepEqual(levels, [...HEADING_LEVELS]);
});
