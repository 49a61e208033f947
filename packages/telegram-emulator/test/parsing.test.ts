import { ApiError, formatText, parseHtml, parseMarkdownV2, parseMultipart } from '../src';
import { paramsFromForm } from '../src/params';

function parseError(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err.description;
    throw err;
  }
  throw new Error('expected a parse error');
}

describe('telegram emulator: HTML parse mode', () => {
  it('counts entity offsets in UTF-16 code units and nests entities', () => {
    const { text, entities } = parseHtml('😀 <b>Привет <i>мир</i></b>');
    expect(text).toBe('😀 Привет мир');
    expect(entities).toEqual([
      { type: 'bold', offset: 3, length: 10 },
      { type: 'italic', offset: 10, length: 3 },
    ]);
  });

  it('reports error positions as UTF-8 byte offsets, like Telegram', () => {
    // "Ц" takes two bytes: the tag is the 4th character but starts at byte 4.
    expect(parseError(() => parseHtml('Цx <foo>'))).toBe(
      'Bad Request: can\'t parse entities: Unsupported start tag "foo" at byte offset 4',
    );
    expect(parseError(() => parseHtml('<b>a</i>'))).toBe(
      'Bad Request: can\'t parse entities: Unmatched end tag at byte offset 4, expected "</b>", found "</i>"',
    );
  });

  it('maps tg://user links to text_mention, blockquotes and spoiler spans', () => {
    const { entities } = parseHtml(
      '<a href="tg://user?id=42">Olga</a> <blockquote expandable>q</blockquote> <span class="tg-spoiler">s</span>',
    );
    expect(entities.map((e) => e.type)).toEqual(['text_mention', 'expandable_blockquote', 'spoiler']);
    expect(entities[0]).toMatchObject({ user: { id: 42 } });
  });
});

describe('telegram emulator: MarkdownV2 parse mode', () => {
  it('parses links with escaped parentheses, pre with language and nested styles', () => {
    const f = parseMarkdownV2('*bold _both_* [site](https://e.org/a\\)b) ```js\nx()\n```');
    expect(f.text).toBe('bold both site x()\n');
    expect(f.entities).toEqual(
      expect.arrayContaining([
        { type: 'bold', offset: 0, length: 9 },
        { type: 'italic', offset: 5, length: 4 },
        { type: 'text_link', offset: 10, length: 4, url: 'https://e.org/a)b' },
        { type: 'pre', offset: 15, length: 4, language: 'js' },
      ]),
    );
  });

  it('rejects unclosed entities with the byte offset of their start', () => {
    expect(parseError(() => parseMarkdownV2('Ок *bold'))).toBe(
      "Bad Request: can't parse entities: Can't find end of Bold entity at byte offset 5",
    );
    expect(parseError(() => parseMarkdownV2('a-b'))).toMatch(/Character '-' is reserved/);
  });
});

describe('telegram emulator: automatic entities', () => {
  it('detects commands, mentions, hashtags, URLs and e-mails', () => {
    const f = formatText(
      '/status@desk_bot for @ivan_client #urgent see https://repair.example/t/1. mail a.b@example.com',
      undefined,
      undefined,
    );
    expect(f.entities.map((e) => [e.type, f.text.slice(e.offset, e.offset + e.length)])).toEqual([
      ['bot_command', '/status@desk_bot'],
      ['mention', '@ivan_client'],
      ['hashtag', '#urgent'],
      ['url', 'https://repair.example/t/1'],
      ['email', 'a.b@example.com'],
    ]);
  });

  it('does not detect inside code', () => {
    const f = formatText('<code>/start https://x.org</code>', 'HTML', undefined);
    expect(f.entities).toEqual([{ type: 'code', offset: 0, length: 20 }]);
  });
});

describe('telegram emulator: multipart bodies', () => {
  it("parses grammY's spelling of part headers, keeps binary file parts intact and resolves attach://", () => {
    const boundary = '----------abc123';
    const bytes = Buffer.from([0x00, 0xff, 0x0d, 0x0a, 0x2d, 0x2d, 0x10]);
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\ncontent-disposition:form-data;name="chat_id"\r\n\r\n-100123`),
      Buffer.from(
        `\r\n--${boundary}\r\ncontent-disposition:form-data;name="reply_markup"\r\n\r\n{"inline_keyboard":[]}`,
      ),
      Buffer.from(`\r\n--${boundary}\r\ncontent-disposition:form-data;name="photo"\r\n\r\nattach://f1`),
      Buffer.from(
        `\r\n--${boundary}\r\ncontent-disposition:form-data;name="f1";filename=shot.png\r\ncontent-type:application/octet-stream\r\n\r\n`,
      ),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const { fields, files } = parseMultipart(body, boundary);
    expect(fields).toEqual({ chat_id: '-100123', reply_markup: '{"inline_keyboard":[]}', photo: 'attach://f1' });
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({ field: 'f1', filename: 'shot.png' });
    expect(files[0]!.data.equals(bytes)).toBe(true);

    const params = JSON.parse(JSON.stringify(paramsFromForm(fields, files))) as Record<string, unknown>;
    expect(params).toEqual({
      chat_id: '-100123',
      reply_markup: { inline_keyboard: [] },
      photo: { upload: true, filename: 'shot.png', size: bytes.length, contentType: 'application/octet-stream' },
    });
  });
});
