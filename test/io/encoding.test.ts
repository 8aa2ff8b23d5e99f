import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { NqpfError } from '../../src/core/errors.js';
import { decodeText } from '../../src/io/read/encoding.js';

const zh = '省份,年份,研发经费\n北京,2011,936.6\n';

describe('decodeText', () => {
  it('decodeText(utf-8 bytes) reports utf-8 and returns the text', () => {
    const r = decodeText(new TextEncoder().encode(zh), 'a.csv');
    expect(r).toEqual({ text: zh, encoding: 'utf-8' });
  });

  it('decodeText(BOM + utf-8) reports utf-8-bom and strips the mark', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(zh)]);
    const r = decodeText(bytes, 'a.csv');
    expect(r.encoding).toBe('utf-8-bom');
    expect(r.text).toBe(zh);
  });

  it('decodeText(GBK bytes made by iconv-lite) decodes as gb18030', () => {
    const gbk = iconv.encode(zh, 'gbk');
    // The GBK bytes of 省 are C A1 A1 in the GBK table: 省 = 0xCAA1.
    expect([gbk[0], gbk[1]]).toEqual([0xca, 0xa1]);
    const r = decodeText(new Uint8Array(gbk), 'gbk.csv');
    expect(r.encoding).toBe('gb18030');
    expect(r.text).toBe(zh);
  });

  it('decodeText(GB18030 four-byte characters) round-trips', () => {
    const s = 'a,𠀀,€\n';
    const r = decodeText(new Uint8Array(iconv.encode(s, 'gb18030')), 'x.csv');
    expect(r.text).toBe(s);
  });

  it('decodeText(UTF-16LE with BOM, Excel "Unicode text") decodes', () => {
    const body = Buffer.from('a\tb\n北京\t1\n', 'utf16le');
    const r = decodeText(new Uint8Array([0xff, 0xfe, ...body]), 'u.txt');
    expect(r.encoding).toBe('utf-16le');
    expect(r.text).toBe('a\tb\n北京\t1\n');
  });

  it('decodeText(bytes valid in neither encoding) fails naming the file and line', () => {
    // 0xFF is neither a GB18030 lead byte nor valid UTF-8 (iconv-lite maps a lone 0x80 to €, so not that).
    const bytes = new Uint8Array([...new TextEncoder().encode('a,b\n1,2\n'), 0xff, 0x0a]);
    let err: unknown;
    try {
      decodeText(bytes, 'bad.csv');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NqpfError);
    expect((err as NqpfError).code).toBe('E_ENCODING');
    expect((err as NqpfError).message).toContain('bad.csv');
    expect((err as NqpfError).location).toEqual({ file: 'bad.csv', row: 3 });
  });

  it('decodeText does not modify its input', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, 0x61]);
    const copy = bytes.slice();
    decodeText(bytes, 'a.csv');
    expect(bytes).toEqual(copy);
  });
});
