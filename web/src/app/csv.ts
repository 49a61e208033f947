// CSV import of items with parts: `serial_number,name,category,parts` with the parts separated by
// `;` (a header row is required; quotes as in RFC 4180). Each row is checked before anything is
// sent, so the preview shows every row's problems at once.
export interface ImportRow {
  line: number;
  serial: string;
  name: string;
  category: string;
  parts: string[];
  errors: string[];
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

export function importRows(text: string): ImportRow[] | string {
  const [header, ...body] = parseCsv(text);
  const names = header?.map((h) => h.trim().toLowerCase()) ?? [];
  const missing = COLUMNS.filter((c) => !names.includes(c));
  if (missing.length > 0)
    return `The header row must name the columns ${COLUMNS.join(', ')} (missing: ${missing.join(', ')}).`;
  const at = (row: string[], column: string) => (row[names.indexOf(column)] ?? '').trim();
  const seen = new Map<string, number>();
  return body.map((row, index) => {
    const line = index + 2;
    const serial = at(row, 'serial_number').replace(/\s+/g, '').toUpperCase();
    const parts = at(row, 'parts')
      .split(';')
      .map((p) => p.trim())
      .filter(Boolean);
    const errors: string[] = [];
    if (!SERIAL.test(serial)) errors.push('serial_number must look like RM-XXXX (4–29 of A-Z 0-9 -)');
    if (seen.has(serial)) errors.push(`serial_number repeats line ${seen.get(serial)}`);
    seen.set(serial, line);
    if (!at(row, 'category')) errors.push('category is required');
    if (at(row, 'name').length > 200) errors.push('name is longer than 200 characters');
    if (parts.length === 0) errors.push('at least one part is required');
    if (new Set(parts.map((p) => p.toLowerCase())).size !== parts.length) errors.push('a part is named twice');
    return { line, serial, name: at(row, 'name'), category: at(row, 'category'), parts, errors };
  });
}
