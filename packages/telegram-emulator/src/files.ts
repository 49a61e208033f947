import type { PhotoSize } from 'grammy/types';

export type FileKind = 'photo' | 'document' | 'voice' | 'video' | 'sticker' | 'audio' | 'animation' | 'video_note';

/** One stored file. `data` is present for uploads (and user-side media given bytes). */
export interface StoredFile {
  file_id: string;
  file_unique_id: string;
  kind: FileKind;
  file_size?: number;
  file_path: string;
  data?: Buffer;
  file_name?: string;
  mime_type?: string;
  width?: number;
  height?: number;
  duration?: number;
  /** Where the file came from: uploaded bytes, a URL the bot passed, or created by the emulator. */
  source: 'upload' | 'url' | 'user';
  url?: string;
}

const FILE_ID_PREFIX: Record<FileKind, string> = {
  photo: 'AgACAgIAAxkBAAI',
  document: 'BQACAgIAAxkBAAI',
  voice: 'AwACAgIAAxkBAAI',
  video: 'BAACAgIAAxkBAAI',
  sticker: 'CAACAgIAAxkBAAI',
  audio: 'CQACAgIAAxkBAAI',
  animation: 'CgACAgIAAxkBAAI',
  video_note: 'DQACAgIAAxkBAAI',
};

const FOLDER: Record<FileKind, string> = {
  photo: 'photos',
  document: 'documents',
  voice: 'voice',
  video: 'videos',
  sticker: 'stickers',
  audio: 'music',
  animation: 'animations',
  video_note: 'video_notes',
};

const DEFAULT_EXT: Record<FileKind, string> = {
  photo: 'jpg',
  document: 'dat',
  voice: 'oga',
  video: 'mp4',
  sticker: 'webp',
  audio: 'mp3',
  animation: 'mp4',
  video_note: 'mp4',
};

const MIME_BY_EXT: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  pdf: 'application/pdf',
  txt: 'text/plain',
  csv: 'text/csv',
  json: 'application/json',
  zip: 'application/zip',
  mp4: 'video/mp4',
  mp3: 'audio/mpeg',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export function guessMimeType(filename: string | undefined): string | undefined {
  const ext = filename?.split('.').pop()?.toLowerCase();
  return ext ? MIME_BY_EXT[ext] : undefined;
}

/** Width and height of a PNG, GIF or JPEG image, if the bytes say so. */
export function imageSize(data: Buffer | undefined): { width: number; height: number } | undefined {
  if (!data || data.length < 24) return undefined;
  if (data.readUInt32BE(0) === 0x89504e47) return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
  if (data.toString('ascii', 0, 3) === 'GIF') return { width: data.readUInt16LE(6), height: data.readUInt16LE(8) };
  if (data[0] === 0xff && data[1] === 0xd8) {
    let pos = 2;
    while (pos + 9 < data.length) {
      if (data[pos] !== 0xff) return undefined;
      const marker = data[pos + 1]!;
      const length = data.readUInt16BE(pos + 2);
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { height: data.readUInt16BE(pos + 5), width: data.readUInt16BE(pos + 7) };
      }
      pos += 2 + length;
    }
  }
  return undefined;
}

export interface NewFile {
  kind: FileKind;
  data?: Buffer;
  filename?: string;
  mimeType?: string;
  url?: string;
  width?: number;
  height?: number;
  duration?: number;
  source: StoredFile['source'];
}

/** The emulator's file storage: file_id → file, deterministic ids, download paths. */
export class FileStore {
  private readonly byId = new Map<string, StoredFile>();
  private readonly byPath = new Map<string, StoredFile>();
  private readonly sizes = new Map<string, PhotoSize[]>();
  private counter = 0;

  add(input: NewFile): StoredFile {
    this.counter += 1;
    const n = this.counter;
    const ext = input.filename?.includes('.')
      ? input.filename.split('.').pop()!.toLowerCase()
      : DEFAULT_EXT[input.kind];
    const token = Buffer.from(`emu-${input.kind}-${n}`).toString('base64url');
    const file: StoredFile = {
      file_id: `${FILE_ID_PREFIX[input.kind]}${token}`,
      file_unique_id: `AQAD${Buffer.from(`u${n}`).toString('base64url')}`,
      kind: input.kind,
      file_path: `${FOLDER[input.kind]}/file_${n}.${ext}`,
      source: input.source,
    };
    if (input.data) {
      file.data = input.data;
      file.file_size = input.data.length;
    }
    if (input.filename) file.file_name = input.filename;
    const mime = input.mimeType ?? guessMimeType(input.filename);
    if (mime) file.mime_type = mime;
    if (input.url) file.url = input.url;
    if (input.width !== undefined) file.width = input.width;
    if (input.height !== undefined) file.height = input.height;
    if (input.duration !== undefined) file.duration = input.duration;
    this.byId.set(file.file_id, file);
    this.byPath.set(file.file_path, file);
    return file;
  }

  get(fileId: string): StoredFile | undefined {
    return this.byId.get(fileId);
  }

  byFilePath(path: string): StoredFile | undefined {
    return this.byPath.get(path);
  }

  /**
   * PhotoSize[] for a photo file: a 320px preview (its own file_id) when the image is larger,
   * then the original, smallest first as Telegram orders them.
   */
  photoSizes(original: StoredFile): PhotoSize[] {
    const cached = this.sizes.get(original.file_id);
    if (cached) return structuredClone(cached);
    const width = original.width ?? 1280;
    const height = original.height ?? 960;
    const sizes: PhotoSize[] = [];
    const longest = Math.max(width, height);
    if (longest > 320) {
      const scale = 320 / longest;
      const preview = this.add({
        kind: 'photo',
        source: original.source,
        width: Math.max(1, Math.round(width * scale)),
        height: Math.max(1, Math.round(height * scale)),
        ...(original.data ? { data: original.data } : {}),
      });
      sizes.push(photoSize(preview));
    }
    sizes.push(photoSize(original));
    this.sizes.set(original.file_id, sizes);
    return structuredClone(sizes);
  }
}

function photoSize(f: StoredFile): PhotoSize {
  const size: PhotoSize = {
    file_id: f.file_id,
    file_unique_id: f.file_unique_id,
    width: f.width ?? 1280,
    height: f.height ?? 960,
  };
  if (f.file_size !== undefined) size.file_size = f.file_size;
  return size;
}
