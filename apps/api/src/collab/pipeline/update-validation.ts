import { FRAGMENT, isReportAttribute, isReportAttributeValue, isReportMark, isReportNode, LIMITS } from '@review/shared';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

export class InvalidMessageError extends Error {}

/** What an update does, counted while it is validated (for edit sessions in the audit trail). */
export interface UpdateCounts {
  /** Characters of text inserted. */
  inserted: number;
  /** Items deleted (characters, and the occasional element). */
  deleted: number;
}

/** A validated update: what it does, and the Yjs clients whose items it carries (its authors). */
export interface CheckedUpdate extends UpdateCounts {
  clients: number[];
  /** Per client, the clock after its last item in the update: [client, end][]. */
  clocks: [number, number][];
}

/**
 * Checks a Yjs update before it may touch a room: it must decode cleanly, and what it adds must
 * fit the report schema (packages/shared/editor-schema.ts) in the `default` fragment: elements of
 * the schema's names, text, marks of the schema as formatting, the schema's attributes with plain
 * values, nothing else. An item's parent and attribute name are only in the update when it has
 * no neighbour (otherwise Yjs takes them from the neighbour, which this update may not hold); the
 * checks that need them apply where they are present, the rest to every item.
 */
export function validateUpdate(update: Uint8Array): CheckedUpdate {
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch (err) {
    throw new InvalidMessageError(`update does not decode: ${String(err)}`);
  }
  let inserted = 0;
  const ends = new Map<number, number>();
  for (const struct of decoded.structs) {
    if (struct instanceof Y.Skip) continue;
    // Items and garbage-collected ranges alike take a client's clocks.
    const end = struct.id.clock + struct.length;
    if (end > (ends.get(struct.id.client) ?? 0)) {
      ends.set(struct.id.client, end);
      if (ends.size > LIMITS.collabClientsPerUpdate) {
        throw new InvalidMessageError(`an update may carry items of at most ${LIMITS.collabClientsPerUpdate} clients`);
      }
    }
    if (!(struct instanceof Y.Item)) continue;
    if (typeof struct.parent === 'string') {
      if (struct.parent !== FRAGMENT) throw new InvalidMessageError(`update touches the root type "${struct.parent}"`);
      if (struct.parentSub !== null) throw new InvalidMessageError('the report fragment takes no attributes');
    }
    const content = struct.content;
    if (struct.parentSub !== null) {
      // An attribute of an element.
      if (!isReportAttribute(struct.parentSub)) throw new InvalidMessageError(`attribute "${struct.parentSub}" is not in the report schema`);
      if (content instanceof Y.ContentAny) {
        if (!content.arr.every(isPlainValue)) throw new InvalidMessageError(`attribute "${struct.parentSub}" must be a plain value`);
      } else if (!(content instanceof Y.ContentDeleted)) {
        throw new InvalidMessageError(`attribute "${struct.parentSub}" must be a plain value`);
      }
      continue;
    }
    if (content instanceof Y.ContentString) inserted += content.str.length;
    else if (content instanceof Y.ContentFormat) {
      if (!isReportMark(content.key)) throw new InvalidMessageError(`mark "${content.key}" is not in the report schema`);
    } else if (content instanceof Y.ContentType) {
      const type = content.type;
      if (type.constructor === Y.XmlElement) {
        const name = (type as Y.XmlElement).nodeName;
        if (!isReportNode(name)) throw new InvalidMessageError(`element "${name}" is not in the report schema`);
      } else if (type.constructor !== Y.XmlText) {
        throw new InvalidMessageError(`type ${type.constructor.name} is not allowed in a report`);
      }
    } else if (content instanceof Y.ContentAny) {
      // Without a neighbour this is a plain value in a list of children: not a report's shape.
      // (With one it may be a new value of an existing attribute, whose name is not in the update.)
      if (struct.origin === null && struct.rightOrigin === null) {
        throw new InvalidMessageError('a report holds elements and text, not plain values');
      }
      if (!content.arr.every(isPlainValue)) throw new InvalidMessageError('values must be plain');
    } else if (content instanceof Y.ContentDoc) {
      throw new InvalidMessageError('sub-documents are not allowed');
    } else if (!(content instanceof Y.ContentDeleted)) {
      // ContentEmbed, ContentBinary, ContentJSON: nothing the editor makes.
      throw new InvalidMessageError(`${content.constructor.name} is not allowed in a report`);
    }
  }
  let deleted = 0;
  for (const items of decoded.ds.clients.values()) for (const d of items) deleted += d.len;
  return { inserted, deleted, clients: [...ends.keys()], clocks: [...ends] };
}

/**
 * Checks where the items of the given transactions landed, once Yjs has integrated them: an
 * item's parent and attribute name are only known then when the update placed it next to another
 * item (validateUpdate sees them only when it names them). The report fragment holds elements;
 * an element holds elements and text, and the attributes the schema gives that element, with
 * valid values; a text holds characters and the schema's marks. And each item sits between the
 * neighbours it names (checkNeighbours). Throws InvalidMessageError.
 */
export function checkIntegrated(doc: Y.Doc, transactions: readonly Y.Transaction[]): void {
  for (const tr of transactions) {
    for (const [client, after] of tr.afterState) {
      const before = tr.beforeState.get(client) ?? 0;
      const structs = after > before ? doc.store.clients.get(client) : undefined;
      if (!structs) continue;
      for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
        const struct = structs[i] as Y.Item | Y.GC;
        if (struct.id.clock >= after) break;
        if (struct instanceof Y.Item) {
          checkPlacement(struct);
          checkNeighbours(struct);
        }
      }
    }
  }
}

/** How far checkNeighbours walks: further than any run of concurrent inserts at one place. */
const NEIGHBOUR_WALK_LIMIT = 100_000;

/**
 * An item names the item it was typed after (origin) and before (right origin); Yjs places it
 * between them, after any concurrent inserts there. An update can name neighbours that cannot hold
 * it (in another parent, or the right one left of the left one, as updates from writers that share
 * a client id do), and then where Yjs puts the item depends on what else it holds: applied to the
 * live document, replayed from the log and merged, the same update would land in different places.
 * So an item must lie right of its origin and left of its right origin in the same list.
 */
function checkNeighbours(item: Y.Item): void {
  const holds = (n: Y.Item, id: Y.ID) => n.id.client === id.client && n.id.clock <= id.clock && id.clock < n.id.clock + n.length;
  const sameList = (n: Y.Item) => n.parent === item.parent && n.parentSub === item.parentSub;
  if (item.origin) {
    let n = item.left;
    let steps = 0;
    while (n && !holds(n, item.origin) && sameList(n) && ++steps < NEIGHBOUR_WALK_LIMIT) n = n.left;
    if (!n || !holds(n, item.origin) || !sameList(n)) throw new InvalidMessageError('an item is not right of the item it names as its left neighbour');
  }
  if (item.rightOrigin) {
    let n = item.right;
    let steps = 0;
    while (n && !holds(n, item.rightOrigin) && sameList(n) && ++steps < NEIGHBOUR_WALK_LIMIT) n = n.right;
    if (!n || !holds(n, item.rightOrigin) || !sameList(n)) throw new InvalidMessageError('an item is not left of the item it names as its right neighbour');
  }
}

function checkPlacement(item: Y.Item): void {
  const content = item.content;
  if (content instanceof Y.ContentDeleted) return;
  const parent = item.parent as Y.AbstractType<unknown> | null;
  if (parent === null) return;
  const what = content instanceof Y.ContentType ? content.type.constructor.name : content.constructor.name;
  if (parent._item === null) {
    // The report fragment (the only root a report may use, see validateUpdate).
    if (item.parentSub === null && content instanceof Y.ContentType && content.type.constructor === Y.XmlElement) return;
    throw new InvalidMessageError(`the report holds elements at its top, not ${item.parentSub === null ? what : 'attributes'}`);
  }
  if (parent.constructor === Y.XmlElement) {
    const node = (parent as unknown as Y.XmlElement).nodeName;
    if (item.parentSub !== null) {
      const value = content instanceof Y.ContentAny ? content.arr[content.arr.length - 1] : undefined;
      if (content instanceof Y.ContentAny && isReportAttributeValue(node, item.parentSub, value)) return;
      throw new InvalidMessageError(`"${node}" takes no attribute "${item.parentSub}" of that value`);
    }
    if (content instanceof Y.ContentType && (content.type.constructor === Y.XmlElement || content.type.constructor === Y.XmlText)) return;
    throw new InvalidMessageError(`an element holds elements and text, not ${what}`);
  }
  if (parent.constructor === Y.XmlText) {
    if (item.parentSub === null && content instanceof Y.ContentString) return;
    if (item.parentSub === null && content instanceof Y.ContentFormat && isReportMark(content.key) && isMarkValue(content.value)) return;
    throw new InvalidMessageError(`a text holds characters and marks, not ${item.parentSub === null ? what : 'attributes'}`);
  }
  throw new InvalidMessageError(`nothing of a report lives in a ${parent.constructor.name}`);
}

/** A mark's attributes as y-prosemirror writes them: `{}` for bold and italic, `null` to remove. */
function isMarkValue(v: unknown): boolean {
  return v === null || (typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0);
}

function isPlainValue(v: unknown): boolean {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

export interface AwarenessEntry {
  clientId: number;
  clock: number;
  state: Record<string, unknown> | null;
}

const MAX_AWARENESS_ENTRIES = 4;
const MAX_AWARENESS_STATE_CHARS = 16_384;

/** Decodes a y-protocols awareness update strictly (bounded count and size, JSON objects only). */
export function decodeAwareness(payload: Uint8Array): AwarenessEntry[] {
  try {
    const d = decoding.createDecoder(Uint8Array.from(payload));
    const count = decoding.readVarUint(d);
    if (count > MAX_AWARENESS_ENTRIES) throw new InvalidMessageError('too many awareness entries');
    const entries: AwarenessEntry[] = [];
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(d);
      const clock = decoding.readVarUint(d);
      const json = decoding.readVarString(d);
      if (json.length > MAX_AWARENESS_STATE_CHARS) throw new InvalidMessageError('awareness state too large');
      const state: unknown = JSON.parse(json);
      if (state !== null && (typeof state !== 'object' || Array.isArray(state))) {
        throw new InvalidMessageError('awareness state must be an object or null');
      }
      entries.push({ clientId, clock, state: state as Record<string, unknown> | null });
    }
    if (d.pos !== d.arr.length) throw new InvalidMessageError('trailing bytes after awareness update');
    return entries;
  } catch (err) {
    if (err instanceof InvalidMessageError) throw err;
    throw new InvalidMessageError(`awareness does not decode: ${String(err)}`);
  }
}

export function encodeAwareness(entries: AwarenessEntry[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(e, entry.clientId);
    encoding.writeVarUint(e, entry.clock);
    encoding.writeVarString(e, JSON.stringify(entry.state));
  }
  return encoding.toUint8Array(e);
}
