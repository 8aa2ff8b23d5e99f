/**
 * Tooltip text of the interactive charts. ECharts inserts a tooltip formatter's return value as
 * HTML (its default formatter encodes names; ours must). Every tooltip formatter of the chart layer
 * returns a {@link TipText}, and the only ways to make one are {@link tip} (plain-text lines, each
 * HTML-escaped, joined with `<br>`) and {@link richTip} (plain text for ECharts' `richText` mode,
 * which draws on the canvas and interprets no markup). So a data-derived string — a unit, group,
 * indicator or factor name — cannot reach a tooltip as markup: the type checker refuses a
 * formatter that returns a bare string.
 */

declare const TIP: unique symbol;
/** Tooltip content that is safe for the mode it was made for (see the module comment). */
export type TipText = string & { readonly [TIP]: true };

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escape text for HTML: & < > " ' (null/undefined → ''). */
export function escapeHtml(s: unknown): string {
  return String(s === null || s === undefined ? '' : s).replace(/[&<>"']/g, (c) => ESC[c]);
}

/** A line of a tooltip: text, or nothing (null, undefined, false: left out). */
export type TipLine = string | number | null | undefined | false;

const present = (l: TipLine): l is string | number => l !== null && l !== undefined && l !== false;

/** HTML tooltip: each line escaped, joined with `<br>`. */
export function tip(lines: TipLine[]): TipText {
  return lines.filter(present).map(escapeHtml).join('<br>') as TipText;
}

/** Rich-text tooltip (`tooltip.renderMode: 'richText'`): the lines as they are, one per line. */
export function richTip(lines: TipLine[]): TipText {
  return lines.filter(present).map(String).join('\n') as TipText;
}

/** The empty tooltip (nothing shown). */
export const NO_TIP = '' as TipText;

/** How a chart's tooltips are written: HTML (the report) or rich text on the canvas (the workbench). */
export type TipMode = 'html' | 'richText';

/** The tooltip maker of a mode. */
export function tipMaker(mode: TipMode): (lines: TipLine[]) => TipText {
  return mode === 'html' ? tip : richTip;
}
