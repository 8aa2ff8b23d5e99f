/**
 * nqpf's own messages in the user's language (issue 12): `--lang`, else NQPF_LANG, else the
 * locale; in zh an error leads with its Chinese meaning from the error catalogue and its code.
 */
import { describe, expect, it } from 'vitest';
import { cliLanguage, formatCliError, main } from '../../src/cli/main.js';
import { NqpfError } from '../../src/core/errors.js';
import { errorMeaning } from '../../src/core/messages.js';

describe('CLI language', () => {
  it('--lang wins, then NQPF_LANG, then the locale', () => {
    expect(cliLanguage(['node', 'nqpf', 'run', 'x.yaml', '--lang', 'zh'], { LANG: 'en_US.UTF-8' })).toBe('zh');
    expect(cliLanguage(['node', 'nqpf', 'run', '--lang=en'], { LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(cliLanguage(['node', 'nqpf'], { NQPF_LANG: 'zh', LANG: 'C.UTF-8' })).toBe('zh');
    expect(cliLanguage(['node', 'nqpf'], { LC_ALL: 'zh_TW.UTF-8' })).toBe('zh');
    expect(cliLanguage(['node', 'nqpf'], { LANG: 'C.UTF-8' })).toBe('en');
    expect(cliLanguage(['node', 'nqpf'], {})).toBe('en');
  });

  it('a zh error leads with the catalogue meaning and the code, then the located details and the hint', () => {
    const e = new NqpfError('E_FILE_NOT_FOUND', 'spec file not found: a.yaml', { location: { file: 'a.yaml' }, hint: 'check the path' });
    const zh = formatCliError(e, 'zh');
    expect(zh.split('\n')[0]).toBe(`错误（E_FILE_NOT_FOUND）：${errorMeaning('E_FILE_NOT_FOUND', 'zh')}`);
    expect(zh).toContain('a.yaml: spec file not found: a.yaml');
    expect(zh).toContain('提示（hint）：check the path');
    expect(formatCliError(e, 'en')).toBe('error: a.yaml: spec file not found: a.yaml\n  hint: check the path');
  });

  it('nqpf validate --lang zh on a missing spec prints the Chinese error and exits 1', async () => {
    const chunks: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((s: string) => (chunks.push(String(s)), true)) as typeof process.stderr.write;
    let code: number;
    try {
      code = await main(['node', 'nqpf', 'validate', '/nonexistent/nqpf.yaml', '--lang', 'zh']);
    } finally {
      process.stderr.write = write;
    }
    expect(code).toBe(1);
    expect(chunks.join('')).toMatch(/^错误（E_FILE_NOT_FOUND）：/);
  });
});
