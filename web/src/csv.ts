/** RFC 4180 CSV for the run's output tables (UTF-8, optional BOM, quoted fields, CRLF or LF). */

/** Parse CSV text into rows of fields. Cost O(length). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quoted) {
      if (ch === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** A parsed table: header and rows of strings. */
export interface CsvTable {
  header: string[];
  rows: string[][];
}

export function csvTable(text: string): CsvTable {
  const all = parseCsv(text).filter((r) => r.length > 1 || r[0] !== '');
  return { header: all[0] ?? [], rows: all.slice(1) };
}

/** A numeric cell: '' and 'NA' → NaN. */
export function num(s: string | undefined): number {
  if (s === undefined || s === '' || s === 'NA') return NaN;
  return Number(s);
}
