/* ocoplabel — the page's template designer: a size (or a common roll, an A4 sheet's label) laid out by the server
   (POST /api/template/auto), its element boxes over the preview (POST /api/template/preview), moved and resized with
   the pointer or the arrow keys, each change checked by the library (POST /api/template/check: a box that breaks a
   rule is red, with the reason), font sizes and the elements shown chosen, saved in the server's template folder
   (POST /api/template/save) or downloaded as INI. Uses app.js's helpers (t, say, api, el, $). */
'use strict';

Object.assign(STRINGS.vi, {
  'designer.title': 'Thiết kế mẫu nhãn',
  'designer.intro': 'Chọn cỡ nhãn: máy chủ tự bố trí các phần theo quy định nhãn; kéo, đổi cỡ các ô rồi lưu thành mẫu nhãn dùng cho in một nhãn, in nhiều nhãn và lệnh ocoplabel -t TÊN.',
  'designer.preset': 'Cỡ nhãn có sẵn',
  'designer.preset.hint': 'Cuộn nhãn in nhiệt thường gặp, hoặc nhãn của tờ decal A4.',
  'designer.preset.custom': 'Cỡ khác (nhập rộng × cao)',
  'designer.preset.roll': 'Cuộn {w}×{h} mm',
  'designer.preset.sheet': 'Tờ A4 {name}: nhãn {w}×{h} mm',
  'designer.width': 'Rộng (mm)',
  'designer.height': 'Cao (mm)',
  'designer.profile.hint': 'Máy in nhiệt: các mô-đun mã vạch theo đúng điểm in của máy.',
  'designer.codes': 'Mã vạch',
  'designer.no_ean': 'Không có mã EAN-13 (dịch vụ, không có GTIN)',
  'designer.datamatrix': 'Dùng Data Matrix khi mã QR đọc được không vừa',
  'designer.pos': 'Mã 2D quét được tại quầy thu ngân (GS1)',
  'designer.make': 'Bố trí tự động',
  'designer.making': 'Đang bố trí nhãn…',
  'designer.made': 'Đã bố trí nhãn {w}×{h} mm. Kéo các ô để đổi chỗ; kéo góc dưới bên phải để đổi cỡ.',
  'designer.server': '{msg}',
  'designer.use': 'Dùng cỡ {w}×{h} mm',
  'designer.layout': 'Bố cục nhãn',
  'designer.keys': 'Bàn phím: Tab chọn ô; phím mũi tên dời ô 0,5 mm (thêm Alt: 0,1 mm); Shift + mũi tên đổi cỡ ô.',
  'designer.box': '{name}: x {x}, y {y}, {w} × {h} mm',
  'designer.box.bad': '{name}: x {x}, y {y}, {w} × {h} mm. Lỗi: {msg}',
  'designer.checking': 'Đang kiểm tra theo quy định nhãn…',
  'designer.ok': 'Mẫu nhãn đạt các quy định.',
  'designer.ok.warnings': 'Mẫu nhãn đạt các quy định; có {n} lưu ý.',
  'designer.bad': 'Mẫu nhãn vi phạm {n} quy định: các ô màu đỏ.',
  'designer.problem': '{name}: {msg}',
  'designer.element': 'Ô đang chọn',
  'designer.element.none': 'Chưa chọn ô nào: bấm vào một ô trên nhãn.',
  'designer.element.sel': '{name} ({kind})',
  'designer.size': 'Cỡ chữ (pt)',
  'designer.show': 'Các phần hiện trên nhãn',
  'designer.save': 'Lưu mẫu nhãn',
  'designer.name': 'Tên mẫu nhãn',
  'designer.name.hint': 'Chữ thường không dấu a-z, số và dấu gạch ngang, ví dụ mat-ong-58x40.',
  'designer.name.bad': 'Tên mẫu nhãn chỉ gồm chữ a-z, số và dấu gạch ngang (không bắt đầu bằng dấu gạch ngang).',
  'designer.replace': 'Ghi đè mẫu cùng tên',
  'designer.save.button': 'Lưu vào máy chủ',
  'designer.download': 'Tải tệp INI',
  'designer.saving': 'Đang lưu…',
  'designer.saved': 'Đã lưu mẫu nhãn “{name}”: có trong danh sách mẫu nhãn, và dùng được với ocoplabel -t {name}.',
  'kind.text': 'chữ', 'kind.mark': 'biểu tượng OCOP', 'kind.stars': 'số sao', 'kind.qr': 'mã QR',
  'kind.datamatrix': 'Data Matrix', 'kind.ean13': 'mã EAN', 'kind.ean': 'mã EAN', 'kind.line': 'đường kẻ',
  'kind.box': 'khung',
});
Object.assign(STRINGS.en, {
  'designer.title': 'Design a template',
  'designer.intro': 'Choose a label size: the server lays out every part by the label rules; drag and resize the boxes, then save it as a template for single labels, batches and ocoplabel -t NAME.',
  'designer.preset': 'Common sizes',
  'designer.preset.hint': 'Common thermal label rolls, or the labels of an A4 decal sheet.',
  'designer.preset.custom': 'Another size (type width × height)',
  'designer.preset.roll': 'Roll {w}×{h} mm',
  'designer.preset.sheet': 'A4 sheet {name}: labels of {w}×{h} mm',
  'designer.width': 'Width (mm)',
  'designer.height': 'Height (mm)',
  'designer.profile.hint': 'A thermal printer: code modules on its very dots.',
  'designer.codes': 'Codes',
  'designer.no_ean': 'No EAN-13 (a service, which has no GTIN)',
  'designer.datamatrix': 'A Data Matrix where no readable QR code fits',
  'designer.pos': 'A 2D code that retail POS scanners read (GS1)',
  'designer.make': 'Lay out',
  'designer.making': 'Laying out the label…',
  'designer.made': 'A {w}×{h} mm label laid out. Drag the boxes to move them; drag the bottom right corner to resize.',
  'designer.server': '{msg}',
  'designer.use': 'Use {w}×{h} mm',
  'designer.layout': 'The label’s layout',
  'designer.keys': 'Keyboard: Tab chooses a box; the arrow keys move it 0.5 mm (with Alt: 0.1 mm); Shift + arrows resize it.',
  'designer.box': '{name}: x {x}, y {y}, {w} × {h} mm',
  'designer.box.bad': '{name}: x {x}, y {y}, {w} × {h} mm. Problem: {msg}',
  'designer.checking': 'Checking the label rules…',
  'designer.ok': 'The template keeps the label rules.',
  'designer.ok.warnings': 'The template keeps the label rules; {n} notes.',
  'designer.bad': 'The template breaks {n} rules: the boxes in red.',
  'designer.problem': '{name}: {msg}',
  'designer.element': 'Chosen box',
  'designer.element.none': 'No box chosen: click a box on the label.',
  'designer.element.sel': '{name} ({kind})',
  'designer.size': 'Font size (pt)',
  'designer.show': 'Parts shown on the label',
  'designer.save': 'Save the template',
  'designer.name': 'Template name',
  'designer.name.hint': 'Lower-case a-z, digits and hyphens, e.g. honey-58x40.',
  'designer.name.bad': 'A template name has only a-z, digits and hyphens (not starting with a hyphen).',
  'designer.replace': 'Replace a template of the same name',
  'designer.save.button': 'Save on the server',
  'designer.download': 'Download the INI file',
  'designer.saving': 'Saving…',
  'designer.saved': 'Template “{name}” saved: it is in the template lists, and ocoplabel -t {name} uses it.',
  'kind.text': 'text', 'kind.mark': 'OCOP mark', 'kind.stars': 'stars', 'kind.qr': 'QR code',
  'kind.datamatrix': 'Data Matrix', 'kind.ean13': 'EAN code', 'kind.ean': 'EAN code', 'kind.line': 'line',
  'kind.box': 'box',
});

const ROLLS = [[40, 30], [50, 30], [58, 40], [60, 40], [100, 50]];
const NAME_RE = /^[a-z0-9][a-z0-9-]{0,63}$/;
const CHECK_MS = 250;

const D = {
  sections: [],      /* [{name, lines: [raw]}]: the template's text, kept line by line */
  width: 0, height: 0,
  sel: null,         /* the chosen element's id */
  hidden: new Map(), /* id -> {index, section}: elements left out */
  bad: new Map(),    /* id -> message */
  timer: 0, seq: 0, drag: null, url: null,
};

/* ---- the template's text ---- */

function iniParse(text) {
  const secs = [{ name: null, lines: [] }];
  for (const raw of text.split('\n')) {
    const m = /^\s*\[([^\]]+)\]\s*$/.exec(raw);
    if (m) secs.push({ name: m[1], lines: [] });
    else secs[secs.length - 1].lines.push(raw);
  }
  return secs;
}
function iniText() {
  return D.sections.map((s) => (s.name === null ? '' : `[${s.name}]\n`) + s.lines.join('\n')).join('\n')
    .replace(/^\n/, '');
}
function iniGet(sec, key) {
  for (const l of sec.lines) {
    const m = /^\s*([A-Za-z_][\w[\]]*)\s*=\s*(.*)$/.exec(l);
    if (m && m[1] === key) return m[2];
  }
  return undefined;
}
function iniSet(sec, key, value) {
  const line = `${key}=${value}`;
  const i = sec.lines.findIndex((l) => new RegExp(`^\\s*${key}\\s*=`).test(l));
  if (i >= 0) sec.lines[i] = line;
  else {
    let j = sec.lines.length;
    while (j > 0 && sec.lines[j - 1].trim() === '') j--;
    sec.lines.splice(j, 0, line);
  }
}
function elemSections() {
  return D.sections.filter((s) => s.name && s.name.startsWith('element '));
}
function elemOf(id) {
  return elemSections().find((s) => s.name.slice(8) === id);
}
function geom(sec) {
  const n = (k) => Number(iniGet(sec, k) || 0);
  return { x: n('x'), y: n('y'), w: n('width'), h: n('height') };
}
const mm = (v) => Math.round(v * 10) / 10;
const numText = (v) => String(mm(v)).replace('.', lang === 'vi' ? ',' : '.');

/* ---- the boxes over the preview ---- */

function kindOf(sec) {
  const k = iniGet(sec, 'type') || 'text';
  return t('kind.' + k, null, k);
}

function boxLabel(box, id) {
  const sec = elemOf(id);
  if (!sec) return;
  const g = geom(sec);
  const vars = { name: id, x: numText(g.x), y: numText(g.y), w: numText(g.w), h: numText(g.h), msg: D.bad.get(id) };
  box.setAttribute('aria-label', t(D.bad.has(id) ? 'designer.box.bad' : 'designer.box', vars));
  box.title = D.bad.get(id) || '';
}

function placeBox(box, sec) {
  const g = geom(sec);
  const thin = 0.6; /* a line's box is drawn at least this high or wide, mm */
  box.style.left = (g.x / D.width * 100) + '%';
  box.style.top = (g.y / D.height * 100) + '%';
  box.style.width = (Math.max(g.w, thin) / D.width * 100) + '%';
  box.style.height = (Math.max(g.h, thin) / D.height * 100) + '%';
}

function drawBoxes() {
  const canvas = $('#d-canvas');
  for (const b of $$('.d-box', canvas)) b.remove();
  for (const sec of elemSections()) {
    const id = sec.name.slice(8);
    const box = el('button', { type: 'button', class: 'd-box', 'data-id': id });
    box.append(el('span', { class: 'd-tag', 'aria-hidden': 'true' }, id),
      el('span', { class: 'd-handle', 'aria-hidden': 'true' }));
    box.classList.toggle('bad', D.bad.has(id));
    box.classList.toggle('chosen', D.sel === id);
    placeBox(box, sec);
    boxLabel(box, id);
    box.addEventListener('pointerdown', dragStart);
    box.addEventListener('keydown', boxKey);
    box.addEventListener('focus', () => choose(id));
    canvas.append(box);
  }
}

function moved(id) {
  const box = $(`.d-box[data-id="${CSS.escape(id)}"]`);
  const sec = elemOf(id);
  if (box && sec) {
    placeBox(box, sec);
    boxLabel(box, id);
  }
  scheduleCheck();
}

function setGeom(id, g) {
  const sec = elemOf(id);
  if (!sec) return;
  const thin = (k) => Number(iniGet(sec, k) || 0) === 0;
  g.w = thin('width') && g.w <= 0.05 ? 0 : Math.max(0.5, g.w);
  g.h = thin('height') && g.h <= 0.05 ? 0 : Math.max(0.5, g.h);
  g.x = Math.min(Math.max(0, g.x), D.width - g.w);
  g.y = Math.min(Math.max(0, g.y), D.height - g.h);
  iniSet(sec, 'x', mm(g.x));
  iniSet(sec, 'y', mm(g.y));
  if (!thin('width') || g.w) iniSet(sec, 'width', mm(g.w));
  if (!thin('height') || g.h) iniSet(sec, 'height', mm(g.h));
  moved(id);
}

function dragStart(ev) {
  if (ev.button !== 0) return;
  const box = ev.currentTarget;
  const id = box.dataset.id;
  const sec = elemOf(id);
  choose(id);
  box.focus();
  box.setPointerCapture(ev.pointerId);
  D.drag = { id, box, x0: ev.clientX, y0: ev.clientY, g: geom(sec), resize: ev.target.classList.contains('d-handle') };
  box.addEventListener('pointermove', dragMove);
  box.addEventListener('pointerup', dragEnd);
  box.addEventListener('pointercancel', dragEnd);
  ev.preventDefault();
}
function dragMove(ev) {
  const d = D.drag;
  if (!d) return;
  const scale = D.width / $('#d-canvas').clientWidth; /* mm per CSS pixel */
  const dx = (ev.clientX - d.x0) * scale, dy = (ev.clientY - d.y0) * scale;
  const g = Object.assign({}, d.g);
  if (d.resize) { g.w += dx; g.h += dy; } else { g.x += dx; g.y += dy; }
  setGeom(d.id, g);
}
function dragEnd(ev) {
  const d = D.drag;
  if (!d) return;
  d.box.removeEventListener('pointermove', dragMove);
  d.box.removeEventListener('pointerup', dragEnd);
  d.box.removeEventListener('pointercancel', dragEnd);
  try { d.box.releasePointerCapture(ev.pointerId); } catch (e) { /* already released */ }
  D.drag = null;
}

function boxKey(ev) {
  const dirs = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
  const d = dirs[ev.key];
  if (!d) return;
  ev.preventDefault();
  const id = ev.currentTarget.dataset.id;
  const g = geom(elemOf(id));
  const step = ev.altKey ? 0.1 : 0.5;
  if (ev.shiftKey) { g.w += d[0] * step; g.h += d[1] * step; } else { g.x += d[0] * step; g.y += d[1] * step; }
  setGeom(id, g);
}

/* ---- the chosen element: its font size ---- */

function choose(id) {
  D.sel = id;
  for (const b of $$('.d-box')) b.classList.toggle('chosen', b.dataset.id === id);
  const sec = elemOf(id);
  const size = $('#d-size');
  if (!sec) {
    say($('#d-sel'), 'designer.element.none');
    size.disabled = true;
    size.value = '';
    return;
  }
  say($('#d-sel'), 'designer.element.sel', () => ({ name: id, kind: kindOf(sec) }));
  const isText = (iniGet(sec, 'type') || 'text') === 'text';
  size.disabled = !isText;
  size.value = isText ? (iniGet(sec, 'size') || '') : '';
}

function sizeChanged() {
  const sec = elemOf(D.sel);
  const v = Number($('#d-size').value);
  if (!sec || !(v >= 5 && v <= 72)) return;
  iniSet(sec, 'size', v);
  if (Number(iniGet(sec, 'min_size') || 0) > v) iniSet(sec, 'min_size', v);
  scheduleCheck();
}

/* ---- the parts shown ---- */

function fillShown() {
  const box = $('#d-shown');
  box.textContent = '';
  const ids = elemSections().map((s) => s.name.slice(8)).concat(Array.from(D.hidden.keys()));
  for (const id of ids) {
    const input = el('input', { type: 'checkbox', value: id, checked: !D.hidden.has(id) });
    input.addEventListener('change', () => showPart(id, input.checked));
    box.append(el('label', { class: 'check' }, input, ' ' + id));
  }
}

function showPart(id, on) {
  if (on && D.hidden.has(id)) {
    const h = D.hidden.get(id);
    D.sections.splice(Math.min(h.index, D.sections.length), 0, h.section);
    D.hidden.delete(id);
  } else if (!on) {
    const sec = elemOf(id);
    if (!sec) return;
    const index = D.sections.indexOf(sec);
    D.sections.splice(index, 1);
    D.hidden.set(id, { index, section: sec });
    if (D.sel === id) choose(null);
  }
  drawBoxes();
  scheduleCheck();
}

/* ---- the library's check and the preview ---- */

function dpi() {
  const p = catalog.printer_profiles.find((x) => x.name === $('#d-profile').value);
  return String(p && p.dpi ? p.dpi : 203);
}

function scheduleCheck() {
  clearTimeout(D.timer);
  D.timer = setTimeout(checkNow, CHECK_MS);
}

/* the elements a problem is about: its field, and any element its message names */
function problemIds(p) {
  const ids = new Set();
  const known = new Set(elemSections().map((s) => s.name.slice(8)));
  if (known.has(p.field)) ids.add(p.field);
  for (const re of [/\[element ([^\]]+)\]/g, /element '([^']+)'/g, /phần tử '([^']+)'/g]) {
    for (const m of (p.message || '').matchAll(re)) if (known.has(m[1])) ids.add(m[1]);
  }
  return ids;
}

async function checkNow() {
  const my = ++D.seq;
  const ini = iniText();
  const body = formBody({ ini, dpi: dpi(), pos: $('#d-pos').checked ? '1' : '' });
  say($('#d-check'), 'designer.checking');
  let j = null;
  try {
    const r = await api('/api/template/check', { method: 'POST', body });
    const text = await r.text();
    try { j = JSON.parse(text); } catch (e) { throw await errorOf(r.status, text); }
    if (!r.ok && !j.errors) throw await errorOf(r.status, text);
  } catch (e) {
    if (my === D.seq) sayServer($('#d-check'), 'designer.server', { msg: messageOf(e) }, checkNow);
    return;
  }
  if (my !== D.seq) return;
  D.bad = new Map();
  const list = $('#d-problems');
  list.textContent = '';
  for (const [sev, items] of [['error', j.errors || []], ['warning', j.warnings || []]]) {
    for (const p of items) {
      const ids = problemIds(p);
      if (sev === 'error') for (const id of ids) D.bad.set(id, D.bad.has(id) ? D.bad.get(id) + '; ' + p.message : p.message);
      const li = el('li', { class: sev });
      li.textContent = ids.size ? t('designer.problem', { name: Array.from(ids).join(', '), msg: p.message }) : p.message;
      list.append(li);
    }
  }
  for (const b of $$('.d-box')) {
    b.classList.toggle('bad', D.bad.has(b.dataset.id));
    boxLabel(b, b.dataset.id);
  }
  const n = (j.errors || []).length, w = (j.warnings || []).length;
  sayServer($('#d-check'), n ? 'designer.bad' : w ? 'designer.ok.warnings' : 'designer.ok', { n: n || w }, checkNow);
  preview(ini, my);
}

async function preview(ini, my) {
  try {
    const r = await api('/api/template/preview', { method: 'POST', body: formBody({ ini, dpi: dpi() }) });
    if (!r.ok || my !== D.seq) return; /* a layout the renderer refuses keeps the last picture; the check said why */
    const blob = await r.blob();
    if (my !== D.seq) return;
    if (D.url) URL.revokeObjectURL(D.url);
    D.url = URL.createObjectURL(blob);
    const img = $('#d-img');
    img.src = D.url;
    img.alt = t('designer.layout');
  } catch (e) { /* the check's status says what the server said */ }
}

/* ---- the automatic layout ---- */

function fillPresets() {
  const sel = $('#d-preset');
  const keep = sel.value;
  sel.textContent = '';
  for (const [w, h] of ROLLS) {
    const o = el('option', { value: `${w}x${h}` });
    say(o, 'designer.preset.roll', { w, h });
    sel.append(o);
  }
  for (const s of catalog.sheets) {
    const w = s.label_width_mm, h = s.label_height_mm;
    if (!(w >= 25 && h >= 20)) continue; /* the automatic layout's smallest label */
    const o = el('option', { value: `${w}x${h}` });
    say(o, 'designer.preset.sheet', { name: s.name, w, h });
    sel.append(o);
  }
  const custom = el('option', { value: '' });
  say(custom, 'designer.preset.custom');
  sel.append(custom);
  sel.value = $$('option', sel).some((o) => o.value === keep) ? keep : '58x40';
  presetChosen();
}

function presetChosen() {
  const v = $('#d-preset').value;
  if (!v) return;
  const [w, h] = v.split('x');
  $('#d-width').value = w;
  $('#d-height').value = h;
}

function fillDesignerProfiles() {
  const sel = $('#d-profile');
  const keep = sel.value;
  sel.textContent = '';
  const none = el('option', { value: '' });
  say(none, 'profile.none');
  sel.append(none);
  for (const p of catalog.printer_profiles) {
    sel.append(el('option', { value: p.name }, `${p.name} — ${p.language.toUpperCase()} ${p.dpi} dpi`));
  }
  sel.value = catalog.printer_profiles.some((p) => p.name === keep) ? keep : '';
}

async function layOut(ev) {
  if (ev) ev.preventDefault();
  const status = $('#d-status');
  for (const b of $$('.d-use')) b.remove();
  say(status, 'designer.making');
  const w = $('#d-width').value, h = $('#d-height').value;
  const body = formBody({
    width: w, height: h, printer_profile: $('#d-profile').value,
    no_ean: $('#d-no-ean').checked ? '1' : '', datamatrix: $('#d-datamatrix').checked ? '1' : '',
    pos: $('#d-pos').checked ? '1' : '',
  });
  let j;
  try {
    const r = await api('/api/template/auto', { method: 'POST', body });
    const text = await r.text();
    if (!r.ok) throw await errorOf(r.status, text);
    j = JSON.parse(text);
  } catch (e) {
    const msg = messageOf(e);
    sayServer(status, 'designer.server', { msg }, () => layOut());
    /* the library names a size that holds everything: offer it */
    const m = /(\d+(?:[.,]\d+)?)\s*×\s*(\d+(?:[.,]\d+)?)\s*mm/.exec(msg);
    if (m) {
      const [uw, uh] = [m[1].replace(',', '.'), m[2].replace(',', '.')];
      const use = el('button', { type: 'button', class: 'btn d-use' });
      say(use, 'designer.use', { w: uw, h: uh });
      use.addEventListener('click', () => {
        $('#d-preset').value = '';
        $('#d-width').value = uw;
        $('#d-height').value = uh;
        layOut();
      });
      status.after(use);
    }
    return;
  }
  D.sections = iniParse(j.ini);
  const label = D.sections.find((s) => s.name === 'label');
  D.width = Number(iniGet(label, 'width'));
  D.height = Number(iniGet(label, 'height'));
  D.hidden = new Map();
  D.bad = new Map();
  D.sel = null;
  const canvas = $('#d-canvas');
  canvas.style.aspectRatio = `${D.width} / ${D.height}`;
  /* the whole label in the window's height, so every box can be dragged anywhere */
  canvas.style.width = `min(100%, 40rem, calc(62vh * ${D.width / D.height}))`;
  $('#d-area').hidden = false;
  say(status, 'designer.made', { w: numText(D.width), h: numText(D.height) });
  if (!$('#d-name').value) $('#d-name').value = `nhan-${D.width}x${D.height}`.replace(/\./g, '-');
  drawBoxes();
  fillShown();
  choose(null);
  checkNow();
}

/* ---- save, download ---- */

async function saveTemplate() {
  const status = $('#d-save-status');
  const name = $('#d-name').value.trim();
  if (!NAME_RE.test(name)) {
    say(status, 'designer.name.bad');
    $('#d-name').setAttribute('aria-invalid', 'true');
    $('#d-name').focus();
    return;
  }
  $('#d-name').removeAttribute('aria-invalid');
  say(status, 'designer.saving');
  try {
    const r = await api('/api/template/save', {
      method: 'POST',
      body: formBody({ name, ini: iniText(), dpi: dpi(), replace: $('#d-replace').checked ? '1' : '' }),
    });
    const text = await r.text();
    if (!r.ok) throw await errorOf(r.status, text);
  } catch (e) {
    sayServer(status, 'designer.server', { msg: messageOf(e) });
    return;
  }
  say(status, 'designer.saved', { name });
  status.dataset.saved = name;
  loadTemplates();
}

function downloadIni() {
  const name = NAME_RE.test($('#d-name').value.trim()) ? $('#d-name').value.trim() : 'template';
  saveBlob(new Blob([iniText()], { type: 'text/plain;charset=utf-8' }), name + '.ini');
}

/* ---- wiring ---- */

function designerStart() {
  $('#designer').addEventListener('submit', layOut);
  $('#d-preset').addEventListener('change', presetChosen);
  for (const id of ['#d-width', '#d-height']) $(id).addEventListener('input', () => { $('#d-preset').value = ''; });
  $('#d-size').addEventListener('change', sizeChanged);
  $('#d-save').addEventListener('click', saveTemplate);
  $('#d-download').addEventListener('click', downloadIni);
  /* a language switch: the boxes' names for screen readers in the new language (app.js re-renders the rest) */
  $('#lang').addEventListener('click', () => setTimeout(() => {
    for (const b of $$('.d-box')) boxLabel(b, b.dataset.id);
  }, 0));
  /* the catalog (sheets, printer profiles) comes with app.js's /api/templates */
  let tries = 0;
  const wait = () => {
    if (document.body.dataset.ready === 'true' || ++tries > 200) {
      fillPresets();
      fillDesignerProfiles();
    } else setTimeout(wait, 50);
  };
  wait();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', designerStart);
else designerStart();
