// The playground page: a small Telegram-like chat with the real bot running in the server process.
// Plain JavaScript, no build step, nothing loaded from elsewhere.

const UI = {
  vi: {
    playground: 'Sân thử — không cần Telegram',
    speakAs: 'Trò chuyện với bot với tư cách',
    note: 'Dữ liệu thử (demo), chạy ngay trên máy này. Không có gì được gửi qua Telegram.',
    online: 'bot',
    typing: 'đang soạn tin…',
    sending: { typing: 'đang soạn tin…', upload_photo: 'đang gửi ảnh…', upload_document: 'đang gửi tệp…' },
    placeholder: 'Nhắn tin',
    send: 'Gửi',
    commands: 'Lệnh',
    attach: 'Đính kèm',
    photo: 'Ảnh',
    file: 'Tệp',
    location: 'Vị trí',
    people: 'Đổi người dùng',
    close: 'Đóng',
    start: 'Bắt đầu',
    you: 'Bạn là',
    emptyTitle: 'Chưa có tin nhắn',
    emptyText:
      'Bấm “Bắt đầu” hoặc gõ /help. Mở danh sách bên trái để đổi người: cán bộ, Ban Chỉ đạo huyện, Ban Chỉ đạo tỉnh.',
    campaign: 'Phong trào',
    phase: 'Giai đoạn hiện tại',
    edited: 'đã sửa',
    download: 'Tải về',
    today: 'Hôm nay',
    gone: 'Nút này không còn nữa.',
    failed: 'Không gửi được: ',
    noCommands: 'Chưa có lệnh nào.',
    myLocation: 'Vị trí',
  },
  en: {
    playground: 'Playground — no Telegram needed',
    speakAs: 'Talk to the bot as',
    note: 'Demo data, running right here on this machine. Nothing goes through Telegram.',
    online: 'bot',
    typing: 'typing…',
    sending: { typing: 'typing…', upload_photo: 'sending a photo…', upload_document: 'sending a file…' },
    placeholder: 'Message',
    send: 'Send',
    commands: 'Commands',
    attach: 'Attach',
    photo: 'Photo',
    file: 'File',
    location: 'Location',
    people: 'Switch person',
    close: 'Close',
    start: 'Start',
    you: 'You are',
    emptyTitle: 'No messages yet',
    emptyText:
      'Tap “Start” or type /help. Open the list on the left to switch person: a cadre, the district committee, the provincial board.',
    campaign: 'Campaign',
    phase: 'Current phase',
    edited: 'edited',
    download: 'Download',
    today: 'Today',
    gone: 'That button is gone.',
    failed: 'Could not send: ',
    noCommands: 'No commands yet.',
    myLocation: 'Location',
  },
};

const ALLOWED_TAGS = {
  b: 'b',
  strong: 'b',
  i: 'i',
  em: 'i',
  u: 'u',
  ins: 'u',
  s: 's',
  strike: 's',
  del: 's',
  code: 'code',
  pre: 'pre',
  blockquote: 'blockquote',
  a: 'a',
  'tg-spoiler': 'span',
  span: 'span',
  'tg-emoji': 'span',
};

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const state = {
  lang: params.get('lang') || localStorage.getItem('pg-lang') || 'vi',
  people: [],
  current: null,
  messages: [],
  unread: {},
  counted: {},
  busy: false,
  action: null,
  about: null,
  bot: null,
};
if (!UI[state.lang]) state.lang = 'vi';
const t = (k) => UI[state.lang][k];

// --- talking to the server ------------------------------------------------------------------------

async function api(path, opts = {}) {
  const res = await fetch(path, {
    ...opts,
    headers: { 'x-playground': '1', ...(opts.headers || {}) },
  });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body.error || res.statusText);
  return body;
}

const chatPath = (suffix = '') => `/api/chats/${state.current.id}${suffix}?lang=${state.lang}`;

function post(action, payload) {
  return api(chatPath(`/${action}`), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  }).catch((err) => toast(t('failed') + err.message));
}

// --- rendering the bot's HTML safely --------------------------------------------------------------

/** Rebuilds Telegram's HTML subset node by node; nothing from the text is ever parsed into the page. */
function richText(text, html) {
  const frag = document.createDocumentFragment();
  if (!html) {
    linkify(frag, text);
    return frag;
  }
  const doc = new DOMParser().parseFromString(`<!doctype html><body>${text}`, 'text/html');
  const walk = (from, into) => {
    for (const node of from.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) {
        linkify(into, node.data);
      } else if (node.nodeType === Node.ELEMENT_NODE) {
        const name = node.tagName.toLowerCase();
        const tag = ALLOWED_TAGS[name];
        if (!tag) {
          walk(node, into);
          continue;
        }
        const el = document.createElement(tag);
        if (tag === 'a') {
          const href = node.getAttribute('href') || '';
          if (/^(https?:|mailto:)/i.test(href)) {
            el.href = href;
            el.target = '_blank';
            el.rel = 'noopener noreferrer';
          }
        }
        if (name === 'tg-spoiler' || (name === 'span' && node.classList.contains('tg-spoiler'))) {
          el.className = 'spoiler';
          el.addEventListener('click', () => el.classList.add('shown'));
        }
        walk(node, el);
        into.append(el);
      }
    }
  };
  walk(doc.body, frag);
  return frag;
}

/** Plain text with web addresses made clickable (as Telegram does). */
function linkify(into, text) {
  const re = /https?:\/\/[^\s<>"]+[^\s<>".,;:!?)]/g;
  let last = 0;
  for (const m of text.matchAll(re)) {
    into.append(text.slice(last, m.index));
    const a = document.createElement('a');
    a.href = m[0];
    a.textContent = m[0];
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    into.append(a);
    last = m.index + m[0].length;
  }
  into.append(text.slice(last));
}

// --- messages -------------------------------------------------------------------------------------

const timeFmt = () =>
  new Intl.DateTimeFormat(state.lang === 'en' ? 'en-GB' : 'vi-VN', {
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Asia/Ho_Chi_Minh',
  });
const dayFmt = () =>
  new Intl.DateTimeFormat(state.lang === 'en' ? 'en-GB' : 'vi-VN', {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    timeZone: 'Asia/Ho_Chi_Minh',
  });

function sizeText(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function renderMessage(m) {
  const wrap = document.createElement('div');
  wrap.className = 'msg';
  wrap.dataset.from = m.from;
  wrap.dataset.id = String(m.id);
  const bubble = document.createElement('div');
  bubble.className = 'bubble';

  if (m.photo) {
    const a = document.createElement('a');
    a.className = 'photo';
    const src = `/files/${encodeURIComponent(m.photo.fileId)}`;
    a.href = src;
    a.target = '_blank';
    const img = document.createElement('img');
    img.src = src;
    img.alt = m.caption || m.photo.name || '';
    if (m.photo.width && m.photo.height) {
      img.width = m.photo.width;
      img.height = m.photo.height;
    }
    img.addEventListener('load', () => {
      // Keep the newest message in view unless the person has scrolled up to read.
      const box = $('messages');
      if (box.scrollHeight - box.scrollTop - box.clientHeight < img.clientHeight + 240) scrollDown();
    });
    a.append(img);
    bubble.append(a);
  }
  if (m.document) {
    const a = document.createElement('a');
    a.className = 'doc';
    a.href = `/files/${encodeURIComponent(m.document.fileId)}?download`;
    a.download = m.document.name;
    const icon = document.createElement('span');
    const ext = (m.document.name.split('.').pop() || '').toLowerCase();
    icon.className = `doc-icon ${ext === 'xlsx' || ext === 'xls' || ext === 'csv' ? 'xlsx' : ''}`;
    icon.textContent = ext === 'xlsx' || ext === 'xls' || ext === 'csv' ? '📊' : '📄';
    const text = document.createElement('span');
    const name = document.createElement('div');
    name.className = 'doc-name';
    name.textContent = m.document.name;
    const size = document.createElement('div');
    size.className = 'doc-size';
    size.textContent = `${sizeText(m.document.size)} · ${t('download')}`;
    text.append(name, size);
    a.append(icon, text);
    bubble.append(a);
  }
  if (m.location) {
    const div = document.createElement('div');
    div.className = 'location';
    div.textContent = `📍 ${t('myLocation')}: ${m.location.latitude.toFixed(5)}, ${m.location.longitude.toFixed(5)}`;
    bubble.append(div);
  }
  if (m.contact) {
    const div = document.createElement('div');
    div.textContent = `👤 ${m.contact.name} · ${m.contact.phone}`;
    bubble.append(div);
  }
  const body = m.text ?? m.caption;
  if (body) {
    const div = document.createElement('div');
    div.className = 'text';
    div.append(richText(body, m.html));
    bubble.append(div);
  }
  const meta = document.createElement('span');
  meta.className = 'meta';
  meta.textContent = `${m.edited ? `${t('edited')} ` : ''}${timeFmt().format(new Date(m.date * 1000))}`;
  const last = bubble.lastElementChild;
  if (last && last.className === 'text') last.append(meta);
  else bubble.append(meta);
  if (m.photo && !body) {
    bubble.classList.add('photo-only');
    meta.classList.add('on-photo');
  }
  wrap.append(bubble);

  if (m.inlineKeyboard?.length) {
    const kb = document.createElement('div');
    kb.className = 'kb';
    for (const row of m.inlineKeyboard) {
      const r = document.createElement('div');
      r.className = 'kb-row';
      for (const b of row) {
        if (b.url) {
          const a = document.createElement('a');
          a.className = 'url-btn';
          a.href = /^https?:/i.test(b.url) ? b.url : '#';
          a.target = '_blank';
          a.rel = 'noopener noreferrer';
          a.textContent = `${b.text} ↗`;
          r.append(a);
          continue;
        }
        const btn = document.createElement('button');
        btn.type = 'button';
        btn.textContent = b.text;
        if (b.callback_data !== undefined) {
          btn.addEventListener('click', () => tap(m.id, b.callback_data, btn));
        } else btn.disabled = true;
        r.append(btn);
      }
      kb.append(r);
    }
    wrap.append(kb);
  }
  return wrap;
}

function renderChat() {
  const box = $('messages');
  box.replaceChildren();
  if (!state.messages.length) {
    const empty = document.createElement('div');
    empty.className = 'empty';
    const h = document.createElement('h2');
    h.textContent = t('emptyTitle');
    const p = document.createElement('p');
    p.textContent = t('emptyText');
    empty.append(h, p);
    box.append(empty);
  }
  let lastDay = '';
  for (const m of state.messages) {
    const day = dayFmt().format(new Date(m.date * 1000));
    if (day !== lastDay) {
      const d = document.createElement('div');
      d.className = 'day';
      d.textContent = day === dayFmt().format(new Date()) ? t('today') : day;
      box.append(d);
      lastDay = day;
    }
    box.append(renderMessage(m));
  }
  renderTyping();
  $('start-btn').hidden = state.messages.length > 0;
  scrollDown();
}

function upsertMessage(m) {
  const i = state.messages.findIndex((x) => x.id === m.id);
  const box = $('messages');
  if (i >= 0) {
    state.messages[i] = m;
    const old = box.querySelector(`.msg[data-id="${m.id}"]`);
    if (old) old.replaceWith(renderMessage(m));
    return;
  }
  state.messages.push(m);
  if (state.messages.length === 1) return renderChat();
  box.querySelector('.typing')?.remove();
  box.append(renderMessage(m));
  renderTyping();
  scrollDown();
}

function renderTyping() {
  const box = $('messages');
  box.querySelector('.typing')?.remove();
  const busy = state.busy || state.action;
  document.body.dataset.busy = state.busy ? 'true' : 'false';
  $('status').textContent = busy ? (t('sending')[state.action] ?? t('typing')) : t('online');
  if (!busy) return;
  const dots = document.createElement('div');
  dots.className = 'typing';
  dots.setAttribute('aria-label', t('typing'));
  dots.append(document.createElement('span'), document.createElement('span'), document.createElement('span'));
  box.append(dots);
  scrollDown();
}

function scrollDown() {
  const box = $('messages');
  box.scrollTop = box.scrollHeight;
}

// --- reply keyboard, command menu, attachments ----------------------------------------------------

function renderReplyKeyboard(k) {
  const box = $('reply-kb');
  box.replaceChildren();
  box.hidden = !k;
  $('input').placeholder = k?.placeholder || t('placeholder');
  if (!k) return;
  for (const row of k.keyboard) {
    const r = document.createElement('div');
    r.className = 'kb-row';
    for (const b of row) {
      const btn = document.createElement('button');
      btn.type = 'button';
      btn.textContent = b.text;
      btn.addEventListener('click', () => {
        if (b.request_location) sendLocation();
        else if (b.request_contact) post('contact', {});
        else sendText(b.text);
      });
      r.append(btn);
    }
    box.append(r);
  }
}

async function toggleMenu(force) {
  const pop = $('menu-pop');
  const open = force ?? pop.hidden;
  $('attach-pop').hidden = true;
  if (!open) {
    pop.hidden = true;
    return;
  }
  const { commands } = await api(chatPath('/commands'));
  pop.replaceChildren();
  if (!commands.length) {
    const p = document.createElement('button');
    p.disabled = true;
    p.textContent = t('noCommands');
    pop.append(p);
  }
  for (const c of commands) {
    const btn = document.createElement('button');
    btn.type = 'button';
    const cmd = document.createElement('span');
    cmd.className = 'cmd';
    cmd.textContent = `/${c.command}`;
    const desc = document.createElement('span');
    desc.className = 'desc';
    desc.textContent = c.description;
    btn.append(cmd, desc);
    btn.addEventListener('click', () => {
      pop.hidden = true;
      sendText(`/${c.command}`);
    });
    pop.append(btn);
  }
  pop.hidden = false;
}

async function upload(kind, file) {
  const caption = $('input').value.trim();
  $('input').value = '';
  const q = new URLSearchParams({ kind, name: file.name || (kind === 'photo' ? 'photo.jpg' : 'file') });
  if (caption) q.set('caption', caption);
  await api(`/api/chats/${state.current.id}/upload?lang=${state.lang}&${q}`, {
    method: 'POST',
    headers: { 'content-type': file.type || 'application/octet-stream' },
    body: file,
  }).catch((err) => toast(t('failed') + err.message));
}

function sendLocation() {
  // The pilot district (Châu Thành, Kiên Giang) when the browser will not tell where we are.
  const fallback = () => post('location', { latitude: 9.9447, longitude: 105.1611 });
  if (!navigator.geolocation) return fallback();
  let done = false;
  const timer = setTimeout(() => {
    done = true;
    fallback();
  }, 4000);
  navigator.geolocation.getCurrentPosition(
    (pos) => {
      if (done) return;
      clearTimeout(timer);
      post('location', { latitude: pos.coords.latitude, longitude: pos.coords.longitude });
    },
    () => {
      if (done) return;
      clearTimeout(timer);
      fallback();
    },
    { timeout: 3500 },
  );
}

// --- what the person does ---------------------------------------------------------------------------

function sendText(text) {
  const v = text.trim();
  if (!v) return;
  post('text', { text: v });
}

async function tap(messageId, data, btn) {
  btn.classList.add('pending');
  try {
    await api(chatPath('/tap'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messageId, data }),
    });
  } catch {
    toast(t('gone'));
  } finally {
    btn.classList.remove('pending');
  }
}

let toastTimer = null;
function toast(text) {
  const el = $('toast');
  el.textContent = text;
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    el.hidden = true;
  }, 3200);
}

function alertBox(text) {
  $('modal-text').textContent = text;
  $('modal').hidden = false;
  $('modal-ok').focus();
}

// --- people ---------------------------------------------------------------------------------------

function initials(name) {
  const parts = name.split(/\s+/).filter(Boolean);
  return ((parts.at(-2)?.[0] ?? '') + (parts.at(-1)?.[0] ?? '')).toUpperCase();
}

function avatar(p, cls = '') {
  const a = document.createElement('div');
  a.className = `avatar role-${p.role || 'none'} ${cls}`;
  a.textContent = initials(p.name);
  a.setAttribute('aria-hidden', 'true');
  return a;
}

function renderPeople() {
  const list = $('people-list');
  list.replaceChildren();
  for (const p of state.people) {
    const li = document.createElement('li');
    const btn = document.createElement('button');
    btn.type = 'button';
    btn.className = 'person';
    btn.dataset.person = p.key;
    btn.setAttribute('aria-current', String(state.current?.id === p.id));
    const text = document.createElement('div');
    text.className = 'person-text';
    const name = document.createElement('div');
    name.className = 'person-name';
    name.textContent = p.name;
    const role = document.createElement('div');
    role.className = 'person-role';
    role.textContent = p.label[state.lang];
    text.append(name, role);
    btn.append(avatar(p), text);
    const n = state.unread[p.id] || 0;
    if (n) {
      const b = document.createElement('span');
      b.className = 'badge';
      b.textContent = String(n);
      btn.append(b);
    }
    btn.addEventListener('click', () => {
      choose(p);
      $('composer').closest('.app').classList.remove('people-open');
      $('scrim').hidden = true;
    });
    li.append(btn);
    list.append(li);
  }
  const total = Object.entries(state.unread)
    .filter(([id]) => Number(id) !== state.current?.id)
    .reduce((s, [, n]) => s + n, 0);
  $('unread-total').hidden = total === 0;
  $('unread-total').textContent = String(total);

  const me = $('me');
  me.replaceChildren();
  if (state.current) {
    me.title = `${t('you')}: ${state.current.name} — ${state.current.label[state.lang]}`;
    const name = document.createElement('span');
    name.className = 'me-name';
    name.textContent = state.current.name;
    me.append(avatar(state.current), name);
  }
}

function renderAbout() {
  const box = $('about');
  box.replaceChildren();
  if (!state.about) return;
  const c = document.createElement('div');
  const label = document.createElement('span');
  label.textContent = `${t('campaign')}: `;
  const name = document.createElement('strong');
  name.textContent = state.about.campaign;
  c.append(label, name);
  box.append(c);
  if (state.about.phase) {
    const ph = document.createElement('span');
    ph.className = 'phase';
    const p = state.about.phase;
    ph.textContent = `${t('phase')}: ${p[state.lang]} (${p.from} – ${p.to})`;
    box.append(ph);
  }
}

async function choose(p) {
  state.current = p;
  state.unread[p.id] = 0;
  localStorage.setItem('pg-person', p.key);
  const url = new URL(location.href);
  url.searchParams.set('as', p.key);
  history.replaceState(null, '', url);
  renderPeople();
  const chat = await api(chatPath());
  if (state.current !== p) return;
  state.messages = chat.messages;
  state.busy = chat.busy;
  state.action = null;
  renderChat();
  renderReplyKeyboard(chat.replyKeyboard);
  $('menu-pop').hidden = true;
}

function applyLanguage() {
  document.documentElement.lang = state.lang;
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-title]')) {
    el.title = t(el.dataset.i18nTitle);
    el.setAttribute('aria-label', t(el.dataset.i18nTitle));
  }
  for (const el of document.querySelectorAll('[data-i18n-placeholder]'))
    el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const b of document.querySelectorAll('.lang button')) {
    b.setAttribute('aria-pressed', String(b.dataset.lang === state.lang));
  }
  document.title = state.lang === 'en' ? 'Dân Vận Bot · Playground' : 'Dân Vận Bot · Sân thử';
}

// --- live updates from the server -----------------------------------------------------------------

let actionTimer = null;
function onEvent(e) {
  const mine = state.current && e.chatId === state.current.id;
  switch (e.type) {
    case 'message': {
      const chatId = e.message.chatId;
      if (state.current && chatId === state.current.id) {
        if (e.message.from === 'bot') state.action = null;
        upsertMessage(e.message);
      } else if (e.message.from === 'bot' && e.message.id > (state.counted[chatId] || 0)) {
        // Edits of a message come again with the same id; count each new message once.
        state.counted[chatId] = e.message.id;
        state.unread[chatId] = (state.unread[chatId] || 0) + 1;
        renderPeople();
      }
      break;
    }
    case 'deleted':
      if (mine) {
        state.messages = state.messages.filter((m) => m.id !== e.id);
        $('messages').querySelector(`.msg[data-id="${e.id}"]`)?.remove();
      }
      break;
    case 'callback-answer':
      if (mine) (e.alert ? alertBox : toast)(e.text);
      break;
    case 'action':
      if (mine) {
        state.action = e.action;
        clearTimeout(actionTimer);
        actionTimer = setTimeout(() => {
          state.action = null;
          renderTyping();
        }, 5000);
        renderTyping();
      }
      break;
    case 'keyboard':
      if (mine) renderReplyKeyboard(e.keyboard);
      break;
    case 'busy':
      if (mine) {
        state.busy = e.busy;
        if (!e.busy) state.action = null;
        renderTyping();
      }
      break;
    case 'commands':
      if (!$('menu-pop').hidden) toggleMenu(true);
      break;
  }
}

function connect() {
  const es = new EventSource('/api/events');
  es.onmessage = (m) => onEvent(JSON.parse(m.data));
  // After a reconnect, reload the chat in case something was missed meanwhile.
  es.onopen = () => {
    if (state.current) choose(state.current);
  };
}

// --- wiring -----------------------------------------------------------------------------------------

async function main() {
  applyLanguage();
  const s = await api('/api/state');
  state.people = s.people;
  state.bot = s.bot;
  state.about = { campaign: s.campaign, phase: s.phase };
  renderAbout();
  const want = params.get('as') || localStorage.getItem('pg-person');
  const first = state.people.find((p) => p.key === want) || state.people[0];
  connect();
  await choose(first);

  const input = $('input');
  const grow = () => {
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight, 160)}px`;
  };
  input.addEventListener('input', () => {
    grow();
    if (input.value === '/') toggleMenu(true);
    else if (!input.value.startsWith('/')) $('menu-pop').hidden = true;
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      $('composer').requestSubmit();
    }
  });
  $('composer').addEventListener('submit', (e) => {
    e.preventDefault();
    sendText(input.value);
    input.value = '';
    grow();
    $('menu-pop').hidden = true;
    input.focus();
  });
  $('start-btn').addEventListener('click', () => sendText('/start'));
  $('menu-btn').addEventListener('click', () => toggleMenu());
  $('attach-btn').addEventListener('click', () => {
    $('menu-pop').hidden = true;
    $('attach-pop').hidden = !$('attach-pop').hidden;
  });
  for (const b of document.querySelectorAll('[data-attach]')) {
    b.addEventListener('click', () => {
      $('attach-pop').hidden = true;
      if (b.dataset.attach === 'location') sendLocation();
      else $(`file-${b.dataset.attach}`).click();
    });
  }
  for (const kind of ['photo', 'document']) {
    $(`file-${kind}`).addEventListener('change', (e) => {
      const file = e.target.files[0];
      e.target.value = '';
      if (file) upload(kind, file);
    });
  }
  for (const b of document.querySelectorAll('.lang button')) {
    b.addEventListener('click', () => {
      state.lang = b.dataset.lang;
      localStorage.setItem('pg-lang', state.lang);
      applyLanguage();
      renderAbout();
      renderPeople();
      renderChat();
      renderReplyKeyboard(null);
      choose(state.current);
    });
  }
  const app = document.querySelector('.app');
  $('open-people').addEventListener('click', () => {
    app.classList.add('people-open');
    $('scrim').hidden = false;
  });
  for (const id of ['close-people', 'scrim']) {
    $(id).addEventListener('click', () => {
      app.classList.remove('people-open');
      $('scrim').hidden = true;
    });
  }
  $('modal-ok').addEventListener('click', () => {
    $('modal').hidden = true;
  });
  document.addEventListener('click', (e) => {
    if (!e.target.closest('#menu-pop, #menu-btn, #input')) $('menu-pop').hidden = true;
    if (!e.target.closest('#attach-pop, #attach-btn')) $('attach-pop').hidden = true;
  });
}

main().catch((err) => {
  document.body.textContent = `Playground: ${err.message}`;
});
