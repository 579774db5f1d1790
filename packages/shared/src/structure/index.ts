export type { MarkRange, MarkType } from './lines.js';
export { isClosingParagraph, numberedLevel } from './patterns.js';
export * from './parse.js';
export * from './build.js';
export * from './checks.js';
export { headingLevelOfLine, typedHeadingLevel } from './typed-headings.js';
export { SIGN_OFF } from './sign-off.js';
export * from './signature-block.js';
