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

  it('rejects Latin-1 bytes naming the line and suggesting Windows-1252', () => {
    // "café" written by Excel's plain CSV format: é is the single byte 0xE9.
    const error = errorOf(() => detectEncoding(bytes('name\r\nbob\r\ncaf', [0xe9], '\r\n'), true));
    expect(error.message).toContain('line 3');
    expect(error.message).toContain('byte offset 14');
    expect(error.message).toContain('0xE9');
    expect(error.message).toContain('"é" in Windows-1252/Latin-1');
    expect(error.message).toContain('UTF-8');
  });

  it('shows Windows-1252 characters in 0x80–0x9F (0x80 is €)', () => {
    const error = errorOf(() => detectEncoding(bytes('price\n', [0x80], '5\n'), true));
    expect(error.message).toContain('"€"');
    expect(error.message).toContain('line 2');
  });

  it('counts CR-only line breaks', () => {
    const error = errorOf(() => detectEncoding(bytes('a\rb\r', [0xe9]), true));
    expect(error.message).toContain('line 3');
  });

  it('rejects overlong sequences and surrogates', () => {
    expect(() => detectEncoding(Uint8Array.from([0x61, 0xc0, 0x80]), true)).toThrow(UploadError);
    expect(() => detectEncoding(Uint8Array.from([0xed, 0xa0, 0x80]), true)).toThrow(UploadError);
  });

  it('accepts a multi-byte character cut at the end of a head', () => {
    const full = utf8('a,b\n1,€');
    const head = full.subarray(0, full.length - 1);
    expect(detectEncoding(head, false).encoding).toBe('utf-8');
    expect(() => detectEncoding(head, true)).toThrow(UploadError);
  });

  it('still rejects an invalid byte just before the end of a head', () => {
    expect(() => detectEncoding(bytes('ab', [0xe9], 'c'), false)).toThrow(/line 1/);
  });
});
