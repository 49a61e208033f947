import type { MessageEntity } from 'grammy/types';
import { errors } from './errors';

/** Plain text plus entities, offsets and lengths in UTF-16 code units (as the Bot API counts them). */
export interface FormattedText {
  text: string;
  entities: MessageEntity[];
}

/** Number of bytes `s` takes in UTF-8 (Telegram's unit for callback_data and parser error offsets). */
export function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/**
 * Turns `text` + `parse_mode` (or explicit `entities`) into what Telegram stores, then adds the
 * entities Telegram detects by itself (commands, mentions, hashtags, URLs, e-mails).
 * Throws the Bot API's "can't parse entities" error on malformed markup.
 */
export function formatText(
  input: string,
  parseMode: string | undefined,
  explicitEntities: MessageEntity[] | undefined,
): FormattedText {
  let parsed: FormattedText;
  if (explicitEntities && explicitEntities.length > 0) {
    parsed = { text: input, entities: explicitEntities.map((e) => ({ ...e })) };
  } else if (parseMode === undefined || parseMode === '') {
    parsed = { text: input, entities: [] };
  } else if (parseMode === 'HTML') {
    parsed = parseHtml(input);
  } else if (parseMode === 'MarkdownV2') {
    parsed = parseMarkdownV2(input);
  } else if (parseMode === 'Markdown') {
    parsed = parseMarkdownLegacy(input);
  } else {
    throw errors.unsupportedParseMode(parseMode);
  }
  return {
    text: parsed.text,
    entities: sortEntities([...parsed.entities, ...detectEntities(parsed.text, parsed.entities)]),
  };
}

function sortEntities(entities: MessageEntity[]): MessageEntity[] {
  return entities.filter((e) => e.length > 0).sort((a, b) => a.offset - b.offset || b.length - a.length);
}

// ---------------------------------------------------------------------------------------------
// Automatic entities

const AUTO_PATTERNS: Array<{ type: 'bot_command' | 'mention' | 'hashtag' | 'url' | 'email'; re: RegExp }> = [
  { type: 'email', re: /(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g },
  { type: 'url', re: /(?<![\w@/])(?:https?:\/\/|www\.)[^\s<>"]+/gi },
  { type: 'bot_command', re: /(?<![\w/])\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![\w/])/g },
  { type: 'mention', re: /(?<![\w@])@[A-Za-z0-9_]{5,32}(?!\w)/g },
  { type: 'hashtag', re: /(?<![\w#])#[\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*/gu },
];

/** Entities Telegram finds on its own, skipping ranges already covered by code, pre or links. */
export function detectEntities(text: string, existing: readonly MessageEntity[]): MessageEntity[] {
  const blocked = existing.filter((e) =>
    ['code', 'pre', 'text_link', 'text_mention', 'custom_emoji', ...AUTO_PATTERNS.map((p) => p.type)].includes(e.type),
  );
  const found: MessageEntity[] = [];
  const overlaps = (offset: number, length: number, list: readonly MessageEntity[]) =>
    list.some((e) => offset < e.offset + e.length && e.offset < offset + length);
  for (const { type, re } of AUTO_PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      let value = m[0];
      if (type === 'url') value = value.replace(/[.,;:!?)\]'"]+$/, '');
      if (!value) continue;
      if (overlaps(m.index, value.length, blocked) || overlaps(m.index, value.length, found)) continue;
      found.push({ type, offset: m.index, length: value.length });
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// HTML

type OpenTag = {
  tag: string;
  type: MessageEntity['type'] | 'code-in-pre';
  offset: number;
  byte: number;
  extra: Record<string, string>;
};

const HTML_TAGS: Record<string, MessageEntity['type']> = {
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
  u: 'underline',
  ins: 'underline',
  s: 'strikethrough',
  strike: 'strikethrough',
  del: 'strikethrough',
  'tg-spoiler': 'spoiler',
  span: 'spoiler',
  code: 'code',
  pre: 'pre',
  a: 'text_link',
  blockquote: 'blockquote',
  'tg-emoji': 'custom_emoji',
};

const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeHtmlEntity(src: string, i: number): { value: string; next: number } | undefined {
  const m = /^&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,8});/.exec(src.slice(i, i + 12));
  if (!m) return undefined;
  const body = m[1]!;
  let value: string | undefined;
  if (body.startsWith('#x')) value = safeFromCodePoint(parseInt(body.slice(2), 16));
  else if (body.startsWith('#')) value = safeFromCodePoint(parseInt(body.slice(1), 10));
  else value = NAMED_ENTITIES[body.toLowerCase()];
  return value === undefined ? undefined : { value, next: i + m[0].length };
}

function safeFromCodePoint(cp: number): string | undefined {
  return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : undefined;
}

function decodeAttribute(value: string): string {
  let out = '';
  for (let i = 0; i < value.length;) {
    if (value[i] === '&') {
      const d = decodeHtmlEntity(value, i);
      if (d) {
        out += d.value;
        i = d.next;
        continue;
      }
    }
    out += value[i];
    i += 1;
  }
  return out;
}

function parseAttributes(src: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  const re = /([a-zA-Z_:-][\w:.-]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
  for (let m = re.exec(src); m; m = re.exec(src)) {
    attrs[m[1]!.toLowerCase()] = decodeAttribute(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return attrs;
}

/** A minimal version of Telegram's HTML parse mode, with its error messages. */
export function parseHtml(src: string): FormattedText {
  let text = '';
  const entities: MessageEntity[] = [];
  const stack: OpenTag[] = [];
  const byteAt = (i: number) => utf8Length(src.slice(0, i));

  for (let i = 0; i < src.length;) {
    const c = src[i]!;
    if (c === '&') {
      const d = decodeHtmlEntity(src, i);
      if (d) {
        text += d.value;
        i = d.next;
      } else {
        text += c;
        i += 1;
      }
      continue;
    }
    if (c !== '<') {
      text += c;
      i += 1;
      continue;
    }
    const close = src.indexOf('>', i);
    if (close < 0) throw errors.cantParseEntities(`Can't find end of the tag starting at byte offset ${byteAt(i)}`);
    const raw = src.slice(i + 1, close);
    if (raw.startsWith('/')) {
      const name = raw.slice(1).trim().toLowerCase();
      const top = stack.pop();
      if (!top) throw errors.cantParseEntities(`Unexpected end tag at byte offset ${byteAt(i)}`);
      if (name !== '' && name !== top.tag) {
        throw errors.cantParseEntities(
          `Unmatched end tag at byte offset ${byteAt(i)}, expected "</${top.tag}>", found "</${name}>"`,
        );
      }
      closeHtmlTag(top, text, stack, entities);
      i = close + 1;
      continue;
    }
    const nameMatch = /^([a-zA-Z][a-zA-Z0-9-]*)/.exec(raw);
    const name = nameMatch ? nameMatch[1]!.toLowerCase() : '';
    const type = HTML_TAGS[name];
    const attrs = parseAttributes(raw.slice(name.length));
    if (!type || (name === 'span' && attrs.class !== 'tg-spoiler')) {
      throw errors.cantParseEntities(`Unsupported start tag "${name}" at byte offset ${byteAt(i)}`);
    }
    const parent = stack[stack.length - 1];
    const inPre = type === 'code' && parent?.type === 'pre' && parent.offset === text.length;
    stack.push({ tag: name, type: inPre ? 'code-in-pre' : type, offset: text.length, byte: byteAt(i), extra: attrs });
    i = close + 1;
  }
  if (stack.length > 0) {
    throw errors.cantParseEntities(`Can't find end tag corresponding to start tag "${stack[stack.length - 1]!.tag}"`);
  }
  return { text, entities: sortEntities(entities) };
}

function closeHtmlTag(top: OpenTag, text: string, stack: OpenTag[], entities: MessageEntity[]): void {
  const offset = top.offset;
  const length = text.length - offset;
  const lang = /^language-(.+)$/.exec(top.extra.class ?? '')?.[1];
  if (top.type === 'code-in-pre') {
    const pre = stack[stack.length - 1];
    if (pre && lang) pre.extra.language = lang;
    return;
  }
  if (length === 0) return;
  switch (top.type) {
    case 'text_link': {
      const href = top.extra.href;
      if (!href) return;
      const mention = /^tg:\/\/user\?id=(\d+)$/.exec(href);
      if (mention) {
        entities.push({
          type: 'text_mention',
          offset,
          length,
          user: { id: Number(mention[1]), is_bot: false, first_name: '' },
        });
      } else {
        entities.push({ type: 'text_link', offset, length, url: href });
      }
      return;
    }
    case 'pre': {
      const language = top.extra.language;
      entities.push(language ? { type: 'pre', offset, length, language } : { type: 'pre', offset, length });
      return;
    }
    case 'blockquote':
      entities.push({ type: 'expandable' in top.extra ? 'expandable_blockquote' : 'blockquote', offset, length });
      return;
    case 'custom_emoji':
      entities.push({ type: 'custom_emoji', offset, length, custom_emoji_id: top.extra['emoji-id'] ?? '' });
      return;
    default:
      entities.push({ type: top.type, offset, length } as MessageEntity);
  }
}

// ---------------------------------------------------------------------------------------------
// MarkdownV2

const MDV2_RESERVED = new Set('_*[]()~`>#+-=|{}.!'.split(''));
const MDV2_NAMES: Record<string, string> = {
  bold: 'Bold',
  italic: 'Italic',
  underline: 'Underline',
  strikethrough: 'Strikethrough',
  spoiler: 'Spoiler',
  code: 'Code',
  pre: 'Pre',
  text_link: 'TextUrl',
  custom_emoji: 'CustomEmoji',
};

type MdOpen = { type: string; offset: number; byte: number; language?: string };

/** Telegram's MarkdownV2 with its strict escaping rules ("Character '.' is reserved ..."). */
export function parseMarkdownV2(src: string): FormattedText {
  let text = '';
  const entities: MessageEntity[] = [];
  const stack: MdOpen[] = [];
  const byteAt = (i: number) => utf8Length(src.slice(0, i));
  let quoteStart: number | undefined;

  const toggle = (type: MessageEntity['type'], i: number, width: number) => {
    const top = stack[stack.length - 1];
    if (top?.type === type) {
      stack.pop();
      if (text.length > top.offset)
        entities.push({ type, offset: top.offset, length: text.length - top.offset } as MessageEntity);
    } else if (stack.some((s) => s.type === type)) {
      throw errors.cantParseEntities(`Can't find end of ${MDV2_NAMES[top!.type]} entity at byte offset ${top!.byte}`);
    } else {
      stack.push({ type, offset: text.length, byte: byteAt(i) });
    }
    return i + width;
  };

  for (let i = 0; i < src.length;) {
    const c = src[i]!;
    const top = stack[stack.length - 1];
    if (c === '\\' && i + 1 < src.length) {
      const next = src.codePointAt(i + 1)!;
      if (next > 0 && next < 127) {
        text += src[i + 1];
        i += 2;
        continue;
      }
    }
    if (top?.type === 'code' || top?.type === 'pre') {
      const closing = top.type === 'code' ? c === '`' : src.startsWith('```', i);
      if (closing) {
        stack.pop();
        const length = text.length - top.offset;
        if (length > 0) {
          entities.push(
            top.type === 'pre' && top.language
              ? { type: 'pre', offset: top.offset, length, language: top.language }
              : ({ type: top.type, offset: top.offset, length } as MessageEntity),
          );
        }
        i += top.type === 'code' ? 1 : 3;
      } else {
        text += c;
        i += 1;
      }
      continue;
    }
    const atLineStart = i === 0 || src[i - 1] === '\n';
    if (c === '>' && atLineStart) {
      if (quoteStart === undefined) quoteStart = text.length;
      i += 1;
      continue;
    }
    if (c === '\n' && quoteStart !== undefined && src[i + 1] !== '>') {
      if (text.length > quoteStart)
        entities.push({ type: 'blockquote', offset: quoteStart, length: text.length - quoteStart });
      quoteStart = undefined;
    }
    if (!MDV2_RESERVED.has(c)) {
      text += c;
      i += 1;
      continue;
    }
    switch (c) {
      case '*':
        i = toggle('bold', i, 1);
        break;
      case '~':
        i = toggle('strikethrough', i, 1);
        break;
      case '_':
        i = src[i + 1] === '_' ? toggle('underline', i, 2) : toggle('italic', i, 1);
        break;
      case '|':
        if (src[i + 1] !== '|') throw reserved(c);
        i = toggle('spoiler', i, 2);
        break;
      case '`':
        if (src.startsWith('```', i)) {
          const nl = src.indexOf('\n', i + 3);
          const language = nl >= 0 ? src.slice(i + 3, nl).trim() : '';
          const open: MdOpen = { type: 'pre', offset: text.length, byte: byteAt(i) };
          if (language && !/\s/.test(language)) open.language = language;
          stack.push(open);
          i = nl >= 0 && (language === '' || open.language) ? nl + 1 : i + 3;
        } else {
          stack.push({ type: 'code', offset: text.length, byte: byteAt(i) });
          i += 1;
        }
        break;
      case '[':
        stack.push({ type: 'text_link', offset: text.length, byte: byteAt(i) });
        i += 1;
        break;
      case '!':
        if (src[i + 1] === '[') {
          stack.push({ type: 'custom_emoji', offset: text.length, byte: byteAt(i) });
          i += 2;
          break;
        }
        throw reserved(c);
      case ']': {
        if (top?.type !== 'text_link' && top?.type !== 'custom_emoji') throw reserved(c);
        stack.pop();
        if (src[i + 1] !== '(') {
          throw errors.cantParseEntities(`Can't find end of ${MDV2_NAMES[top.type]} entity at byte offset ${top.byte}`);
        }
        let url = '';
        let j = i + 2;
        for (; j < src.length && src[j] !== ')'; j += 1) {
          if (src[j] === '\\' && j + 1 < src.length) j += 1;
          url += src[j];
        }
        if (j >= src.length) throw errors.cantParseEntities(`Can't find end of a URL at byte offset ${byteAt(i + 2)}`);
        const length = text.length - top.offset;
        if (length > 0) {
          if (top.type === 'custom_emoji') {
            entities.push({
              type: 'custom_emoji',
              offset: top.offset,
              length,
              custom_emoji_id: /id=(\d+)/.exec(url)?.[1] ?? '',
            });
          } else {
            entities.push({ type: 'text_link', offset: top.offset, length, url });
          }
        }
        i = j + 1;
        break;
      }
      default:
        throw reserved(c);
    }
  }
  const open = stack[stack.length - 1];
  if (open)
    throw errors.cantParseEntities(`Can't find end of ${MDV2_NAMES[open.type]} entity at byte offset ${open.byte}`);
  if (quoteStart !== undefined && text.length > quoteStart) {
    entities.push({ type: 'blockquote', offset: quoteStart, length: text.length - quoteStart });
  }
  return { text, entities: sortEntities(entities) };
}

function reserved(c: string) {
  return errors.cantParseEntities(`Character '${c}' is reserved and must be escaped with the preceding '\\'`);
}

// ---------------------------------------------------------------------------------------------
// Legacy Markdown

/** The legacy `Markdown` parse mode: *bold*, _italic_, `code`, ```pre```, [text](url). */
export function parseMarkdownLegacy(src: string): FormattedText {
  let text = '';
  const entities: MessageEntity[] = [];
  const byteAt = (i: number) => utf8Length(src.slice(0, i));
  const fail = (i: number) =>
    errors.cantParseEntities(`Can't find end of the entity starting at byte offset ${byteAt(i)}`);
  for (let i = 0; i < src.length;) {
    const c = src[i]!;
    if (c === '\\' && '_*`['.includes(src[i + 1] ?? '')) {
      text += src[i + 1];
      i += 2;
      continue;
    }
    if (c === '*' || c === '_' || c === '`') {
      if (c === '`' && src.startsWith('```', i)) {
        const end = src.indexOf('```', i + 3);
        if (end < 0) throw fail(i);
        let body = src.slice(i + 3, end);
        let language: string | undefined;
        const nl = body.indexOf('\n');
        if (nl > 0 && !/\s/.test(body.slice(0, nl))) {
          language = body.slice(0, nl);
          body = body.slice(nl + 1);
        }
        if (body.length > 0) {
          entities.push(
            language
              ? { type: 'pre', offset: text.length, length: body.length, language }
              : { type: 'pre', offset: text.length, length: body.length },
          );
        }
        text += body;
        i = end + 3;
        continue;
      }
      const end = src.indexOf(c, i + 1);
      if (end < 0) throw fail(i);
      const body = src.slice(i + 1, end);
      const type = c === '*' ? 'bold' : c === '_' ? 'italic' : 'code';
      if (body.length > 0) entities.push({ type, offset: text.length, length: body.length });
      text += body;
      i = end + 1;
      continue;
    }
    if (c === '[') {
      const m = /^\[([^\]]*)\]\(([^)]*)\)/.exec(src.slice(i));
      if (!m) throw fail(i);
      if (m[1]!.length > 0) entities.push({ type: 'text_link', offset: text.length, length: m[1]!.length, url: m[2]! });
      text += m[1];
      i += m[0].length;
      continue;
    }
    text += c;
    i += 1;
  }
  return { text, entities };
}
