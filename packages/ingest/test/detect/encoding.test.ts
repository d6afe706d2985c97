import { describe, expect, it } from 'vitest';
import { detectEncoding } from '../../src/detect';
import { UploadError } from '../../src/upload-error';

const utf8 = (s: string) => new TextEncoder().encode(s);
const bytes = (...parts: (string | number[])[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...utf8(p)] : p)));

function errorOf(fn: () => unknown): UploadError {
  try {
    fn();
  } catch (e) {
    if (e instanceof UploadError) return e;
    throw e;
  }
  throw new Error('expected an UploadError');
}

describe('detectEncoding', () => {
  it('reads plain UTF-8, including multi-byte characters', () => {
    expect(detectEncoding(utf8('name,city\nZoë,Zürich\n€,日本\n😀,x\n'), true)).toEqual({
      encoding: 'utf-8',
      bomBytes: 0,
    });
  });

  it('recognises a UTF-8 byte-order mark', () => {
    expect(detectEncoding(bytes([0xef, 0xbb, 0xbf], 'a,b\n'), true)).toEqual({
      encoding: 'utf-8-bom',
      bomBytes: 3,
    });
  });

  it.each([[[0xff, 0xfe, 0x61, 0x00]], [[0xfe, 0xff, 0x00, 0x61]]])(
    'rejects UTF-16 (%j) and says how to fix it',
    (head) => {
      const error = errorOf(() => detectEncoding(Uint8Array.from(head), true));
      expect(error.message).toContain('UTF-16');
      expect(error.message).toContain('CSV UTF-8');
    },
  );

  it('rejects NUL bytes naming the byte offset and the line', () => {
    const error = errorOf(() => detectEncoding(bytes('a,b\n1,2\n3', [0], ',4\n'), true));
    expect(error.message).toContain('byte offset 9');
    expect(error.message).toContain('line 3');
    expect(error.message).toMatch(/binary or UTF-16/);
  });

  it('reads a file with Latin-1 bytes and no UTF-8 characters as Windows-1252', () => {
    // "café" written by Excel's plain CSV format: é is the single byte 0xE9.
    const cp1252 = { encoding: 'windows-1252', bomBytes: 0 };
    expect(detectEncoding(bytes('name\r\nbob\r\ncaf', [0xe9], '\r\n'), true)).toEqual(cp1252);
    expect(detectEncoding(bytes('price\n', [0x80], '5\n'), true)).toEqual(cp1252);
    // Bytes no UTF-8 encoder writes (overlong forms, surrogates) are not UTF-8 either.
    expect(detectEncoding(Uint8Array.from([0x61, 0xc0, 0x80]), true)).toEqual(cp1252);
    expect(detectEncoding(Uint8Array.from([0xed, 0xa0, 0x80]), true)).toEqual(cp1252);
    // An invalid byte just before the end of a head is not a cut character.
    expect(detectEncoding(bytes('ab', [0xe9], 'c'), false)).toEqual(cp1252);
  });

  it('refuses UTF-8 with an invalid byte, naming the line and the Windows-1252 reading', () => {
    const error = errorOf(() => detectEncoding(bytes('name\r\nZoë\r\ncaf', [0xe9], '\r\n'), true));
    expect(error.message).toContain('line 3');
    expect(error.message).toContain('byte offset 15');
    expect(error.message).toContain('0xE9');
    expect(error.message).toContain('"é" in Windows-1252/Latin-1');
    expect(error.message).toContain('UTF-8');
    // The invalid byte first, a UTF-8 character after it: the same refusal.
    const before = errorOf(() => detectEncoding(bytes('price\r', [0x80], '5\r€\n'), true));
    expect(before.message).toContain('"€"');
    expect(before.message).toContain('line 2');
    // With a byte-order mark the file says it is UTF-8.
    expect(() => detectEncoding(bytes([0xef, 0xbb, 0xbf], 'a\n', [0xe9]), true)).toThrow(
      UploadError,
    );
  });

  it('accepts a multi-byte character cut at the end of a head', () => {
    const full = utf8('a,b\n1,€');
    const head = full.subarray(0, full.length - 1);
    expect(detectEncoding(head, false).encoding).toBe('utf-8');
    expect(() => detectEncoding(utf8('é\n1,€').subarray(0, 7), true)).toThrow(UploadError);
  });
});
