/**
 * Several input problems reported in one error. Reading a data file (unknown unit names,
 * duplicated rows, non-numeric cells, empty indicator columns) and the checks before a run
 * (`app/check-project.ts`) collect every problem they find instead of stopping at the first, so a
 * user fixes a file in one pass, not one error per run.
 *
 * One problem is thrown as it is (its own code, location and hint: the same error as before).
 * Several become one {@link NqpfError} whose message lists them, each as `file:row:column:
 * message` (at most {@link PRINT_LIMIT}, then "and N more"), whose hint joins their distinct hints
 * and names the kinds of problem in Chinese too (the catalogue's meanings, core/messages.ts; the
 * messages themselves are English, as all of nqpf's), and whose `data.problems` holds every one as plain data (code, message, location, hint). The code
 * is theirs when they share one (`E_NON_NUMERIC` for a file with three text cells), else
 * `E_INPUT_PROBLEMS`.
 */
import { NqpfError, formatLocation, type ErrorCode, type Location } from './errors.js';
import { errorMeaning } from './messages.js';

/** One problem: what an NqpfError would carry. */
export interface Problem {
  code: ErrorCode;
  /** The message as one error would say it (names the file, row and column in words). */
  message: string;
  /** A short form for a list whose lines start with the location (`"abc" is not a number`); default: the message. */
  brief?: string;
  location?: Location;
  hint?: string;
  data?: unknown;
}

/** Problems printed in the message of one error; the rest are counted ("and N more") and kept in `data.problems`. */
export const PRINT_LIMIT = 50;
/** Distinct hints joined into the error's hint. */
const HINT_LIMIT = 6;

/** A problem from an error (to collect an error a reader threw). */
export function problemOf(e: NqpfError): Problem {
  return { code: e.code, message: e.message, location: e.location, hint: e.hint, data: e.data };
}

/** The problem as a line of a list: `file:row:column: brief` (or the message's first line). */
export function problemLine(p: Problem): string {
  const where = formatLocation(p.location);
  const msg = (p.brief ?? p.message).split('\n')[0];
  return where ? `${where}: ${msg}` : msg;
}

export interface ProblemsErrorOptions {
  /** What the problems are in, for the headline: `data.csv (sheet "数据")`. */
  subject?: string;
  /** Location of the whole error (typically `{ file }`). */
  location?: Location;
  /** A note added after the list (e.g. which sheet was read and the other sheets). */
  note?: string;
}

/**
 * One error for `problems` (which must not be empty): the single problem itself, or a listing
 * error as described in the module comment.
 */
export function problemsError(problems: readonly Problem[], opts: ProblemsErrorOptions = {}): NqpfError {
  if (problems.length === 0) throw new Error('problemsError: no problems');
  if (problems.length === 1) {
    const p = problems[0];
    const message = opts.note ? `${p.message} (${opts.note})` : p.message;
    return new NqpfError(p.code, message, { location: p.location, hint: p.hint, data: p.data });
  }
  const codes = new Set(problems.map((p) => p.code));
  const code: ErrorCode = codes.size === 1 ? problems[0].code : 'E_INPUT_PROBLEMS';
  const shown = problems.slice(0, PRINT_LIMIT).map((p) => `  ${problemLine(p)}`);
  if (problems.length > PRINT_LIMIT) shown.push(`  … and ${problems.length - PRINT_LIMIT} more`);
  // Name the file when every problem is in the same one and the error's location does not.
  const files = new Set(problems.map((p) => p.location?.file));
  const subject = opts.subject ?? (!opts.location?.file && files.size === 1 ? [...files][0] : undefined);
  const head = `${problems.length} problems${subject ? ` in ${subject}` : ''}${opts.note ? ` (${opts.note})` : ''}:`;
  const hints: string[] = [];
  for (const p of problems) if (p.hint && !hints.includes(p.hint)) hints.push(p.hint);
  // nqpf's messages are in English; the kinds of problem found are also named in Chinese, from the catalogue.
  hints.splice(HINT_LIMIT);
  hints.push(`问题类型：${[...codes].map((c) => `${errorMeaning(c, 'zh')}（${c}）`).join('；')}`);
  // Continuation lines of a hint (a YAML snippet) are indented under its first line.
  const hint = hints.map((h) => h.replace(/\n/g, '\n        ')).join('\n  hint: ');
  return new NqpfError(code, `${head}\n${shown.join('\n')}`, {
    location: opts.location,
    hint,
    data: { problems: problems.map((p) => ({ ...p })) },
  });
}

/** Throw {@link problemsError} when there is any problem. */
export function throwProblems(problems: readonly Problem[], opts: ProblemsErrorOptions = {}): void {
  if (problems.length) throw problemsError(problems, opts);
}
