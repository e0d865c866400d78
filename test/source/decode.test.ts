import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decode, firstInvalidByte } from '../../compiler/source/decode.ts';

const bytes = (...values: number[]) => Uint8Array.from(values);

test('UTF-8 text decodes as it is, keeping CRLF and tabs', () => {
  assert.equal(decode(Buffer.from('a\r\n\tb é'), 'f.mesh'), { text: 'a\r\n\tb é', bom: false });
});

test('a UTF-8 byte order mark is dropped and remembered', () => {
  assert.equal(decode(bytes(0xef, 0xbb, 0xbf, 0x61), 'f.mesh'), { text: 'a', bom: true });
});

test('invalid UTF-8 is M0001, naming the first bad byte', () => {
  const result = decode(bytes(0x61, 0x62, 0xff, 0x63), 'f.mesh');
  assert.ok('diagnostic' in result);
  assert.is(result.diagnostic.code, 'M0001');
  assert.is(result.diagnostic.file, 'f.mesh');
  assert.equal(result.diagnostic.range, { start: 0, end: 0 });
  assert.match(result.diagnostic.message, 'offset 2');
});

test('a NUL byte is M0002, a binary file', () => {
  const result = decode(bytes(0x61, 0x00, 0x62), 'f.mesh');
  assert.ok('diagnostic' in result);
  assert.is(result.diagnostic.code, 'M0002');
});

test('firstInvalidByte follows the table of well-formed UTF-8 sequences', () => {
  assert.is(firstInvalidByte(bytes(0xc0, 0x80)), 0, 'overlong lead byte');
  assert.is(firstInvalidByte(bytes(0xe0, 0x80, 0x80)), 0, 'overlong three-byte form');
  assert.is(firstInvalidByte(bytes(0xed, 0xa0, 0x80)), 0, 'surrogate');
  assert.is(firstInvalidByte(bytes(0xf4, 0x90, 0x80, 0x80)), 0, 'past U+10FFFF');
  assert.is(firstInvalidByte(bytes(0x61, 0xe2, 0x82, 0x41)), 1, 'bad continuation byte');
  assert.is(firstInvalidByte(bytes(0x61, 0xe2, 0x82)), 1, 'cut short at the end');
  assert.is(firstInvalidByte(bytes(0x61, 0x62, 0xe9, 0x20)), 2, 'a Latin-1 letter');
  assert.is(firstInvalidByte(Buffer.from('ok 😀')), 7, 'valid input runs to the end');
});

test.run();
