import { describe, expect, it } from 'vitest';
import {
  detectDelimiter,
  detectLineEnding,
  parseSample,
  unclosedQuoteLine,
} from '../../src/detect';

describe('parseSample', () => {
  it('splits simple rows', () => {
    expect(parseSample('a,b\n1,2\n', ',', 10)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('handles quoted delimiters, "" escapes and quoted CR/LF newlines', () => {
    const text = 'name,note\r\n"Smith, J","said ""hi""\r\nthen left"\r\nx,"a\nb"\r\n';
    expect(parseSample(text, ',', 10)).toEqual([
      ['name', 'note'],
      ['Smith, J', 'said "hi"\r\nthen left'],
      ['x', 'a\nb'],
    ]);
  });

  it('reads CR-only line endings', () => {
    expect(parseSample('a;b\r1;2\r3;4', ';', 10)).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
  });

  it('skips truly empty lines but keeps lines of only delimiters', () => {
    expect(parseSample('a,b\n\n1,2\n,\n\n\n', ',', 10)).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['', ''],
    ]);
  });

  it('keeps a final line without a newline when the text is complete', () => {
    expect(parseSample('a,b\n1,2', ',', 10)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('keeps a trailing empty field', () => {
    expect(parseSample('a,b\n1,\n', ',', 10)).toEqual([
      ['a', 'b'],
      ['1', ''],
    ]);
    expect(parseSample('a,b\n1,', ',', 10)).toEqual([
      ['a', 'b'],
      ['1', ''],
    ]);
  });

  it('drops the unterminated last line of a truncated text', () => {
    expect(parseSample('a,b\n1,2\n3,4', ',', 10, true)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(parseSample('a,b\n1,"open\nquote', ',', 10, true)).toEqual([['a', 'b']]);
    expect(parseSample('a,b\n1,2\n', ',', 10, true)).toHaveLength(2);
  });

  it('stops after maxRows', () => {
    expect(parseSample('1\n2\n3\n4\n', ',', 2)).toEqual([['1'], ['2']]);
  });

  it('treats a quote in the middle of a field as a literal character', () => {
    expect(parseSample('size,x\n5" pipe,1\n', ',', 10)).toEqual([
      ['size', 'x'],
      ['5" pipe', '1'],
    ]);
  });
});

describe('detectDelimiter', () => {
  it.each([
    [',', 'a,b,c\n1,2,3\n4,5,6\n'],
    [';', 'a;b;c\n1,5;2,5;3\n4;5;6\n'],
    ['\t', 'a\tb\tc\n1,000\t2\t3\n4\t5\t6\n'],
    ['|', 'a|b|c\n1|2|3\n4|5|6\n'],
  ] as const)('finds %j', (delimiter, text) => expect(detectDelimiter(text)).toBe(delimiter));

  it('ignores delimiters inside quotes, including across quoted newlines', () => {
    const text = 'id;comment\n1;"a, b, c"\n2;"x,\ny, z"\n3;"p,q"\n';
    expect(detectDelimiter(text)).toBe(';');
    const commas = 'id,comment\n1,"a; b; c; d"\n2,"x;\ny;z"\n';
    expect(detectDelimiter(commas)).toBe(',');
  });

  it('prefers ";" over decimal commas in European exports', () => {
    expect(detectDelimiter('date;price\n2024-01-01;1,5\n2024-01-02;2\n2024-01-03;2,25\n')).toBe(
      ';',
    );
  });

  it('gives "," for a single-column file', () => {
    expect(detectDelimiter('email\na@x.io\nb@y.io\n')).toBe(',');
  });

  it('ignores a cut-off last line', () => {
    expect(detectDelimiter('a|b\n1|2\n3|4\n5')).toBe('|');
  });
});

describe('detectLineEnding', () => {
  it.each([
    ['a\nb\n', 'lf'],
    ['a\r\nb\r\n', 'crlf'],
    ['a\rb\r', 'cr'],
    ['a', 'lf'],
  ] as const)('%j is %s', (text, ending) => expect(detectLineEnding(text)).toBe(ending));
});

describe('unclosedQuoteLine', () => {
  it.each([
    ['a,b\n1,2\n', null],
    ['a,b\n"x, y","said ""hi""\r\nthen"\n3,4\n', null],
    ['a,b\n5" screen,2\nx,the "best"\n', null],
    ['a,b\n1,"never closed\n3,4\n5,6\n', 2],
    ['a,b\r\n"ok\r\nstill ok",1\r\n2,"open ""quoted"" text\r\n', 4],
    ['a;b\r1;2\r"x;3\r', 3],
  ])('%j → %j', (text, line) => {
    expect(unclosedQuoteLine(text, text.includes(';') ? ';' : ',')).toBe(line);
  });
});
