// The sandbox client: a small Telegram-like view over the Bot API emulator. Everything a persona
// does becomes a real Telegram update delivered to the app's webhook.
'use strict';

const $ = (id) => document.getElementById(id);
// demo: the demo workshop's state as last loaded (undefined before the first load); demoSeen: as
// last announced by the server's event stream.
const state = {
  personas: [],
  personaId: null,
  chat: null,
  threadId: null,
  pending: 0,
  demo: undefined,
  demoSeen: undefined,
};

async function api(path, body) {
  const res = await fetch(
    `/sandbox/api${path}`,
    body === undefined
      ? {}
      : {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        },
  );
  if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
  return res.json();
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === 'onclick') node.addEventListener('click', value);
    else if (value !== undefined && value !== null) node.setAttribute(key, value);
  }
  for (const child of children.flat())
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

/** Text with Telegram entities as safe DOM (bold, italic, code, links, …). */
function formatted(text, entities) {
  const container = el('span');
  if (!text) return container;
  const sorted = (entities || [])
    .filter((e) =>
      ['bold', 'italic', 'underline', 'strikethrough', 'code', 'pre', 'text_link', 'url', 'spoiler'].includes(e.type),
    )
    .sort((a, b) => a.offset - b.offset);
  // Entity offsets are UTF-16 code units; work in code units throughout.
  let pos = 0;
  for (const e of sorted) {
    if (e.offset < pos) continue;
    container.append(text.slice(pos, e.offset));
    const inner = text.slice(e.offset, e.offset + e.length);
    const tag = {
      bold: 'b',
      italic: 'i',
      underline: 'u',
      strikethrough: 's',
      code: 'code',
      pre: 'pre',
      spoiler: 'span',
    }[e.type];
    if (e.type === 'text_link' || e.type === 'url')
      container.append(el('a', { href: e.url || inner, target: '_blank', rel: 'noopener' }, inner));
    else container.append(el(tag, e.type === 'spoiler' ? { class: 'spoiler' } : {}, inner));
    pos = e.offset + e.length;
  }
  container.append(text.slice(pos));
  return container;
}

function serviceText(m) {
  if (m.forum_topic_created) return `Topic created: ${m.forum_topic_created.name}`;
  if (m.forum_topic_edited) return `Topic renamed${m.forum_topic_edited.name ? `: ${m.forum_topic_edited.name}` : ''}`;
  if (m.forum_topic_closed) return 'Topic closed';
  if (m.forum_topic_reopened) return 'Topic reopened';
  if (m.new_chat_members) return `${m.new_chat_members.map((u) => u.first_name).join(', ')} joined`;
  if (m.left_chat_member) return `${m.left_chat_member.first_name} left`;
  if (m.pinned_message) return 'Pinned a message';
  return null;
}

function renderMessage(m) {
  const mine = m.from && m.from.id === state.personaId;
  const item = el('li', { class: `msg${mine ? ' mine' : ''}`, 'data-message-id': m.message_id });
  if (m.from && !mine) item.append(el('div', { class: 'from' }, m.from.is_bot ? 'ticketflow' : m.from.first_name));
  const service = serviceText(m);
  if (service) item.append(el('div', { class: 'service' }, service));
  if (m.reply_to_message && !m.reply_to_message.forum_topic_created) {
    item.append(
      el('div', { class: 'meta' }, `↪ ${(m.reply_to_message.text || m.reply_to_message.caption || '').slice(0, 60)}`),
    );
  }
  if (m.photo) {
    const largest = m.photo[m.photo.length - 1];
    const src = `/sandbox/api/files/${encodeURIComponent(largest.file_id)}`;
    const alt = m.caption || 'photo';
    // As in Telegram, a click opens the photo full size.
    const photo = el('img', { src, alt, class: 'photo', title: 'Open full size', onclick: () => openPhoto(src, alt) });
    // The picture takes its height only once loaded: keep the newest message in view then.
    photo.addEventListener('load', keepNewestInView);
    item.append(photo);
  }
  if (m.document)
    item.append(
      el(
        'a',
        {
          href: `/sandbox/api/files/${encodeURIComponent(m.document.file_id)}`,
          download: m.document.file_name || 'file',
        },
        `📄 ${m.document.file_name || 'document'}`,
      ),
    );
  if (m.sticker) item.append(el('div', {}, m.sticker.emoji || '🖼 sticker'));
  if (m.voice) item.append(el('div', {}, '🎤 voice message'));
  if (m.video) item.append(el('div', {}, '🎬 video'));
  if (m.contact) item.append(el('div', {}, `📱 ${m.contact.phone_number}`));
  if (m.text) item.append(formatted(m.text, m.entities));
  if (m.caption) item.append(el('div', {}, formatted(m.caption, m.caption_entities)));
  const keyboard = m.reply_markup && m.reply_markup.inline_keyboard;
  if (keyboard) {
    item.append(
      el(
        'div',
        { class: 'inline-keyboard' },
        keyboard.map((row) =>
          el(
            'div',
            { class: 'row' },
            row.map((b) =>
              b.callback_data
                ? el(
                    'button',
                    { type: 'button', 'data-callback': b.callback_data, onclick: () => press(m, b.callback_data) },
                    b.text,
                  )
                : b.web_app
                  ? el('button', { type: 'button', onclick: () => openMiniApp(ticketOf(b.web_app.url)) }, b.text)
                  : el('a', { href: b.url || '#', target: '_blank' }, b.text),
            ),
          ),
        ),
      ),
    );
  }
  item.append(
    el('div', { class: 'meta' }, `${new Date(m.date * 1000).toLocaleTimeString()}${m.edit_date ? ' · edited' : ''}`),
  );
  return item;
}

async function press(message, data) {
  await api('/press', { telegramId: state.personaId, chatId: state.chat.id, messageId: message.message_id, data });
}

/**
 * What the page says above the personas: while `--seed demo` runs there are none yet, and without
 * it (plain `npm run dev`) there are none until one is created here — say so, not an empty list.
 */
function renderDemo(demo, hasPersonas) {
  const loading = demo === 'loading';
  const box = $('demo-status');
  box.hidden = !(loading || demo === 'failed' || !hasPersonas);
  const text = loading
    ? ['Loading the demo workshop… People, bicycles and tickets appear here as soon as it is ready.']
    : demo === 'failed'
      ? ['The demo workshop could not be loaded: see the terminal running `npm run dev`.']
      : hasPersonas
        ? []
        : [
            'No people yet. Create a persona below (a name and a role), or restart with ',
            el('code', {}, 'npm run dev -- --seed demo'),
            ' for a ready workshop: people, bicycles and tickets.',
          ];
  box.replaceChildren(...text);
  // An empty persona list is no choice: it shows once there is someone to be.
  $('persona').hidden = $('persona-label').hidden = !hasPersonas;
  $('persona').disabled = loading;
  for (const control of $('new-persona').elements) control.disabled = loading;
  if (loading || !hasPersonas) {
    state.personaId = null;
    state.chat = null;
    state.threadId = null;
    $('chat-title').textContent = loading ? 'Loading the demo workshop…' : 'Create a persona to start';
    $('chats').replaceChildren();
    $('messages').replaceChildren();
    renderReplyKeyboard(null);
    renderComposer();
  }
}

/** Writing, photos, contact and the Mini App are someone's, in a chat: off until there is one. */
function renderComposer() {
  const off = !state.personaId || !state.chat;
  for (const control of $('composer').elements) control.disabled = off;
  $('text').placeholder = off ? 'Pick a persona first' : 'Message';
}

async function loadPersonas(selectId) {
  const { personas, kinds, demo } = await api('/personas');
  // The stream announced a newer state while this was loading: load that one.
  if (state.demoSeen !== undefined && state.demoSeen !== demo) return loadPersonas(selectId);
  const wasLoading = state.demo === 'loading';
  state.demo = demo;
  renderDemo(demo, personas.length > 0);
  if (wasLoading && demo !== 'loading' && personas.length > 0)
    $('chat-title').textContent = 'Pick a persona and a chat';
  state.personas = personas;
  const select = $('persona');
  select.replaceChildren(
    ...personas.map((p) => el('option', { value: p.telegramId }, `${p.name} · ${p.kind.replace('_', ' ')}`)),
  );
  if (!$('persona-kind').options.length)
    $('persona-kind').replaceChildren(...kinds.map((k) => el('option', { value: k }, k.replace('_', ' '))));
  const chosen = selectId ?? state.personaId ?? (personas[0] && personas[0].telegramId);
  if (chosen) {
    select.value = String(chosen);
    await choosePersona(Number(chosen));
  }
}

async function choosePersona(telegramId) {
  state.personaId = telegramId;
  state.chat = null;
  state.threadId = null;
  await loadChats();
}

// Loads overlap (every change schedules one) and their answers may arrive out of order: only the
// latest started one renders, and only while its persona (and chat) are still the ones shown.
let chatsLoad = 0;
let messagesLoad = 0;

async function loadChats() {
  const personaId = state.personaId;
  if (!personaId) return;
  const load = ++chatsLoad;
  const { chats, keyboard } = await api(`/personas/${personaId}/chats`);
  if (load !== chatsLoad || state.personaId !== personaId) return;
  const list = $('chats');
  list.replaceChildren();
  for (const chat of chats) {
    const current = state.chat && state.chat.id === chat.id && !state.threadId;
    list.append(
      el(
        'li',
        {},
        el(
          'button',
          { type: 'button', 'aria-current': String(!!current), onclick: () => openChat(chat, null) },
          `${chat.type === 'private' ? '🤖' : '👥'} ${chat.title}`,
        ),
      ),
    );
    for (const topic of chat.topics) {
      const active = state.chat && state.chat.id === chat.id && state.threadId === topic.id;
      list.append(
        el(
          'li',
          { class: 'topic' },
          el(
            'button',
            {
              type: 'button',
              class: 'topic',
              'aria-current': String(!!active),
              'data-topic': topic.name,
              onclick: () => openChat(chat, topic.id),
            },
            `# ${topic.name}${topic.closed ? ' 🔒' : ''}`,
          ),
        ),
      );
    }
  }
  if (!state.chat && chats[0]) await openChat(chats[0], null);
  else if (state.chat) {
    const fresh = chats.find((c) => c.id === state.chat.id);
    if (fresh) state.chat = fresh;
    renderTitle();
  }
  renderReplyKeyboard(state.chat && state.chat.type === 'private' ? keyboard : null);
}

function renderTitle() {
  const topic = state.threadId && state.chat.topics.find((t) => t.id === state.threadId);
  $('chat-title').textContent = topic ? `${state.chat.title} › ${topic.name}` : state.chat.title;
}

function renderReplyKeyboard(keyboard) {
  const box = $('reply-keyboard');
  box.replaceChildren();
  $('share-contact').hidden = !(keyboard && keyboard.keyboard.flat().some((b) => b.request_contact));
  // The keyboard takes room from the message list (the list's resize observer keeps the newest
  // message in view; this covers a keyboard that comes and goes in one frame).
  if (!keyboard) return keepNewestInView();
  for (const row of keyboard.keyboard) {
    box.append(
      el(
        'div',
        { class: 'row' },
        row.map((b) =>
          el('button', { type: 'button', onclick: () => (b.request_contact ? shareContact() : send(b.text)) }, b.text),
        ),
      ),
    );
  }
  keepNewestInView();
}

async function openChat(chat, threadId) {
  state.chat = chat;
  state.threadId = threadId;
  renderTitle();
  renderComposer();
  await loadMessages();
  await loadChats();
  $('text').focus();
}

async function loadMessages() {
  if (!state.chat) return;
  const { personaId, threadId } = state;
  const chatId = state.chat.id;
  const load = ++messagesLoad;
  const query = threadId ? `?thread=${threadId}` : '';
  const { messages } = await api(`/chats/${chatId}/messages${query}`);
  const current =
    state.personaId === personaId && state.chat && state.chat.id === chatId && state.threadId === threadId;
  if (load !== messagesLoad || !current) return;
  const list = $('messages');
  // Another chat opens at its newest message; the same one stays where the reader is, at the
  // bottom (following new messages) or scrolled up reading older ones.
  if (list.dataset.chatId !== String(chatId) || list.dataset.threadId !== String(threadId)) following = true;
  list.replaceChildren(...messages.map(renderMessage));
  // Which chat the list shows (message ids are per chat).
  list.dataset.chatId = String(chatId);
  list.dataset.threadId = String(threadId);
  keepNewestInView();
}

// Whether the list follows its newest message: true while the reader is at the bottom. Layout
// changes after a render (a photo loading, the reply keyboard appearing) scroll it down again.
let following = true;

function keepNewestInView() {
  if (!following) return;
  const list = $('messages');
  list.scrollTop = list.scrollHeight;
}

function watchMessageList() {
  const list = $('messages');
  list.addEventListener('scroll', () => {
    following = list.scrollHeight - list.scrollTop - list.clientHeight < 24;
  });
  // The list shrinks when the reply keyboard renders and grows when it goes.
  new ResizeObserver(keepNewestInView).observe(list);
}

/** The photo full size over the page; a click anywhere or Escape closes it. */
function openPhoto(src, alt) {
  const box = $('lightbox');
  const image = $('lightbox-image');
  image.src = src;
  image.alt = alt;
  box.showModal();
}

async function send(text) {
  if (!state.chat || !text) return;
  await api('/send', {
    telegramId: state.personaId,
    chatId: state.chat.id,
    threadId: state.threadId || undefined,
    text,
  });
}

async function shareContact() {
  await api('/contact', { telegramId: state.personaId, chatId: state.personaId });
}

function toast(text) {
  const box = $('toast');
  box.textContent = text;
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (box.hidden = true), 2500);
}

function alertBox(text) {
  $('alert-text').textContent = text;
  $('alert').showModal();
}

let refreshQueued = false;
function scheduleRefresh() {
  if (refreshQueued) return;
  refreshQueued = true;
  setTimeout(async () => {
    refreshQueued = false;
    await loadMessages();
    await loadChats();
  }, 50);
}

function listen() {
  const events = new EventSource('/sandbox/api/events');
  events.onmessage = (e) => {
    const event = JSON.parse(e.data);
    if (event.type === 'demo') {
      state.demoSeen = event.state;
      if (state.demo !== undefined && event.state !== state.demo) loadPersonas();
      return;
    }
    if (event.type === 'callback_answer') {
      if (event.answer && event.answer.text) (event.answer.show_alert ? alertBox : toast)(event.answer.text);
      return;
    }
    if (!state.chat) return;
    if (event.chatId === state.chat.id || event.type === 'topic' || event.type === 'chat') scheduleRefresh();
  };
}

$('persona').addEventListener('change', (e) => choosePersona(Number(e.target.value)));
$('new-persona').addEventListener('submit', async (e) => {
  e.preventDefault();
  const { persona } = await api('/personas', {
    name: $('persona-name').value,
    kind: $('persona-kind').value,
    languageCode: $('persona-lang').value,
  });
  $('persona-name').value = '';
  await loadPersonas(persona.telegramId);
});
$('composer').addEventListener('submit', async (e) => {
  e.preventDefault();
  const text = $('text').value.trim();
  $('text').value = '';
  await send(text);
});
$('send-photo').addEventListener(
  'click',
  () =>
    state.chat &&
    api('/photo', {
      telegramId: state.personaId,
      chatId: state.chat.id,
      threadId: state.threadId || undefined,
      caption: $('text').value || undefined,
    }),
);
$('share-contact').addEventListener('click', shareContact);
$('lightbox').addEventListener('click', () => $('lightbox').close());
// The Mini App, as Telegram opens it: in a frame, with initData the sandbox signed for the persona;
// from the App button, or at a ticket from a card's "Open in app" (web_app) button.
async function openMiniApp(ticket) {
  if (!state.personaId) return;
  const { url } = await api(`/personas/${state.personaId}/miniapp${ticket ? `?ticket=${ticket}` : ''}`);
  $('miniapp-frame').src = url;
  $('miniapp').showModal();
}
/** The ticket a web_app button's URL opens the Mini App at (`?ticket=<id>`), if any. */
function ticketOf(url) {
  try {
    return new URL(url).searchParams.get('ticket');
  } catch {
    return null;
  }
}
$('open-miniapp').addEventListener('click', () => openMiniApp(null));
$('miniapp').addEventListener('close', () => {
  $('miniapp-frame').src = 'about:blank';
});

watchMessageList();
renderComposer();

listen();
loadPersonas();
