/**
 * Model formulas in the fixest / R style users know (issue 15):
 *
 *   y ~ x1 + log(x2) + l(x3, 1) + x1:x4c | unit + period
 *
 * Left of `~`: the dependent variable (an expression). Right of `~`: terms separated by `+`; a term
 * is one expression, an interaction `a:b` (the product, named `a:b`), or a crossing `a*b`
 * (= `a + b + a:b`, as in R). After `|`: the fixed effects, `unit` and/or `period` (or the data's
 * unit and period column names). `- 1` or `+ 0` removes the intercept of a pooled model.
 *
 * Expressions (inside a term): numbers, variable names (letters, digits, `_`, `.`, CJK; anything
 * else in back-quotes: `` `R&D 经费` ``), `+ - * / ^` inside parentheses or function calls, and
 * the functions:
 *   log(x) / ln(x) natural log · log10(x) · exp(x) · sqrt(x) · abs(x)
 *   l(x, k) / lag(x, k)  value k periods earlier in the same unit (k = 1 by default)
 *   f(x, k) / lead(x, k) value k periods later · d(x, k) / diff(x, k) = x − l(x, k)
 *   center(x) x minus its mean over every non-missing observation of the panel
 *   std(x) (x − mean) / sd (sd with n − 1) · I(expr) protects an arithmetic expression at the top level
 * Lags follow the period order of the panel (consecutive period labels; a missing period gives a
 * missing lag, never the value two periods back).
 *
 * Pure parsing: no data. Errors are `E_MODEL_FORMULA` naming the position and what was expected.
 */
import { fail } from '../../core/errors.js';

/** An expression tree. */
export type Expr =
  | { kind: 'num'; value: number }
  | { kind: 'var'; name: string }
  | { kind: 'neg'; arg: Expr }
  | { kind: 'bin'; op: '+' | '-' | '*' | '/' | '^'; a: Expr; b: Expr }
  | { kind: 'call'; fn: FnName; args: Expr[]; k: number };

export const FUNCTIONS = ['log', 'log10', 'exp', 'sqrt', 'abs', 'lag', 'lead', 'diff', 'center', 'std', 'I'] as const;
export type FnName = (typeof FUNCTIONS)[number];
const ALIASES: Record<string, FnName> = { ln: 'log', l: 'lag', f: 'lead', d: 'diff' };
const TIME_FNS = new Set<FnName>(['lag', 'lead', 'diff']);

/** One regressor: the product of its factors (one factor for a plain term). */
export interface Term {
  /** Display name as written (whitespace removed), e.g. `log(x2)` or `x1:x4c`. */
  name: string;
  factors: Expr[];
}

export interface Formula {
  /** The formula as given. */
  text: string;
  lhs: Expr;
  lhsName: string;
  terms: Term[];
  /** Intercept (pooled and random-effects models; absorbed by fixed effects). */
  intercept: boolean;
  /** Fixed effects after `|`, as written (resolved to unit / period by the caller). */
  fixed: string[];
}

type Tok = { t: 'num' | 'name' | 'op'; v: string; at: number };

function tokenize(s: string, path: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(s[i + 1] ?? ''))) {
      const m = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(s.slice(i));
      if (m) {
        out.push({ t: 'num', v: m[0], at: i });
        i += m[0].length;
        continue;
      }
    }
    if (c === '`') {
      const j = s.indexOf('`', i + 1);
      if (j < 0) bad(path, s, i, 'a closing back-quote');
      out.push({ t: 'name', v: s.slice(i + 1, j), at: i });
      i = j + 1;
      continue;
    }
    const m = /^[A-Za-z_\u3400-\u9fff][\w.\u3400-\u9fff]*/.exec(s.slice(i));
    if (m) {
      out.push({ t: 'name', v: m[0], at: i });
      i += m[0].length;
      continue;
    }
    if ('~|+-*/^:(),'.includes(c)) {
      out.push({ t: 'op', v: c, at: i });
      i++;
      continue;
    }
    bad(path, s, i, 'a variable, a number, an operator (+ - * / ^ :) or a parenthesis', `"${c}"`);
  }
  return out;
}

function bad(path: string, s: string, at: number, expected: string, found?: string): never {
  fail('E_MODEL_FORMULA', `${path}: formula "${s}": expected ${expected} at character ${at + 1}${found ? `, found ${found}` : ''}`, {
    location: { path },
    hint: 'e.g. "Index ~ log(rd_fte) + rd_intensity + l(x, 1) + x1:x2 | unit + period"; names with other characters in back-quotes',
  });
}

/** Text of an expression as the formula shows it (no spaces). */
export function exprText(e: Expr): string {
  switch (e.kind) {
    case 'num':
      return String(e.value);
    case 'var':
      return /^[A-Za-z_\u3400-\u9fff][\w.\u3400-\u9fff]*$/.test(e.name) ? e.name : `\`${e.name}\``;
    case 'neg':
      return `-${wrap(e.arg, 4)}`;
    case 'bin': {
      const p = PREC[e.op];
      return `${wrap(e.a, p)}${e.op}${wrap(e.b, e.op === '^' ? p : p + 0.5)}`;
    }
    case 'call':
      return `${e.fn}(${e.args.map(exprText).join(',')}${TIME_FNS.has(e.fn) && e.k !== 1 ? `,${e.k}` : ''})`;
  }
}
const PREC: Record<string, number> = { '+': 1, '-': 1, '*': 2, '/': 2, '^': 3 };
function wrap(e: Expr, p: number): string {
  const t = exprText(e);
  const q = e.kind === 'bin' ? PREC[e.op] : e.kind === 'neg' ? 2.5 : 9;
  return q < p ? `(${t})` : t;
}

/** Every variable name an expression reads. */
export function exprVars(e: Expr, out: Set<string> = new Set()): Set<string> {
  if (e.kind === 'var') out.add(e.name);
  else if (e.kind === 'neg') exprVars(e.arg, out);
  else if (e.kind === 'bin') {
    exprVars(e.a, out);
    exprVars(e.b, out);
  } else if (e.kind === 'call') for (const a of e.args) exprVars(a, out);
  return out;
}

/** Parse a formula; `path` locates errors in the spec (e.g. `analyses.models.models.0.formula`). */
export function parseFormula(text: string, path: string): Formula {
  const toks = tokenize(text, path);
  let p = 0;
  const peek = () => toks[p];
  const at = () => toks[p]?.at ?? text.length;
  const isOp = (v: string) => peek()?.t === 'op' && peek().v === v;
  const expect = (v: string) => {
    if (!isOp(v)) bad(path, text, at(), `"${v}"`, peek() ? `"${peek().v}"` : 'the end');
    p++;
  };

  // Arithmetic (inside parentheses / calls; `top` = at the top of a term, where + * : are formula operators).
  const expr = (): Expr => {
    let a = product();
    while (isOp('+') || isOp('-')) {
      const op = toks[p++].v as '+' | '-';
      a = { kind: 'bin', op, a, b: product() };
    }
    return a;
  };
  const product = (): Expr => {
    let a = unary();
    while (isOp('*') || isOp('/')) {
      const op = toks[p++].v as '*' | '/';
      a = { kind: 'bin', op, a, b: unary() };
    }
    return a;
  };
  const unary = (): Expr => {
    if (isOp('-')) {
      p++;
      return { kind: 'neg', arg: unary() };
    }
    return power();
  };
  const power = (): Expr => {
    const a = atom();
    if (isOp('^')) {
      p++;
      return { kind: 'bin', op: '^', a, b: unary() };
    }
    return a;
  };
  const atom = (): Expr => {
    const tk = peek();
    if (!tk) bad(path, text, text.length, 'a variable, number or function');
    if (tk.t === 'num') {
      p++;
      return { kind: 'num', value: Number(tk.v) };
    }
    if (tk.t === 'op' && tk.v === '(') {
      p++;
      const e = expr();
      expect(')');
      return e;
    }
    if (tk.t === 'name') {
      p++;
      if (!isOp('(')) return { kind: 'var', name: tk.v };
      const fn = (ALIASES[tk.v] ?? tk.v) as FnName;
      if (!(FUNCTIONS as readonly string[]).includes(fn))
        fail('E_MODEL_FORMULA', `${path}: formula "${text}": unknown function ${tk.v}() at character ${tk.at + 1}`, {
          location: { path },
          hint: `functions: log/ln, log10, exp, sqrt, abs, l/lag, f/lead, d/diff, center, std, I`,
        });
      p++;
      const args = [expr()];
      let k = 1;
      if (isOp(',')) {
        p++;
        const kt = peek();
        if (!TIME_FNS.has(fn) || kt?.t !== 'num' || !/^\d+$/.test(kt.v) || Number(kt.v) < 1)
          bad(path, text, at(), TIME_FNS.has(fn) ? 'a whole number of periods ≥ 1' : `")" (${fn}() takes one argument)`);
        k = Number(kt.v);
        p++;
      }
      expect(')');
      return { kind: 'call', fn, args, k };
    }
    return bad(path, text, tk.at, 'a variable, number or function', `"${tk.v}"`);
  };

  // Formula level.
  const lhs = expr();
  expect('~');
  const terms: Term[] = [];
  let intercept = true;
  const addTerm = (factors: Expr[]) => {
    const name = factors.map(exprText).join(':');
    if (!terms.some((t) => t.name === name)) terms.push({ name, factors });
  };
  const termFactors = (): Expr[][] => {
    // a:b:c or a*b (crossing) — factors are arithmetic atoms/unary (use I() or parentheses for products).
    const first = [unary()];
    let groups: Expr[][] = [first];
    while (isOp(':') || isOp('*')) {
      const op = toks[p++].v;
      const f = unary();
      if (op === ':') groups = groups.map((g) => (g.length ? [...g, f] : g)).filter((g) => g.length);
      else {
        const next: Expr[][] = [];
        for (const g of groups) next.push(g);
        next.push([f]);
        for (const g of groups) next.push([...g, f]);
        groups = next;
      }
    }
    return groups;
  };
  let sign = '+';
  for (;;) {
    const tk = peek();
    if (!tk || (tk.t === 'op' && tk.v === '|')) break;
    if (tk.t === 'num' && (tk.v === '0' || tk.v === '1') && (!toks[p + 1] || toks[p + 1].v === '+' || toks[p + 1].v === '|' || toks[p + 1].v === '-')) {
      p++;
      if (tk.v === '0' || sign === '-') intercept = false;
    } else {
      if (sign === '-') bad(path, text, tk.at, '"1" after "-" (only "- 1" removes the intercept)');
      for (const g of termFactors()) addTerm(g);
    }
    if (!peek() || isOp('|')) break;
    if (isOp('+') || isOp('-')) {
      sign = toks[p++].v;
      if (!peek() || isOp('|')) bad(path, text, at(), 'a term after "+"');
    } else bad(path, text, at(), '"+", "|" or the end', `"${peek().v}"`);
  }
  const fixed: string[] = [];
  if (isOp('|')) {
    p++;
    for (;;) {
      const tk = peek();
      if (tk?.t !== 'name') bad(path, text, at(), 'a fixed effect (unit or period)');
      fixed.push(tk.v);
      p++;
      if (!peek()) break;
      expect('+');
    }
  }
  if (p < toks.length) bad(path, text, at(), 'the end', `"${peek().v}"`);
  return { text, lhs, lhsName: exprText(lhs), terms, intercept, fixed };
}

/** Every variable name a formula reads. */
export function formulaVars(f: Formula): string[] {
  const s = exprVars(f.lhs);
  for (const t of f.terms) for (const x of t.factors) exprVars(x, s);
  return [...s];
}
