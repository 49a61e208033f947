// CSV import of items with parts: `serial_number,name,category,parts` with the parts separated by
// `;` (a header row is required; quotes as in RFC 4180). Each row is checked before anything is
// sent, so the preview shows every row's problems at once, each as a text id of web.ftl
// (`console-csv-…`) with its values, worded in the reader's language when shown.
import type { TranslateArgs } from '../shared/i18n';

export interface Problem {
  id: string;
  args?: TranslateArgs;
}

export interface ImportRow {
  line: number;
  serial: string;
  name: string;
  category: string;
  parts: string[];
  errors: Problem[];
}

/** RFC 4180 fields: commas and newlines inside quotes, "" for a quote. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endField();
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endField();
      rows.push(row);
      row = [];
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
}

const SERIAL = /^RM-[A-Z0-9-]{4,29}$/;
export const COLUMNS = ['serial_number', 'name', 'category', 'parts'] as const;
/** The longest item name the API takes. */
const NAME_MAX = 200;

export function importRows(text: string): ImportRow[] | Problem {
  const [header, ...body] = parseCsv(text);
  const names = header?.map((h) => h.trim().toLowerCase()) ?? [];
  const missing = COLUMNS.filter((c) => !names.includes(c));
  if (missing.length > 0) {
    return { id: 'console-csv-missing-columns', args: { columns: COLUMNS.join(', '), missing: missing.join(', ') } };
  }
  const at = (row: string[], column: string) => (row[names.indexOf(column)] ?? '').trim();
  const seen = new Map<string, number>();
  return body.map((row, index) => {
    const line = index + 2;
    const serial = at(row, 'serial_number').replace(/\s+/g, '').toUpperCase();
    const parts = at(row, 'parts')
      .split(';')
      .map((p) => p.trim())
      .filter(Boolean);
    const errors: Problem[] = [];
    if (!SERIAL.test(serial)) errors.push({ id: 'console-csv-serial-invalid' });
    if (seen.has(serial)) errors.push({ id: 'console-csv-serial-repeats', args: { line: seen.get(serial)! } });
    seen.set(serial, line);
    if (!at(row, 'category')) errors.push({ id: 'console-csv-category-required' });
    if (at(row, 'name').length > NAME_MAX) errors.push({ id: 'console-csv-name-too-long', args: { max: NAME_MAX } });
    if (parts.length === 0) errors.push({ id: 'console-csv-parts-required' });
    if (new Set(parts.map((p) => p.toLowerCase())).size !== parts.length) errors.push({ id: 'console-csv-part-twice' });
    return { line, serial, name: at(row, 'name'), category: at(row, 'category'), parts, errors };
  });
}
