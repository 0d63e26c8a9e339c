import * as assert from 'node:assert/strict';
import { replaceMarkerLine } from '../../src/cli/documentLinks';

describe('the marker line replaced by the links (--insert-at)', () => {
  it('changes only the marker line: every other line keeps its own ending', () => {
    const text = 'a\r\nb\n  <!-- photos -->\nc\r\n';
    assert.equal(replaceMarkerLine(text, '<!-- photos -->', 'x\ny'), 'a\r\nb\n  x\n  y\nc\r\n');
  });

  it('keeps a CRLF marker line in CRLF, and a last line without an ending without one', () => {
    assert.equal(replaceMarkerLine('a\r\nM\r\nb', 'M', 'x\ny'), 'a\r\nx\r\ny\r\nb');
    assert.equal(replaceMarkerLine('a\nM', 'M', 'x'), 'a\nx');
    assert.equal(replaceMarkerLine('a\n', 'M', 'x'), undefined);
  });
});
