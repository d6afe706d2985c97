/**
 * The blanks a cell or a typed field may be padded with: space, tab, no-break, thin, narrow
 * no-break and figure spaces. Pure (no imports), so browser code can use it.
 */
export function isSpaceCode(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0xa0 || c === 0x2009 || c === 0x202f || c === 0x2007;
}
