import { errors } from './errors';
import type { UploadedFile } from './multipart';

/**
 * An uploaded file referenced from the parameters (`attach://<field>` or a file part named like the
 * parameter). Serialises to `{ filename, size, contentType }` so recorded calls stay small.
 */
export class UploadRef {
  constructor(readonly file: UploadedFile) {}

  get size(): number {
    return this.file.data.length;
  }

  toJSON(): { upload: true; filename: string; size: number; contentType?: string } {
    const json: { upload: true; filename: string; size: number; contentType?: string } = {
      upload: true,
      filename: this.file.filename,
      size: this.size,
    };
    if (this.file.contentType) json.contentType = this.file.contentType;
    return json;
  }
}

/** Raw parameters of one call: JSON values, or strings from forms and query strings. */
export type RawParams = Record<string, unknown>;

const JSON_FIELDS = new Set([
  'reply_markup',
  'entities',
  'caption_entities',
  'reply_parameters',
  'media',
  'message_ids',
  'commands',
  'scope',
  'allowed_updates',
  'link_preview_options',
]);

/**
 * Builds the parameter object of a form-encoded call: JSON-looking fields are parsed, files are
 * attached where a field says `attach://<name>` or where the part itself carries the field name.
 */
export function paramsFromForm(fields: Record<string, string>, files: UploadedFile[] = []): RawParams {
  const params: RawParams = {};
  for (const [key, value] of Object.entries(fields)) {
    params[key] = JSON_FIELDS.has(key) && /^\s*[[{]/.test(value) ? tryJson(value) : value;
  }
  const byField = new Map(files.map((f) => [f.field, f]));
  const used = new Set<string>();
  const resolved = resolveAttachments(params, byField, used) as RawParams;
  for (const file of files) {
    if (!used.has(file.field) && !(file.field in resolved)) resolved[file.field] = new UploadRef(file);
  }
  return resolved;
}

function tryJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value; // left as a string; the method reports the parse error in Telegram's words
  }
}

function resolveAttachments(value: unknown, files: Map<string, UploadedFile>, used: Set<string>): unknown {
  if (typeof value === 'string' && value.startsWith('attach://')) {
    const file = files.get(value.slice('attach://'.length));
    if (!file) return value;
    used.add(file.field);
    return new UploadRef(file);
  }
  if (Array.isArray(value)) return value.map((v) => resolveAttachments(v, files, used));
  if (value && typeof value === 'object' && !(value instanceof UploadRef)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = resolveAttachments(v, files, used);
    return out;
  }
  return value;
}

/** A JSON-safe copy of the parameters for recording (uploads become `{upload, filename, size}`). */
export function recordableParams(params: RawParams): Record<string, unknown> {
  return JSON.parse(JSON.stringify(params)) as Record<string, unknown>;
}

/** Typed, Telegram-flavoured access to call parameters (coerces strings from form bodies). */
export class Params {
  constructor(readonly raw: RawParams) {}

  has(name: string): boolean {
    const v = this.raw[name];
    return v !== undefined && v !== null && v !== '';
  }

  /** `chat_id`: an integer id or an `@username`. */
  chatId(name = 'chat_id'): number | string {
    const v = this.raw[name];
    if (v === undefined || v === null || v === '')
      throw name === 'chat_id' ? errors.chatIdEmpty() : errors.parameterRequired(name);
    if (typeof v === 'number' && Number.isInteger(v)) return v;
    if (typeof v === 'string') {
      const s = v.trim();
      if (/^-?\d+$/.test(s)) return Number(s);
      if (/^@\w+$/.test(s)) return s;
    }
    throw errors.chatNotFound();
  }

  optInt(name: string): number | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v === 'number' && Number.isInteger(v)) return v;
    if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v.trim());
    throw errors.invalidParameter(name);
  }

  int(name: string): number {
    const v = this.optInt(name);
    if (v === undefined) throw name === 'message_id' ? errors.messageIdNotSpecified() : errors.parameterRequired(name);
    return v;
  }

  optStr(name: string): string | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    throw errors.invalidParameter(name);
  }

  str(name: string): string {
    const v = this.optStr(name);
    if (v === undefined) throw errors.parameterRequired(name);
    return v;
  }

  bool(name: string): boolean {
    const v = this.raw[name];
    return v === true || v === 1 || v === 'true' || v === '1' || v === 'True';
  }

  /** A JSON-serialised parameter: accepts an already-parsed value or a JSON string. */
  optJson<T>(name: string): T | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v === 'string') {
      try {
        return JSON.parse(v) as T;
      } catch {
        throw errors.cantParseJson(name);
      }
    }
    return v as T;
  }

  /** A file parameter: an upload, or a string (file_id or HTTP URL). */
  optFile(name: string): UploadRef | string | undefined {
    const v = this.raw[name];
    if (v instanceof UploadRef) return v;
    if (typeof v === 'string' && v !== '') return v;
    return undefined;
  }
}
