import assert from 'node:assert/strict';
import { test } from 'node:test';
import { headingLevelOfLine, typedHeadingLevel } from './typed-headings.js';

test('a heading’s number, typed at the start of a paragraph, gives its level once complete', () => {
  assert.equal(typedHeadingLevel('四、'), 1);
  assert.equal(typedHeadingLevel('十二．'), 1);
  assert.equal(typedHeadingLevel('（一）'), 2);
  assert.equal(typedHeadingLevel('(三）'), 2);
  assert.equal(typedHeadingLevel('四'), undefined);
  assert.equal(typedHeadingLevel('（一'), undefined);
  assert.equal(typedHeadingLevel('一是'), undefined);
  assert.equal(typedHeadingLevel('四、下'), undefined, 'only the number itself, as it is completed');
});

test('a pasted line is a heading when it is a number and words, not sentences', () => {
  assert.equal(headingLevelOfLine('五、下一步打算'), 1);
  assert.equal(headingLevelOfLine(' （一）加强理论学习。 '), 2);
  const aspect = '（二）带头坚定理想信念，始终做到对党忠诚、为党分忧、为党尽职、为民造福，在政治忠诚、理论武装和党性修养方面。';
  assert.equal(headingLevelOfLine(aspect, '对照这一方面，我在理论学习上还有差距。'), 2, 'a long aspect heading with body text after it');
  assert.equal(headingLevelOfLine(aspect), undefined, 'standing last, it is a numbered paragraph');
  assert.equal(headingLevelOfLine(aspect, '（三）带头……'), undefined, 'one of a run of long items');
  assert.equal(headingLevelOfLine('五、'), undefined, 'a number alone');
  assert.equal(headingLevelOfLine('（一）加强学习。一是每月研读一篇文献。'), undefined, 'a heading that goes on into text');
  assert.equal(headingLevelOfLine('一是学习不够深入'), undefined);
  assert.equal(headingLevelOfLine(`一、${'长'.repeat(45)}`), undefined, 'too long for a level-1 heading');
  assert.equal(headingLevelOfLine('按照组织安排，我参加了学习。'), undefined);
});
