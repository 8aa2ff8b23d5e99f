/**
 * How the Data step names the format of an uploaded file: a CSV by its text encoding (编码：utf-8),
 * a workbook by what it is and the sheet read (XLSX（工作表 Sheet1）) — an XLSX file has no text
 * encoding, so "编码：?" said nothing (issue 13). Pure (no DOM), tested in node.
 */
import { t } from './i18n.js';

/** What the preview tells about a file (server/preview.ts `Preview`). */
export interface FormatInfo {
  encoding: string | null;
  sheet?: string;
}

/** A workbook: read as XLSX by the server, or named .xlsx (when its preview failed). */
export function isWorkbook(pv: FormatInfo, fileName: string): boolean {
  return pv.encoding === 'xlsx' || /\.xlsx$/i.test(fileName);
}

/** The label and value of the file's format in the current language: `编码` + the encoding, or `格式` + `XLSX（工作表 …）`. */
export function dataFormat(pv: FormatInfo, fileName: string): { label: string; value: string } {
  if (isWorkbook(pv, fileName)) return { label: t('data.format'), value: pv.sheet ? t('data.xlsxSheet', pv.sheet) : 'XLSX' };
  return { label: t('data.encoding'), value: pv.encoding ?? t('data.encodingUnknown') };
}

/** The message after an upload: the file and its encoding, or the workbook sheet read. */
export function uploadedText(pv: FormatInfo | null | undefined, fileName: string): string {
  if (pv && isWorkbook(pv, fileName)) return pv.sheet ? t('data.uploadedXlsx', fileName, pv.sheet) : t('data.uploadedFile', fileName);
  return pv?.encoding ? t('data.uploaded', fileName, pv.encoding) : t('data.uploadedFile', fileName);
}
