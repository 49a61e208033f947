// What every inline-button codec shares (`callback_data`, 1–64 bytes): ids, pages, joining and splitting, and
// the paged-queue codec. One codec per prefix, one file per family (./technician, ./qc, ./staff, ./support,
// ./access, ./team-stats); decode returns null for anything malformed or forged, so handlers never see bad input.

/** Telegram's limit on callback_data, in UTF-8 bytes. */
export const CALLBACK_DATA_MAX_BYTES = 64;

const ID = /^[1-9]\d{0,9}$/;
/** A positive 32-bit id, or null. */
export const parseId = (value: string | undefined): number | null =>
  value !== undefined && ID.test(value) && Number(value) <= 2_147_483_647 ? Number(value) : null;
/** Pages are clamped to the page count by the handler; here only their shape is checked. */
export const parsePage = (value: string | undefined): number | null =>
  value !== undefined && /^\d{1,6}$/.test(value) ? Math.max(Number(value), 1) : null;

/** Joins the parts with `:`; a payload over Telegram's 64 bytes is a programming error. */
export function encodeCallback(...parts: (string | number)[]): string {
  const data = parts.join(':');
  if (Buffer.byteLength(data, 'utf8') > CALLBACK_DATA_MAX_BYTES) throw new Error(`callback_data too long: ${data}`);
  return data;
}

/** The parts after `prefix`, or null when the payload has another prefix or is oversized (forged). */
export function splitCallback(data: string, prefix: string): string[] | null {
  if (Buffer.byteLength(data, 'utf8') > CALLBACK_DATA_MAX_BYTES) return null;
  const parts = data.split(':');
  return parts[0] === prefix ? parts.slice(1) : null;
}

/** `<prefix>:refresh:<page>` and `<prefix>:open:<ticket>:<page>`: a paged ticket queue (no page means 1). */
export type PagedQueueButton = { kind: 'refresh'; page: number } | { kind: 'open'; ticketId: number; page: number };
export function pagedQueueCodec(prefix: string) {
  return {
    encode: (b: PagedQueueButton) =>
      b.kind === 'refresh'
        ? encodeCallback(prefix, 'refresh', b.page)
        : encodeCallback(prefix, 'open', b.ticketId, b.page),
    decode(data: string): PagedQueueButton | null {
      const parts = splitCallback(data, prefix);
      if (!parts) return null;
      if (parts[0] === 'refresh' && parts.length <= 2) {
        const page = parts[1] === undefined ? 1 : parsePage(parts[1]);
        return page === null ? null : { kind: 'refresh', page };
      }
      if (parts[0] === 'open' && (parts.length === 2 || parts.length === 3)) {
        const ticketId = parseId(parts[1]);
        const page = parts[2] === undefined ? 1 : parsePage(parts[2]);
        return ticketId === null || page === null ? null : { kind: 'open', ticketId, page };
      }
      return null;
    },
  };
}
