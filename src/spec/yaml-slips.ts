/**
 * The likely cause of a YAML error, in the words of the person who made it.
 *
 * The `yaml` library reports what its grammar could not read — "Implicit keys need to be on a
 * single line" at 1:1 for `title：…`, "Nested mappings are not allowed in compact mappings" for a
 * line indented one space too far — which tells a user nothing. Most such errors in a hand-written
 * spec come from a handful of slips: full-width punctuation typed with a Chinese input method
 * (`：，；（）“”【】`), a missing space after `:`, a key without `:`, tabs, inconsistent indentation,
 * a value that starts with a YAML indicator (`@`, `*`, a lone `-`) or a Windows path in double
 * quotes. This module finds candidate slips in the text ({@link scanSlips}), each with the exact
 * line and column of the offending character and the edit that would repair it; the parser
 * ({@link ./parse.ts}) keeps the candidate whose repair makes the error go away (or move further
 * down), so a correct use of the same character elsewhere (`- 注：…` in a list, `title: 数据来源：…`)
 * is never blamed. {@link describeSlip} words the finding in English, with a Chinese hint beside it
 * (nqpf's errors have no language setting, so the hint carries both).
 *
 * Cost: one linear pass over the text; the caller re-parses once per candidate tried (bounded).
 */

export type SlipKind =
  | 'tab'
  | 'fullwidth-colon'
  | 'fullwidth-comma'
  | 'fullwidth-quote'
  | 'fullwidth-bracket'
  | 'colon-space'
  | 'missing-colon'
  | 'indent'
  | 'special-start'
  | 'fullwidth-digit'
  | 'env-in-flow';

/** One replacement of `length` characters at `offset` by `text`. */
interface Edit {
  offset: number;
  length: number;
  text: string;
}

/** A candidate slip: where it is, what it is, and the edits that would repair it. */
export interface Slip {
  kind: SlipKind;
  /** 1-based line and column (in characters) of the offending character. */
  line: number;
  col: number;
  /** The offending character (or the value's first character for `special-start`). */
  char: string;
  /** indent: the line's indentation and the one expected; otherwise unset. */
  indent?: { found: number; expected: number; reason: 'deeper' | 'between' };
  edits: Edit[];
}

/** Apply a slip's repair to the text. */
export function repair(text: string, slip: Slip): string {
  let out = text;
  for (const e of [...slip.edits].sort((a, b) => b.offset - a.offset)) out = out.slice(0, e.offset) + e.text + out.slice(e.offset + e.length);
  return out;
}

/** The text of one line of a repaired text (for "write …" hints). */
export function repairedLine(text: string, slip: Slip): string {
  const fixed = repair(text, slip);
  return (fixed.split('\n')[slip.line - 1] ?? '').replace(/\r$/, '').trim();
}

const FW_COLON = '：';
const FW_COMMAS = new Set(['，', '；', '、']);
const FW_OPEN_QUOTE: Record<string, string> = { '“': '"', '‘': "'", '「': '"', '『': '"' };
const FW_CLOSE_QUOTE: Record<string, string> = { '“': '”', '‘': '’', '「': '」', '『': '』' };
const FW_OPEN_BRACKET: Record<string, string> = { '［': '[', '【': '[', '（': '[', '｛': '{' };
const FW_CLOSE_BRACKET: Record<string, [string, string]> = { '［': ['］', ']'], '【': ['】', ']'], '（': ['）', ']'], '｛': ['｝', '}'] };
/** Characters after which a plain key may not be a bare word (`title`, `两藏`). */
const KEYISH = /^[^\s#'"[\]{},&*!|>%@`:]+$/u;
const IDENT = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

interface LineRec {
  line: number;
  start: number;
  text: string;
  indent: number;
  /** Column (0-based) of the content after the indentation and any `- ` markers. */
  body: number;
  /** A content line in block context (not blank, comment, block-scalar text or inside a flow collection / quote). */
  block: boolean;
  /** The line opens a nested block: ends with `key:` (or `- key:`), or is `- `. */
  opens: boolean;
  /** The line starts with a `- ` marker (then `body` is the column after the markers). */
  dash: boolean;
  /** Bare word without a colon (a key whose `:` is missing?). */
  bare: boolean;
  /** Length of the leading spaces and tabs, and the index of the first tab among them (−1: none). */
  lead: number;
  tab: number;
}

/**
 * Candidate slips in document order. Never throws; the text need not be valid YAML.
 * At most `limit` candidates are returned.
 */
export function scanSlips(text: string, limit = 200): Slip[] {
  const out: Slip[] = [];
  const lines: LineRec[] = [];
  let offset = 0;
  let flow = 0;
  let quote: '"' | "'" | null = null;
  let blockParent = -1;
  const rawLines = text.split('\n');
  for (let li = 0; li < rawLines.length; li++) {
    const raw = rawLines[li];
    const start = offset;
    offset += raw.length + 1;
    const line = li + 1;
    const s = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    let indent = 0;
    while (indent < s.length && s[indent] === ' ') indent++;
    const lead = /^[ \t]*/.exec(s)![0];
    const blank = lead.length >= s.length || s[lead.length] === '#';
    const rec: LineRec = {
      line,
      start,
      text: s,
      indent,
      body: indent,
      block: false,
      opens: false,
      dash: false,
      bare: false,
      lead: lead.length,
      tab: lead.indexOf('\t'),
    };
    lines.push(rec);
    if (blockParent >= 0) {
      if (blank || indent > blockParent) continue;
      blockParent = -1;
    }
    if (blank && quote === null) continue;
    const inBlockContext = flow === 0 && quote === null;
    let i = indent;
    if (inBlockContext) {
      while (i + 1 <= s.length && s[i] === '-' && (i + 1 === s.length || s[i + 1] === ' ')) {
        rec.dash = true;
        i++;
        while (i < s.length && s[i] === ' ') i++;
      }
      rec.body = i;
      rec.block = true;
    }
    let keyPos = quote === null; // a key may start here
    let tokenStart = i;
    let fresh = true; // nothing but spaces since tokenStart
    let sawSep = false; // an ASCII `: ` key separator (or a full-width one taken for it) on this line
    let valueStart = -1;
    let lastSignificant = -1;
    for (; i < s.length; i++) {
      const c = s[i];
      if (quote) {
        if (quote === '"' && c === '\\') {
          i++;
          continue;
        }
        if (c === quote) {
          if (quote === "'" && s[i + 1] === "'") {
            i++;
            continue;
          }
          quote = null;
          lastSignificant = i;
        }
        continue;
      }
      if (c === '#' && (i === 0 || s[i - 1] === ' ' || s[i - 1] === '\t')) break;
      if (c === ' ' || c === '\t') {
        continue;
      }
      lastSignificant = i;
      const atTokenStart = fresh;
      fresh = false;
      if ((c === '"' || c === "'") && atTokenStart) {
        quote = c;
        continue;
      }
      if (c === '{' || c === '[') {
        if (atTokenStart || flow > 0) {
          flow++;
          keyPos = true;
          tokenStart = i + 1;
          fresh = true;
        }
        continue;
      }
      if ((c === '}' || c === ']') && flow > 0) {
        flow--;
        keyPos = false;
        continue;
      }
      if (c === ',' && flow > 0) {
        keyPos = true;
        tokenStart = i + 1;
        fresh = true;
        continue;
      }
      if (c === ':' && (i + 1 >= s.length || /[ \t,\]}]/.test(s[i + 1]))) {
        if (keyPos) sawSep = true;
        keyPos = false;
        tokenStart = i + 1;
        fresh = true;
        if (valueStart < 0 && flow === 0) valueStart = i + 1;
        continue;
      }
      // ---- candidates
      if (c === '$' && s[i + 1] === '{' && flow > 0 && atTokenStart) {
        // `${VAR}` inside [ ] or { }: its `{` opens a mapping there; quoted, it is a reference
        const close = s.indexOf('}', i + 2);
        if (close > i) {
          out.push({
            kind: 'env-in-flow',
            line,
            col: i + 1,
            char: '$',
            edits: [
              { offset: start + i, length: 0, text: '"' },
              { offset: start + close + 1, length: 0, text: '"' },
            ],
          });
          i = close;
          keyPos = false;
          continue;
        }
      }
      const token = s.slice(tokenStart, i).trim();
      if (c === FW_COLON && keyPos && token !== '' && KEYISH.test(token)) {
        const next = s[i + 1];
        out.push({
          kind: 'fullwidth-colon',
          line,
          col: i + 1,
          char: c,
          edits: [{ offset: start + i, length: 1, text: next === undefined || next === ' ' || next === '\t' || next === '\r' ? ':' : ': ' }],
        });
        keyPos = false;
        sawSep = true;
        tokenStart = i + 1;
        fresh = true;
        if (valueStart < 0 && flow === 0) valueStart = i + 1;
        continue;
      }
      if (c === ':' && keyPos && flow === 0 && !sawSep && IDENT.test(token) && s[i + 1] !== '/' && i + 1 < s.length) {
        out.push({ kind: 'colon-space', line, col: i + 1, char: c, edits: [{ offset: start + i + 1, length: 0, text: ' ' }] });
        keyPos = false;
        continue;
      }
      if (FW_COMMAS.has(c) && flow > 0) {
        const next = s[i + 1];
        out.push({ kind: 'fullwidth-comma', line, col: i + 1, char: c, edits: [{ offset: start + i, length: 1, text: next === ' ' ? ',' : ', ' }] });
        keyPos = true;
        tokenStart = i + 1;
        fresh = true;
        continue;
      }
      if (atTokenStart && FW_OPEN_QUOTE[c]) {
        const close = s.indexOf(FW_CLOSE_QUOTE[c], i + 1);
        const q = FW_OPEN_QUOTE[c];
        const edits: Edit[] = [{ offset: start + i, length: 1, text: q }];
        if (close > i) edits.push({ offset: start + close, length: 1, text: q });
        out.push({ kind: 'fullwidth-quote', line, col: i + 1, char: c, edits });
        if (close > i) i = close;
        keyPos = false;
        continue;
      }
      if (atTokenStart && !keyPos && FW_OPEN_BRACKET[c]) {
        const [closeCh, closeAscii] = FW_CLOSE_BRACKET[c];
        const close = s.indexOf(closeCh, i + 1);
        const edits: Edit[] = [{ offset: start + i, length: 1, text: FW_OPEN_BRACKET[c] }];
        if (close > i) edits.push({ offset: start + close, length: 1, text: closeAscii });
        // commas inside typed full-width too
        for (let j = i + 1; j < (close > i ? close : s.length); j++) if (FW_COMMAS.has(s[j])) edits.push({ offset: start + j, length: 1, text: ', ' });
        out.push({ kind: 'fullwidth-bracket', line, col: i + 1, char: c, edits });
        keyPos = false;
      }
    }
    const trimmedEnd = lastSignificant >= 0 ? s.slice(0, lastSignificant + 1) : s;
    if (rec.block) {
      const body = trimmedEnd.slice(rec.body);
      rec.opens = body === '' ? rec.dash : /:$/.test(body) || /[：]$/.test(body);
      rec.bare = !rec.dash && !sawSep && flow === 0 && quote === null && KEYISH.test(body) && !body.includes(FW_COLON);
      // block scalar: `key: |` / `key: >-` / `- |`
      if (/(^|:\s|^-\s+)[|>][0-9+-]*$/.test(trimmedEnd.slice(rec.indent)) || /:\s+[|>][0-9+-]*$/.test(trimmedEnd)) blockParent = indent;
    }
    // A value that starts with [ or { and has text after the closing bracket (`title: [草稿] 新质`):
    if (rec.block && valueStart >= 0) {
      const v = s.slice(valueStart).replace(/\s+#.*$/, '');
      const vt = v.trim();
      const m = /^([[{]).*[\]}]\s*[^\s,\]}]/.exec(vt);
      if (m) {
        const at = valueStart + v.indexOf(vt[0]);
        out.push({
          kind: 'special-start',
          line,
          col: at + 1,
          char: m[1],
          edits: [{ offset: start + at, length: vt.length, text: JSON.stringify(vt) }],
        });
      }
    }
    if (out.length >= limit) return out.slice(0, limit);
  }
  // ---- keys without a colon, and indentation (block lines only)
  const block = lines.filter((l) => l.block);
  for (let k = 0; k + 1 < block.length; k++) {
    const a = block[k];
    const b = block[k + 1];
    if (a.bare && b.indent > a.indent) {
      const end = a.text.replace(/\s+(#.*)?$/, '').length;
      out.push({ kind: 'missing-colon', line: a.line, col: end + 1, char: '', edits: [{ offset: a.start + end, length: 0, text: ':' }] });
    }
  }
  const stack: number[] = [];
  let prev: LineRec | undefined;
  for (const l of block) {
    if (l.tab >= 0) {
      // a tab in the indentation: repaired as spaces to the level the line above suggests
      const col = prev ? (prev.dash ? prev.body : prev.lead) : 0;
      const expected = prev?.opens ? col + 2 : col;
      out.push({ kind: 'tab', line: l.line, col: l.tab + 1, char: '\t', edits: [{ offset: l.start, length: l.lead, text: ' '.repeat(expected) }] });
      continue;
    }
    if (!prev) {
      stack.push(l.indent);
      if (l.dash) stack.push(l.body);
      prev = l;
      continue;
    }
    const top = stack[stack.length - 1];
    if (l.indent > top) {
      if (!prev.opens && !prev.bare) {
        // deeper than a line that already has a value: expected at the level of that value's key
        out.push(indentSlip(l, top, 'deeper'));
      } else stack.push(l.indent);
    } else if (l.indent < top) {
      let popped = top;
      while (stack.length && stack[stack.length - 1] > l.indent) popped = stack.pop()!;
      if (!stack.length || stack[stack.length - 1] !== l.indent) {
        // between two levels: the nearest level, preferring the one just closed (a sibling of the line above)
        const below = stack.length ? stack[stack.length - 1] : 0;
        const expected = popped - l.indent <= l.indent - below ? popped : below;
        out.push(indentSlip(l, expected, 'between'));
        if (stack[stack.length - 1] !== expected) stack.push(expected);
      }
    }
    if (l.dash) {
      // `- key: v` opens a mapping at the column after the marker
      if (stack[stack.length - 1] !== l.indent) stack.push(l.indent);
      stack.push(l.body);
    }
    prev = l;
    if (out.length >= limit) break;
  }
  return out.slice(0, limit);
}

function indentSlip(l: LineRec, expected: number, reason: 'deeper' | 'between'): Slip {
  return {
    kind: 'indent',
    line: l.line,
    col: l.indent + 1,
    char: ' ',
    indent: { found: l.indent, expected, reason },
    edits: [{ offset: l.start, length: l.indent, text: ' '.repeat(Math.max(0, expected)) }],
  };
}

const NAMES: Record<string, [string, string]> = {
  '：': ['full-width colon', '全角冒号'],
  '，': ['full-width comma', '全角逗号'],
  '；': ['full-width semicolon', '全角分号'],
  '、': ['enumeration comma', '顿号'],
  '“': ['full-width quotation mark', '中文引号'],
  '”': ['full-width quotation mark', '中文引号'],
  '‘': ['full-width quotation mark', '中文引号'],
  '’': ['full-width quotation mark', '中文引号'],
  '「': ['corner bracket', '直角引号'],
  '『': ['corner bracket', '直角引号'],
  '（': ['full-width parenthesis', '全角括号'],
  '）': ['full-width parenthesis', '全角括号'],
  '【': ['full-width bracket', '全角方括号'],
  '】': ['full-width bracket', '全角方括号'],
  '［': ['full-width bracket', '全角方括号'],
  '］': ['full-width bracket', '全角方括号'],
  '｛': ['full-width brace', '全角花括号'],
  '｝': ['full-width brace', '全角花括号'],
};

/** English and Chinese name of a full-width character (e.g. `full-width colon`, `全角冒号`). */
export function charName(c: string): [string, string] {
  if (NAMES[c]) return NAMES[c];
  if (/[０-９]/.test(c)) return ['full-width digit', '全角数字'];
  if (c === '．') return ['full-width full stop', '全角句点'];
  if (c === '－' || c === '−') return ['full-width minus sign', '全角减号'];
  return [`character "${c}"`, `字符"${c}"`];
}

/** Full-width characters whose presence in a value that has the wrong type points to an input-method slip. */
export const FULLWIDTH = /[：，；、“”‘’「」『』（）【】［］｛｝０-９．－]/u;

/**
 * The message (English) and hint (English, then Chinese) of a slip. `fixed` is the repaired line,
 * shown as what to write.
 */
export function describeSlip(slip: Slip, fixed: string): { message: string; hint: string } {
  const at = `line ${slip.line}, column ${slip.col}`;
  const atZh = `第 ${slip.line} 行第 ${slip.col} 列`;
  const write = fixed ? ` — write: ${fixed}` : '';
  const writeZh = fixed ? `，应写作：${fixed}` : '';
  const [en, zh] = charName(slip.char);
  switch (slip.kind) {
    case 'tab':
      return {
        message: `tab character in the indentation at ${at}: YAML indents with spaces only`,
        hint: `replace the tab with spaces (2 per level is usual; set the editor to insert spaces for Tab)\n  提示：${atZh}的缩进里有 Tab 制表符，YAML 只能用空格缩进（通常每层 2 个空格；可在编辑器中设置 Tab 键插入空格）`,
      };
    case 'fullwidth-colon':
      return {
        message: `${en} "${slip.char}" at ${at}: YAML separates a key from its value with the ASCII colon ":" followed by a space`,
        hint: `replace "：" with ": " (switch the input method to English punctuation)${write}\n  提示：${atZh}是${zh}"："，YAML 的键与值之间须用半角冒号":"加一个空格（可把输入法切换为英文标点）${writeZh}`,
      };
    case 'fullwidth-comma':
      return {
        message: `${en} "${slip.char}" at ${at}: items inside [ ] or { } are separated by the ASCII comma ","`,
        hint: `replace "${slip.char}" with ", "${write}\n  提示：${atZh}是${zh}"${slip.char}"，方括号或花括号内的各项须用半角逗号","分隔${writeZh}`,
      };
    case 'fullwidth-quote':
      return {
        message: `${en} "${slip.char}" at ${at}: YAML quotes a value with ASCII quotes "…" or '…'`,
        hint: `replace the Chinese quotation marks with ASCII ones${write}\n  提示：${atZh}是${zh}"${slip.char}"，YAML 的引号须用半角 "…" 或 '…'${writeZh}`,
      };
    case 'fullwidth-bracket':
      return {
        message: `${en} "${slip.char}" at ${at}: a list is written with ASCII brackets and commas, [a, b] (a mapping with {a: 1})`,
        hint: `use ASCII brackets and commas${write}\n  提示：${atZh}是${zh}"${slip.char}"，列表须用半角方括号和逗号书写，如 [0, 100]${writeZh}`,
      };
    case 'colon-space':
      return {
        message: `no space after ":" at ${at}: YAML reads "key:value" as one word; a key is followed by ": " (colon and space)`,
        hint: `add a space after the colon${write}\n  提示：${atZh}的冒号后缺少空格，YAML 的键与值之间须为冒号加空格${writeZh}`,
      };
    case 'missing-colon':
      return {
        message: `missing ":" at ${at}: the lines below are indented under "${fixed.replace(/:$/, '')}", so it must be a key ending in ":"`,
        hint: `add ":" at the end of the key${write}\n  提示：${atZh}缺少冒号":"——下面几行缩进在它之下，它应是以冒号结尾的键${writeZh}`,
      };
    case 'indent': {
      const ind = slip.indent!;
      const why =
        ind.reason === 'deeper'
          ? `it is indented by ${ind.found} spaces, deeper than the line above, which already has a value`
          : `it is indented by ${ind.found} spaces, which matches no level above (the fields around it use ${ind.expected})`;
      const whyZh =
        ind.reason === 'deeper'
          ? `缩进了 ${ind.found} 个空格，比上一行更深，而上一行已有取值`
          : `缩进了 ${ind.found} 个空格，与上面任何一层都对不齐（同层字段缩进 ${ind.expected} 个空格）`;
      return {
        message: `inconsistent indentation at line ${slip.line}: ${why}`,
        hint: `indent fields of the same level by the same number of spaces (here ${ind.expected})\n  提示：第 ${slip.line} 行缩进不一致：${whyZh}；同一层的字段必须用相同数量的空格缩进（此处应为 ${ind.expected} 个）`,
      };
    }
    case 'fullwidth-digit':
      return {
        message: `${en} "${slip.char}" at ${at}: numbers are written with ASCII digits, point and minus sign (0-9 . -)`,
        hint: `retype the number with the input method in English mode${write}\n  提示：${atZh}是${zh}"${slip.char}"，数字须用半角字符（0-9 . -）书写${writeZh}`,
      };
    case 'env-in-flow':
      return {
        message: `\${…} at ${at} is inside [ ] or { }, where YAML reads its "{" as the start of a mapping: there the reference must be quoted`,
        hint: `put the reference in quotes${write}\n  提示：${atZh}的 \${…} 位于方括号或花括号内，YAML 会把其中的"{"当作映射的开始；此时须给引用加引号${writeZh}`,
      };
    case 'special-start':
      return {
        message: `the value at ${at} starts with "${slip.char}", which YAML reads as the start of a list or mapping, and text follows it`,
        hint: `put the whole value in quotes${write}\n  提示：${atZh}的取值以"${slip.char}"开头，YAML 会把它当作列表或映射的开始；请给整个取值加引号${writeZh}`,
      };
  }
}
