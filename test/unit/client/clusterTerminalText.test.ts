import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LineEditor } from '../../../client/src/terminal/lineEditor';
import { noteLinksIn, replyText } from '../../../client/src/terminal/terminalText';

describe('the cluster terminal in the editor: line editing and printed replies', () => {
  test('typed characters echo; Enter submits the line; backspace erases; a paste with a newline runs it', () => {
    const editor = new LineEditor();
    assert.deepEqual(editor.input('kubectl get svcc'), [{ write: 'kubectl get svcc' }]);
    assert.deepEqual(editor.input('\x7f'), [{ write: '\b \b' }]);
    assert.deepEqual(editor.input('\r'), [{ write: '\r\n' }, { submit: 'kubectl get svc' }]);
    assert.deepEqual(editor.input('exit\r\n'), [{ write: 'exit\r\n' }, { submit: 'exit' }]);
    assert.deepEqual(editor.input('\x7f'), [], 'nothing to erase');
  });

  test('Ctrl-C abandons the line, Ctrl-D closes on an empty line only, Ctrl-U clears it', () => {
    const editor = new LineEditor();
    assert.deepEqual(editor.input('curl x\x03'), [{ write: 'curl x^C\r\n' }, { interrupt: true }]);
    assert.deepEqual(editor.input('ab\x04'), [{ write: 'ab' }]);
    assert.deepEqual(editor.input('\x15'), [{ write: '\b \b\b \b' }]);
    assert.deepEqual(editor.input('\x04'), [{ close: true }]);
  });

  test('the arrows go through the lines run before and back to the one being typed; other escapes are ignored', () => {
    const editor = new LineEditor();
    editor.input('one\r');
    editor.input('two\r');
    editor.input('th');
    assert.deepEqual(editor.input('\x1b[A'), [{ write: '\b \b\b \btwo' }]);
    assert.deepEqual(editor.input('\x1b[A'), [{ write: '\b \b\b \b\b \bone' }]);
    assert.deepEqual(editor.input('\x1b[A'), [], 'no older line');
    assert.deepEqual(editor.input('\x1b[B\x1b[B'), [{ write: '\b \b\b \b\b \btwo\b \b\b \b\b \bth' }]);
    assert.deepEqual(editor.input('\x1b[D\x1b[C'), []);
    assert.deepEqual(editor.input('\r'), [{ write: '\r\n' }, { submit: 'th' }]);
  });

  test('a reply prints its errors and output with CRLF, then its notes dimmed, each naming its YAML as path:line', () => {
    const { text, links } = replyText(
      { stdout: 'out\n', stderr: 'curl: (28) timed out\n', status: 28, prompt: '$ ', notes: [{ text: 'denied: by policy', uri: 'file:///w/policies/deny.yaml', range: { start: { line: 4, character: 0 }, end: { line: 9, character: 0 } } }, { text: 'a note without YAML' }] },
      (uri) => uri.replace('file:///w/', ''),
    );
    assert.equal(text, 'curl: (28) timed out\r\nout\r\n\x1b[2m[kubetrace] denied: by policy (policies/deny.yaml:5)\x1b[0m\r\n\x1b[2m[kubetrace] a note without YAML\x1b[0m\r\n');
    assert.deepEqual(links, [{ shown: 'policies/deny.yaml:5', uri: 'file:///w/policies/deny.yaml', line: 4 }]);
    assert.deepEqual(noteLinksIn('[kubetrace] denied: by policy (policies/deny.yaml:5)'), [{ startIndex: 31, length: 20, shown: 'policies/deny.yaml:5' }]);
    assert.deepEqual(noteLinksIn('(not a link)'), []);
  });
});
