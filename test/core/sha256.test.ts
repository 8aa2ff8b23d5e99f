import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256Base64 } from '../../src/core/sha256.js';

describe('sha256Base64', () => {
  it('sha256Base64 matches the FIPS 180-4 test vectors ("", "abc", the 448-bit message)', () => {
    const hex = (b64: string) => Buffer.from(b64, 'base64').toString('hex');
    expect(hex(sha256Base64(''))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hex(sha256Base64('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hex(sha256Base64('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('sha256Base64 equals node:crypto on random Unicode text of every length around block boundaries', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (s) => {
        expect(sha256Base64(s)).toBe(createHash('sha256').update(s, 'utf8').digest('base64'));
      }),
      { numRuns: 300 },
    );
    for (let n = 50; n < 140; n++) expect(sha256Base64('x'.repeat(n))).toBe(createHash('sha256').update('x'.repeat(n)).digest('base64'));
  });
});
