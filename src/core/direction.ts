/**
 * Indicator directions as users write them. A yearbook-based indicator table says 正向 / 负向
 * (or 正 / 负, 逆向, 效益型 / 成本型); COINr and English papers say 1 / −1, positive / negative,
 * benefit / cost; a spreadsheet column may hold + and −. All of them mean one of two things, and
 * nqpf keeps only that: +1 (more is better) or −1 (less is better). The spec (`framework.nodes[].direction`,
 * `framework.overrides.<code>.direction`) and framework tables (nqpf `direction`, COINr iMeta
 * `Direction`) both read directions with {@link toDirection}, so the same words work everywhere.
 *
 * Words are matched after trimming and lower-casing (so `Positive`, `COST` work too).
 */

/** Words meaning +1 (more is better), lower case. */
export const POSITIVE_WORDS = ['正向', '正', '正向指标', '正指标', '效益型', 'positive', 'benefit', '+', '＋'] as const;
/** Words meaning −1 (less is better), lower case; `−` is U+2212, `－` the full-width hyphen an input method types. */
export const NEGATIVE_WORDS = ['负向', '负', '逆向', '负向指标', '负指标', '逆向指标', '逆指标', '成本型', 'negative', 'cost', '-', '−', '－'] as const;
/** Every direction word, in the order documented (positive, then negative). */
export const DIRECTION_WORDS = [...POSITIVE_WORDS, ...NEGATIVE_WORDS] as const;

const POS = new Set<string>(POSITIVE_WORDS);
const NEG = new Set<string>(NEGATIVE_WORDS);

/**
 * A direction as written (number or word) → 1 or −1; `undefined` when it is not a direction
 * (the caller reports it with its location). Numbers must be exactly 1 or −1.
 *
 * @example toDirection('负向') === -1; toDirection(' Positive ') === 1; toDirection(-1) === -1; toDirection(2) === undefined
 */
export function toDirection(value: unknown): 1 | -1 | undefined {
  if (value === 1 || value === -1) return value;
  if (typeof value !== 'string') return undefined;
  const s = value.trim().toLowerCase();
  if (POS.has(s)) return 1;
  if (NEG.has(s)) return -1;
  // A number written as text: "1", "-1", "+1", "1.0", "−1" (a table cell, a quoted YAML value).
  if (/^[+\-−－＋]?\d+(\.\d*)?$/.test(s)) {
    const n = Number(s.replace(/^[−－]/, '-').replace(/^＋/, '+'));
    if (n === 1 || n === -1) return n;
  }
  return undefined;
}

/** The accepted forms, for messages: `1, -1, 正向, 正, …`. */
export function directionForms(): string {
  return `1, -1, ${DIRECTION_WORDS.join(', ')}`;
}
