import { UploadError } from '../upload-error';

export interface EncodingDetection {
  encoding: 'utf-8' | 'utf-8-bom' | 'windows-1252';
  /** Bytes of byte-order mark to skip before decoding (0 or 3). */
  bomBytes: number;
}

const LF = 0x0a;
const CR = 0x0d;

/** Windows-1252 characters for 0x80–0x9F, where it differs from Latin-1 (which has controls). */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/**
 * Works out the encoding from the start of a file: UTF-8 (with or without a byte-order mark), or
 * Windows-1252 (the superset of Latin-1 that Excel writes on Windows) when no byte is part of a
 * UTF-8 multi-byte character and some are not UTF-8 at all (`Montr\xE9al`). A file mixing valid
 * UTF-8 characters with invalid bytes is refused, saying where, as are UTF-16 and binary files.
 * `isComplete` tells whether `head` is the whole file: when it is not, a multi-byte character cut
 * at the end of the head is fine.
 */
export function detectEncoding(head: Uint8Array, isComplete = false): EncodingDetection {
  const b0 = head[0];
  const b1 = head[1];
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) {
    throw new UploadError(
      'The file is UTF-16 encoded; save it as UTF-8 (CSV UTF-8 in Excel) and upload it again',
    );
  }
  const bomBytes = b0 === 0xef && b1 === 0xbb && head[2] === 0xbf ? 3 : 0;
  let line = 1;
  const n = head.length;
  let i = bomBytes;
  let multiByte = false;
  let invalid: UploadError | null = null;
  while (i < n) {
    const b = head[i]!;
    if (b < 0x80) {
      if (b === 0) throw nulError(i, line);
      if (b === LF || (b === CR && head[i + 1] !== LF)) line++;
      i++;
      continue;
    }
    const length = sequenceLength(head, i);
    if (length > 0) {
      if (invalid) throw invalid;
      multiByte = true;
      i += length;
      continue;
    }
    if (length === TRUNCATED && !isComplete) break;
    if (multiByte || bomBytes) throw invalidUtf8Error(head, i, line);
    invalid ??= invalidUtf8Error(head, i, line);
    i++;
  }
  if (invalid) return { encoding: 'windows-1252', bomBytes: 0 };
  return { encoding: bomBytes ? 'utf-8-bom' : 'utf-8', bomBytes };
}

const INVALID = 0;
const TRUNCATED = -1;

/** Length of the valid UTF-8 sequence starting at `i`, INVALID, or TRUNCATED at the end. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
  let length: number;
  let low = 0x80;
  let high = 0xbf;
  if (b >= 0xc2 && b <= 0xdf) length = 2;
  else if (b >= 0xe0 && b <= 0xef) {
    length = 3;
    if (b === 0xe0) low = 0xa0;
    else if (b === 0xed) high = 0x9f; // no UTF-16 surrogates
  } else if (b >= 0xf0 && b <= 0xf4) {
    length = 4;
    if (b === 0xf0) low = 0x90;
    else if (b === 0xf4) high = 0x8f;
  } else return INVALID;
  for (let k = 1; k < length; k++) {
    if (i + k >= bytes.length) return TRUNCATED;
    const c = bytes[i + k]!;
    if (c < low || c > high) return INVALID;
    low = 0x80;
    high = 0xbf;
  }
  return length;
}

function nulError(offset: number, line: number): UploadError {
  return new UploadError(
    `The file contains a NUL byte at byte offset ${offset.toLocaleString('en-US')} (line ${line.toLocaleString('en-US')}): ` +
      'is it a binary or UTF-16 file? Upload a text CSV saved as UTF-8',
  );
}

function invalidUtf8Error(bytes: Uint8Array, offset: number, line: number): UploadError {
  const b = bytes[offset]!;
  const hex = `0x${b.toString(16).toUpperCase().padStart(2, '0')}`;
  const where = `line ${line.toLocaleString('en-US')} (byte offset ${offset.toLocaleString('en-US')})`;
  // A single high byte between ASCII bytes is how Windows-1252 / Latin-1 writes é, ü, £…
  const next = bytes[offset + 1];
  const isolated = next === undefined || next < 0x80;
  const guess = isolated
    ? `, which looks like "${cp1252Char(b)}" in Windows-1252/Latin-1`
    : ', so it is in another encoding';
  return new UploadError(
    `The file is not UTF-8: ${where} has the byte ${hex}${guess}. ` +
      'Save the file as UTF-8 (in Excel: "CSV UTF-8") and upload it again',
  );
}

function cp1252Char(b: number): string {
  return b < 0xa0 ? (CP1252_HIGH[b - 0x80] ?? '?') : String.fromCharCode(b);
}
