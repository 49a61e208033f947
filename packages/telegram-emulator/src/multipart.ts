/** A file part of a multipart/form-data body. */
export interface UploadedFile {
  /** The part's form field name (grammY uses a random id and refers to it as `attach://<id>`). */
  field: string;
  filename: string;
  contentType: string | undefined;
  data: Buffer;
}

export interface MultipartBody {
  fields: Record<string, string>;
  files: UploadedFile[];
}

/** The boundary parameter of a multipart Content-Type header, or undefined. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data/i.test(contentType)) return undefined;
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : undefined;
}

/**
 * Parses a multipart/form-data body: fields become strings, file parts stay Buffers.
 * Tolerant of the header spelling grammY uses (`content-disposition:form-data;name="x";filename=y`).
 */
export function parseMultipart(body: Buffer, boundary: string): MultipartBody {
  const fields: Record<string, string> = {};
  const files: UploadedFile[] = [];
  const delimiter = Buffer.from(`--${boundary}`);
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw new Error('multipart body without boundary');
  for (;;) {
    pos += delimiter.length;
    if (body.subarray(pos, pos + 2).toString() === '--') break; // closing delimiter
    pos = skipLineBreak(body, pos);
    const next = body.indexOf(delimiter, pos);
    if (next < 0) throw new Error('unterminated multipart body');
    let end = next;
    if (body[end - 1] === 0x0a) end -= 1;
    if (body[end - 1] === 0x0d) end -= 1;
    const part = body.subarray(pos, end);
    const headerEnd = findHeaderEnd(part);
    const headerText = part.subarray(0, headerEnd.index).toString('utf8');
    const content = part.subarray(headerEnd.index + headerEnd.length);
    const headers = parseHeaders(headerText);
    const disposition = headers['content-disposition'] ?? '';
    const name = dispositionParam(disposition, 'name');
    const filename = dispositionParam(disposition, 'filename');
    if (name !== undefined) {
      if (filename !== undefined) {
        files.push({ field: name, filename, contentType: headers['content-type'], data: Buffer.from(content) });
      } else {
        fields[name] = content.toString('utf8');
      }
    }
    pos = next;
  }
  return { fields, files };
}

function skipLineBreak(buf: Buffer, pos: number): number {
  if (buf[pos] === 0x0d) pos += 1;
  if (buf[pos] === 0x0a) pos += 1;
  return pos;
}

function findHeaderEnd(part: Buffer): { index: number; length: number } {
  const crlf = part.indexOf('\r\n\r\n');
  if (crlf >= 0) return { index: crlf, length: 4 };
  const lf = part.indexOf('\n\n');
  if (lf >= 0) return { index: lf, length: 2 };
  return { index: part.length, length: 0 };
}

function parseHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

function dispositionParam(disposition: string, key: string): string | undefined {
  const re = new RegExp(`(?:^|;)\\s*${key}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;]*))`, 'i');
  const m = re.exec(disposition);
  if (!m) return undefined;
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]!.trim();
}

/** application/x-www-form-urlencoded (and query strings) into string fields. */
export function parseUrlEncoded(body: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(body)) out[k] = v;
  return out;
}
