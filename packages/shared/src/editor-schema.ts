/**
 * The report schema: what a report's Yjs document may hold, in the shape Tiptap's y-prosemirror
 * binding writes it. Block elements in the `default` fragment, each holding one Y.XmlText (or, for
 * lists, list items holding paragraphs); marks are formatting attributes on the text
 * (`{bold: {}}`, `null` to remove). The web app's Tiptap configuration is checked against this
 * (test/collab/editor-schema), the server refuses updates that step outside it, and the server's
 * document builder and canonical content read the same names.
 */

/** Heading levels a report uses: 一、 / （一） / 1. */
export const HEADING_LEVELS = [1, 2, 3] as const;

/** Element names, with the attributes each may carry (y-prosemirror writes every non-null attr). */
export const REPORT_NODES = {
  paragraph: [],
  heading: ['level'],
  bulletList: [],
  orderedList: ['start', 'type'],
  listItem: [],
} as const satisfies Record<string, readonly string[]>;

export type ReportNodeName = keyof typeof REPORT_NODES;

/** Marks, as formatting attributes of the text. */
export const REPORT_MARKS = ['bold', 'italic'] as const;
export type ReportMarkName = (typeof REPORT_MARKS)[number];

/** What each attribute's value may be (y-prosemirror stores ProseMirror's attribute values as they are). */
const ATTRIBUTE_VALUES: Record<string, (value: unknown) => boolean> = {
  level: (v) => (HEADING_LEVELS as readonly unknown[]).includes(v),
  start: (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 1_000_000,
  type: (v) => v === null || (typeof v === 'string' && /^[1aAiI]$/.test(v)),
};

const NODE_NAMES: ReadonlySet<string> = new Set(Object.keys(REPORT_NODES));
const ATTRIBUTE_NAMES: ReadonlySet<string> = new Set(Object.values(REPORT_NODES).flat());
const MARK_NAMES: ReadonlySet<string> = new Set(REPORT_MARKS);

export const isReportNode = (name: string): name is ReportNodeName => NODE_NAMES.has(name);
export const isReportMark = (name: string): name is ReportMarkName => MARK_NAMES.has(name);
/** Whether some element of the schema has this attribute. */
export const isReportAttribute = (name: string): boolean => ATTRIBUTE_NAMES.has(name);

/** Whether element `node` may carry attribute `name` with this value. */
export function isReportAttributeValue(node: string, name: string, value: unknown): boolean {
  if (!isReportNode(node) || !(REPORT_NODES[node] as readonly string[]).includes(name)) return false;
  return ATTRIBUTE_VALUES[name]?.(value) ?? false;
}
