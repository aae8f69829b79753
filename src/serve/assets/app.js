/* ocoplabel serve: the clerk's page. One label with a live preview, downloads and printing;
   a product file to a table of its rows and to sheets. No framework, no build step; the API is
   docs/HTTP.md. Every string the page shows is in STRINGS, except the names of the fields and
   their column headings, which come from the library's field table (GET /api/fields: label,
   label_en, heading); messages about a record come from the server in its own words, in the
   page's language: every API call says it (lang=, docs/HTTP.md), and a switch of language asks again
   for what the server said (see askAgain). */
'use strict';

const STRINGS = {
  vi: {
    'doc.title': 'Nhãn OCOP — ocoplabel',
    'app.title': 'Nhãn OCOP',
    'app.tagline': 'Điền sản phẩm, xem nhãn ngay, rồi tải về hoặc in.',
    'app.footer': 'ocoplabel chạy trên máy tính này; trang không cần Internet.',
    'lang.switch': 'English',
    'lang.switch.title': 'Switch the page to English',
    'loading': 'Đang tải…',
    'single.title': 'Một nhãn',
    'required.legend': 'mục bắt buộc',
    'required': 'bắt buộc',
    'choose': '— chọn —',
    'group.output': 'Mẫu nhãn và định dạng',
    'group.product': 'Sản phẩm',
    'group.producer': 'Chủ thể',
    'group.codes': 'Mã',
    'group.lot': 'Lô và ngày',
    'group.cert': 'Chứng nhận OCOP',
    'group.other': 'Khác',
    'template': 'Mẫu nhãn',
    'format': 'Định dạng',
    'format.hint': 'Kiểm tra phiếu cho định dạng này; TSPL, ZPL cho máy in nhãn nhiệt.',
    'hint.producer': 'Hợp tác xã hoặc doanh nghiệp chịu trách nhiệm.',
    'hint.stars': '3, 4 hoặc 5 sao.',
    'hint.gtin': '13 chữ số, kể cả số kiểm tra. Bắt buộc, trừ dịch vụ du lịch.',
    'hint.growing_area': 'VD: VN-QNOR-0012',
    'hint.packing_facility': 'VD: VN-QNPH-003',
    'hint.net_quantity': 'Như in trên nhãn, VD: 500 g',
    'hint.origin': 'Để trống: Việt Nam.',
    'hint.ingredients': 'Bắt buộc với thực phẩm và đồ uống.',
    'hint.trace_url': 'Để trống: mã QR mang GS1 Digital Link tự tạo.',
    'hint.lot': 'Vào mã QR (AI 10).',
    'hint.serial': 'Vào mã QR (AI 21).',
    'hint.variant': 'Vào mã QR (AI 22).',
    'hint.date': 'Ngày/tháng/năm.',
    'hint.ocop_cert_date': 'Chứng nhận có hiệu lực 36 tháng.',
    'choice.Thực phẩm': 'Thực phẩm',
    'preview.title': 'Xem trước',
    'preview.empty': 'Nhãn sẽ hiện ở đây khi đã điền đủ các mục bắt buộc (*).',
    'preview.stale': 'Bản cũ: phiếu đang có lỗi',
    'preview.alt': 'Nhãn xem trước: {name}',
    'status.working': 'Đang cập nhật…',
    'status.ok': 'Nhãn hợp lệ.',
    'status.ok.warnings': 'Nhãn hợp lệ, có {n} cảnh báo.',
    'status.invalid': 'Phiếu chưa hợp lệ: {n} lỗi. Bản xem trước là bản hợp lệ gần nhất.',
    'status.invalid.noimage': 'Phiếu chưa hợp lệ: {n} lỗi.',
    'status.server': 'Máy chủ không trả lời được: {msg}',
    'problem.error': 'Lỗi',
    'problem.warning': 'Cảnh báo',
    'problem.general': 'Chung',
    'download.title': 'Tải nhãn về',
    'download.busy': 'Đang tạo {format}…',
    'download.done': 'Đã tải {file}.',
    'download.invalid': 'Phiếu còn lỗi: hãy sửa các mục được đánh dấu.',
    'print.title': 'In nhãn',
    'print.note': '{n} máy in CUPS, hoặc máy in mạng',
    'print.note.none': 'Chưa thấy máy in CUPS; in được qua mạng (socket://)',
    'printer': 'Máy in',
    'printer.pick': '— chọn máy in —',
    'printer.none': '(không có máy in CUPS)',
    'printer.none.hint': 'Không thấy máy in nào: {msg}',
    'printer.socket': 'Hoặc máy in mạng',
    'printer.socket.hint': 'Nếu điền, nhãn gửi tới địa chỉ này.',
    'profile': 'Cấu hình máy in nhãn',
    'profile.none': 'Không (gửi định dạng đã chọn)',
    'profile.hint': 'Cho máy in nhãn nhiệt (TSPL, ZPL).',
    'print.button': 'In',
    'print.sending': 'Đang gửi tới máy in…',
    'print.done': 'Đã gửi {labels} nhãn dạng {format} ({bytes}) tới {printer}.',
    'print.noprinter': 'Hãy chọn máy in hoặc nhập địa chỉ socket://',
    'batch.title': 'Nhiều nhãn từ tệp sản phẩm',
    'batch.intro': 'Tệp Excel (.xlsx), LibreOffice (.ods) hoặc CSV; dòng đầu là tên cột ({columns}, …).',
    'drop.text': 'Kéo thả tệp sản phẩm vào đây, hoặc',
    'drop.choose': 'Chọn tệp',
    'file.chosen': 'Tệp: {name} ({size})',
    'layout': 'Cách xếp nhãn',
    'layout.sheet': 'Tờ A4 (decal)',
    'layout.roll': 'Cuộn: mỗi trang một nhãn',
    'sheet': 'Loại tờ',
    'sheet.hint': '{labels} nhãn mỗi tờ, mẫu {template}.',
    'sheet.option': '{name} ({labels} nhãn)',
    'batch.template.hint': 'Tờ nhãn chọn sẵn mẫu của tờ; có thể chọn mẫu khác vừa ô nhãn.',
    'batch.template.misfit': 'Mẫu {template} ({w} × {h} mm) lớn hơn ô nhãn {cw} × {ch} mm của tờ {sheet}: hãy chọn mẫu nhỏ hơn hoặc khổ tờ khác.',
    'first': 'Bắt đầu ở ô',
    'first.hint': '1 = trên cùng bên trái; cho tờ đã dùng một phần.',
    'batch.copies': 'Số nhãn mỗi dòng',
    'batch.copies.hint': 'Khi tệp không có cột {column}.',
    'worksheet': 'Trang tính',
    'worksheet.hint': 'Tên hoặc số thứ tự; để trống: trang đầu tiên.',
    'skip_hidden': 'Bỏ qua dòng bị ẩn',
    'serialize': 'Mỗi nhãn một số seri riêng',
    'serial_start': 'Số đầu tiên',
    'serial_prefix': 'Tiền tố',
    'serial_digits': 'Số chữ số',
    'serial.hint': 'VD: tiền tố HTX và 6 chữ số cho HTX000001, HTX000002…; để trống cả hai: 1, 2, 3…',
    'serial.example': 'Nhãn đầu tiên: {serial}.',
    'batch.format.png': 'PNG (tệp zip)',
    'batch.download': 'Tải về',
    'batch.print': 'In ra máy in đã chọn ở trên',
    'batch.nofile': 'Hãy chọn tệp sản phẩm trước.',
    'batch.reading': 'Đang đọc tệp…',
    'batch.uploading': 'Đang gửi tệp…',
    'batch.working': 'Đang tạo nhãn…',
    'batch.downloading': 'Đang tải về…',
    'batch.done': 'Đã tải {file}: {labels} nhãn từ {valid} dòng hợp lệ; {rejected} dòng bị loại.',
    'batch.printed': 'Đã gửi {labels} nhãn dạng {format} ({bytes}) tới {printer}.',
    'rows.counts': '{rows} dòng: {valid} hợp lệ, {rejected} bị loại.',
    'rows.truncated': 'Chỉ hiện {shown} dòng đầu.',
    'rows.legend': 'Dòng bị loại có nền đỏ; lời nhắn nằm ngay ở ô có lỗi.',
    'rows.row': 'Dòng',
    'rows.rejected': 'bị loại',
    'rows.problems.title': 'Các vấn đề, theo thứ tự dòng',
    'rows.problems.none': 'Không có vấn đề nào.',
    'rows.problem.row': 'Dòng {row}',
    'rows.problem.error': 'Lỗi',
    'rows.problem.warning': 'Cảnh báo',
    'rows.problem.repeats': '… và {n} dòng khác có cùng cảnh báo, đến dòng {last}',
    'rows.problem.more': 'Còn {n} vấn đề không hiện ở đây.',
    'rows.col.problems': 'Vấn đề',
    'rejected.download': 'Tải các dòng bị loại (.xlsx)',
    'rejected.busy': 'Đang tạo sổ tính các dòng bị loại…',
    'rejected.done': 'Đã tải {file}.',
    'api.unauthorized': 'Máy chủ cần mã truy cập: hãy mở lại địa chỉ có ?token=… mà lệnh ocoplabel serve đã in ra.',
    'api.failed': 'Máy chủ trả lời {status}: {msg}',
    'api.failed.again': 'Máy chủ đã trả lời {status}, bằng ngôn ngữ trước. Hãy làm lại để xem lời nhắn bằng tiếng Việt.',
    'api.offline': 'Không kết nối được máy chủ ocoplabel. Lệnh ocoplabel serve còn chạy không?',
    'api.unreadable': 'câu trả lời không đọc được',
    'api.aborted': 'đã hủy',
    'api.nofields': 'máy chủ không gửi bảng các trường',
    'preview.undecodable': 'không hiển thị được ảnh nhãn',
    'ph.date': 'dd/mm/yyyy',
    'printer.state.idle': 'sẵn sàng',
    'printer.state.printing': 'đang in',
    'printer.state.stopped': 'đã dừng',
    'printer.state.unknown': 'không rõ trạng thái',
    'where.label': 'Nhãn',
    'where.row': 'Dòng',
    'where.header': 'Dòng tiêu đề',
  },
  en: {
    'doc.title': 'OCOP labels — ocoplabel',
    'app.title': 'OCOP labels',
    'app.tagline': 'Fill in a product, see its label as you type, then download or print it.',
    'app.footer': 'ocoplabel runs on this computer; the page needs no Internet.',
    'lang.switch': 'Tiếng Việt',
    'lang.switch.title': 'Chuyển trang sang tiếng Việt',
    'loading': 'Loading…',
    'single.title': 'One label',
    'required.legend': 'required',
    'required': 'required',
    'choose': '— choose —',
    'group.output': 'Template and format',
    'group.product': 'Product',
    'group.producer': 'Producer',
    'group.codes': 'Codes',
    'group.lot': 'Lot and dates',
    'group.cert': 'OCOP certificate',
    'group.other': 'Other',
    'template': 'Template',
    'format': 'Format',
    'format.hint': 'The record is checked for this format; TSPL and ZPL are for thermal label printers.',
    'hint.producer': 'The cooperative or enterprise responsible.',
    'hint.stars': '3, 4 or 5 stars.',
    'hint.gtin': '13 digits, with the check digit. Required except for tourism services.',
    'hint.growing_area': 'e.g. VN-QNOR-0012',
    'hint.packing_facility': 'e.g. VN-QNPH-003',
    'hint.net_quantity': 'As printed, e.g. 500 g',
    'hint.origin': 'Empty: Việt Nam.',
    'hint.ingredients': 'Required for food and drink.',
    'hint.trace_url': 'Empty: the QR code carries a GS1 Digital Link made for you.',
    'hint.lot': 'Goes into the QR code (AI 10).',
    'hint.serial': 'Goes into the QR code (AI 21).',
    'hint.variant': 'Goes into the QR code (AI 22).',
    'hint.date': 'Day/month/year.',
    'hint.ocop_cert_date': 'A certificate is valid for 36 months.',
    'choice.Thực phẩm': 'Food',
    'choice.Đồ uống': 'Beverages',
    'choice.Thảo dược': 'Herbs and herbal products',
    'choice.Thủ công mỹ nghệ': 'Handicrafts',
    'choice.Sinh vật cảnh': 'Ornamental plants and animals',
    'choice.Dịch vụ du lịch cộng đồng': 'Community tourism services',
    'preview.title': 'Preview',
    'preview.empty': 'The label appears here once the required fields (*) are filled in.',
    'preview.stale': 'Older label: the record has problems',
    'preview.alt': 'Label preview: {name}',
    'status.working': 'Updating…',
    'status.ok': 'The label is valid.',
    'status.ok.warnings': 'The label is valid, with {n} warning(s).',
    'status.invalid': 'Not valid yet: {n} problem(s). The preview is the last valid label.',
    'status.invalid.noimage': 'Not valid yet: {n} problem(s).',
    'status.server': 'The server could not answer: {msg}',
    'problem.error': 'Error',
    'problem.warning': 'Warning',
    'problem.general': 'General',
    'download.title': 'Download the label',
    'download.busy': 'Making the {format}…',
    'download.done': 'Downloaded {file}.',
    'download.invalid': 'The record has problems: fix the marked fields.',
    'print.title': 'Print',
    'print.note': '{n} CUPS printer(s), or a network printer',
    'print.note.none': 'No CUPS printer found; a network printer (socket://) works',
    'printer': 'Printer',
    'printer.pick': '— choose a printer —',
    'printer.none': '(no CUPS printers)',
    'printer.none.hint': 'No printers found: {msg}',
    'printer.socket': 'Or a network printer',
    'printer.socket.hint': 'When filled in, the label goes to this address.',
    'profile': 'Label printer profile',
    'profile.none': 'None (send the chosen format)',
    'profile.hint': 'For thermal label printers (TSPL, ZPL).',
    'print.button': 'Print',
    'print.sending': 'Sending to the printer…',
    'print.done': 'Sent {labels} label(s) as {format} ({bytes}) to {printer}.',
    'print.noprinter': 'Choose a printer or type a socket:// address.',
    'batch.title': 'Many labels from a product file',
    'batch.intro': 'An Excel (.xlsx), LibreOffice (.ods) or CSV file whose first row names the columns ({columns}, …).',
    'drop.text': 'Drop the product file here, or',
    'drop.choose': 'Choose a file',
    'file.chosen': 'File: {name} ({size})',
    'layout': 'Layout',
    'layout.sheet': 'A4 sheets (decal)',
    'layout.roll': 'Roll: one label per page',
    'sheet': 'Sheet',
    'sheet.hint': '{labels} labels a sheet, template {template}.',
    'sheet.option': '{name} ({labels} labels)',
    'batch.template.hint': 'A sheet comes with its own template; another one that fits its labels can be chosen.',
    'batch.template.misfit': 'Template {template} ({w} × {h} mm) is larger than the {cw} × {ch} mm labels of sheet {sheet}: choose a smaller template or another sheet.',
    'first': 'First position',
    'first.hint': '1 = top left; for a sheet already partly used.',
    'batch.copies': 'Labels per row',
    'batch.copies.hint': 'When the file has no {column} column.',
    'worksheet': 'Worksheet',
    'worksheet.hint': 'Its name or number; empty: the first.',
    'skip_hidden': 'Leave out hidden rows',
    'serialize': 'Give every label its own serial number',
    'serial_start': 'First number',
    'serial_prefix': 'Prefix',
    'serial_digits': 'Number of digits',
    'serial.hint': 'e.g. prefix HTX and 6 digits for HTX000001, HTX000002…; both empty: 1, 2, 3…',
    'serial.example': 'First label: {serial}.',
    'batch.format.png': 'PNG (a zip file)',
    'batch.download': 'Download',
    'batch.print': 'Print on the printer chosen above',
    'batch.nofile': 'Choose a product file first.',
    'batch.reading': 'Reading the file…',
    'batch.uploading': 'Sending the file…',
    'batch.working': 'Making the labels…',
    'batch.downloading': 'Downloading…',
    'batch.done': 'Downloaded {file}: {labels} label(s) from {valid} valid row(s); {rejected} row(s) rejected.',
    'batch.printed': 'Sent {labels} label(s) as {format} ({bytes}) to {printer}.',
    'rows.counts': '{rows} rows: {valid} valid, {rejected} rejected.',
    'rows.truncated': 'Only the first {shown} rows are shown.',
    'rows.legend': 'Rejected rows are shaded red; each message is at the cell it is about.',
    'rows.row': 'Row',
    'rows.rejected': 'rejected',
    'rows.problems.title': 'Problems, in row order',
    'rows.problems.none': 'No problems.',
    'rows.problem.row': 'Row {row}',
    'rows.problem.error': 'Error',
    'rows.problem.warning': 'Warning',
    'rows.problem.repeats': '… and {n} more row(s) with the same warning, up to row {last}',
    'rows.problem.more': '{n} more problem(s) not shown here.',
    'rows.col.problems': 'Problems',
    'rejected.download': 'Download the rejected rows (.xlsx)',
    'rejected.busy': 'Making the workbook of rejected rows…',
    'rejected.done': 'Downloaded {file}.',
    'api.unauthorized': 'The server needs its token: open again the address with ?token=… that ocoplabel serve printed.',
    'api.failed': 'The server answered {status}: {msg}',
    'api.failed.again': 'The server answered {status}, in the other language. Do it again to see its message in English.',
    'api.offline': 'Cannot reach the ocoplabel server. Is ocoplabel serve still running?',
    'api.unreadable': 'an answer that cannot be read',
    'api.aborted': 'cancelled',
    'api.nofields': 'the server sent no field table',
    'preview.undecodable': 'the label image cannot be shown',
    'ph.date': 'dd/mm/yyyy',
    'printer.state.idle': 'idle',
    'printer.state.printing': 'printing',
    'printer.state.stopped': 'stopped',
    'printer.state.unknown': 'state unknown',
    'where.label': 'Label',
    'where.row': 'Row',
    'where.header': 'Header row',
  },
};

/* The form's groups, as a clerk thinks; fields the table has and these do not go last. When the
   field table cannot be had, these names (as keys) make the form, so that it still works. */
const GROUPS = [
  ['product', ['name', 'product_group', 'stars', 'net_quantity', 'origin', 'ingredients', 'instructions', 'warnings',
    'standard', 'image']],
  ['producer', ['producer', 'address']],
  ['codes', ['gtin', 'growing_area', 'packing_facility', 'gln', 'variant', 'trace_url']],
  ['lot', ['lot', 'serial', 'harvest_date', 'packing_date', 'production_date', 'expiry_date']],
  ['cert', ['ocop_cert_no', 'ocop_cert_date']],
];
const LONG_TEXT = new Set(['ingredients', 'instructions', 'warnings']);
const WIDE = new Set(['name', 'producer', 'address', 'trace_url', 'ingredients', 'instructions', 'warnings']);
const NOT_IN_FORM = new Set(['copies']); /* a product-file column; printing has its own copies */
const FIELDS_WAIT_MS = 5000; /* the form waits this long for the field table, then is built with keys */
const DEBOUNCE_MS = 120;
const PREVIEW_DPI = '150';
/* a template made for a printer (thermal-50x30: xprinter-203) is previewed on that printer's grid of dots, where
   its codes have a whole number of dots; the others at PREVIEW_DPI */
function previewDpi(name) {
  const tpl = catalog.templates.find((x) => x.name === name);
  return tpl && tpl.dpi ? String(tpl.dpi) : PREVIEW_DPI;
}

const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));

/* ---- language ---- */

function storageGet(store, key) {
  try { return store.getItem(key); } catch (e) { return null; }
}
function storageSet(store, key, value) {
  try { store.setItem(key, value); } catch (e) { /* private mode: the choice lasts this page */ }
}

let lang = storageGet(localStorage, 'ocoplabel.lang') === 'en' ? 'en' : 'vi';

/* vars may be a function, called each time the string is rendered (words from the field table). */
function t(key, vars, fallback) {
  if (typeof vars === 'function') vars = vars();
  let s = STRINGS[lang][key];
  if (s === undefined) s = lang === 'en' ? undefined : STRINGS.vi[key];
  if (s === undefined) s = fallback !== undefined ? fallback : key;
  return vars ? s.replace(/\{(\w+)\}/g, (m, k) => (vars[k] !== undefined ? String(vars[k]) : m)) : s;
}

/* Give an element a string by key (kept, so a language switch re-renders it). */
function say(el, key, vars, fallback) {
  if (!el) return;
  el._server = null;
  if (!key) {
    delete el.dataset.i18n;
    el.textContent = '';
    return;
  }
  el.dataset.i18n = key;
  el._vars = vars;
  el._fallback = fallback;
  el.textContent = t(key, vars, fallback);
}

/* The same for a string that holds the server's words (vars.msg), which are in the language they
   were asked in: after a switch, again() asks the server again; without again (a download, a print:
   not done twice for a language) the page says in the new language that the message was in the
   other one. */
function sayServer(el, key, vars, again) {
  say(el, key, vars);
  if (el) el._server = { lang, again };
}

function applyLang() {
  document.documentElement.lang = lang;
  document.title = t('doc.title');
  for (const el of $$('[data-i18n]')) {
    const server = el._server;
    if (server && server.lang !== lang) {
      if (server.again) {
        el._server = null;
        server.again();
      } else {
        say(el, 'api.failed.again', { status: (el._vars && el._vars.status) || '—' });
      }
      continue;
    }
    el.textContent = t(el.dataset.i18n, el._vars, el._fallback);
  }
  for (const el of $$('[data-i18n-ph]')) el.placeholder = t(el.dataset.i18nPh);
  for (const el of $$('[data-field-label]')) el.textContent = fieldLabel(el.dataset.fieldLabel);
  const b = $('#lang');
  b.textContent = t('lang.switch');
  b.title = t('lang.switch.title');
  b.lang = lang === 'vi' ? 'en' : 'vi';
  const img = $('#preview');
  if (img._name !== undefined) img.alt = t('preview.alt', { name: img._name });
  renderProblems();
  if (rowsShown) renderRows(rowsShown, true);
}

/* ---- the API ---- */

const params = new URLSearchParams(location.search);
if (params.has('token')) {
  storageSet(sessionStorage, 'ocoplabel.token', params.get('token'));
  params.delete('token');
  const rest = params.toString();
  history.replaceState(null, '', location.pathname + (rest ? '?' + rest : '') + location.hash);
}
const token = storageGet(sessionStorage, 'ocoplabel.token') || '';

class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body || {};
  }
}

function banner(key, vars) {
  const b = $('#banner');
  say(b, key, vars);
  b.hidden = !key;
}

/* Every API call says the page's language (the lang parameter, and Accept-Language): the server's
   messages come in it (docs/HTTP.md). In the address, so that even a refusal before the body is read
   (a file too big) is in it. */
function withLang(path) {
  return path + (path.includes('?') ? '&' : '?') + 'lang=' + lang;
}

async function api(path, opts = {}) {
  const headers = Object.assign({ 'Accept-Language': lang }, opts.headers || {});
  if (token) headers.Authorization = 'Bearer ' + token;
  let r;
  try {
    r = await fetch(withLang(path), Object.assign({}, opts, { headers, cache: 'no-store' }));
  } catch (e) {
    if (e.name !== 'AbortError') banner('api.offline');
    throw e;
  }
  if (r.status === 401) banner('api.unauthorized');
  return r;
}

async function errorOf(status, text) {
  let body = {};
  try { body = JSON.parse(text); } catch (e) { /* not JSON: not the server's words for people */ }
  const msg = body.error || (body.errors || []).map((p) => p.message).join('; ') || t('api.unreadable');
  return new ApiError(status, msg, body);
}

/* An error's words for the page: the server's message, or the page's own for what the browser says
   in its language (no connection, an image it cannot decode). */
function messageOf(e) {
  if (e instanceof ApiError) return e.message;
  if (e instanceof TypeError) return t('api.offline');
  if (e && e.name === 'EncodingError') return t('preview.undecodable');
  return e && e.message ? e.message : t('api.unreadable');
}

async function getJSON(path) {
  const r = await api(path);
  const text = await r.text();
  if (!r.ok) throw await errorOf(r.status, text);
  return JSON.parse(text);
}

function formBody(obj) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(obj)) if (v !== undefined && v !== null && v !== '') p.append(k, v);
  return p;
}

function fileName(r, fallback) {
  const cd = (r.getResponseHeader ? r.getResponseHeader('Content-Disposition') : r.headers.get('Content-Disposition')) || '';
  let m = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(cd);
  if (m) {
    try { return decodeURIComponent(m[1]); } catch (e) { /* fall through */ }
  }
  m = /filename\s*=\s*"([^"]+)"/i.exec(cd) || /filename\s*=\s*([^;\s]+)/i.exec(cd);
  return m ? m[1] : fallback;
}

function saveBlob(blob, name) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 60000);
}

function bytes(n) {
  const loc = lang === 'vi' ? 'vi-VN' : 'en-GB';
  const f = (x) => x.toLocaleString(loc, { maximumFractionDigits: 1 });
  if (n < 1024) return f(n) + ' B';
  if (n < 1024 * 1024) return f(n / 1024) + ' KB';
  return f(n / (1024 * 1024)) + ' MB';
}

/* ---- the field table ---- */

const fieldInfo = new Map(); /* name -> its entry in GET /api/fields: the record fields and the columns (copies) */

function useFieldTable(j) {
  fieldInfo.clear();
  for (const f of [...(j.fields || []), ...(j.columns || [])]) if (f && f.name) fieldInfo.set(f.name, f);
}

/* The heading beside a field's name when it is an abbreviation the name does not spell out
   ("Ngày sản xuất (NSX)"); a heading in words ("Mã vạch") is the product file's business. */
function abbreviation(f, words) {
  const h = (f.heading || '').trim();
  return /^[\p{Lu}\d]{2,8}$/u.test(h) && !words.includes(h) ? h : '';
}

/* A field's name in words in the page's language (label, label_en); a problem of the whole label,
   row or header line in the page's words; its key as a last resort. */
function fieldLabel(name) {
  const f = fieldInfo.get(name);
  if (!f) return t('where.' + name, null, name);
  const words = (lang === 'en' ? f.label_en : f.label) || f.label || f.heading || name;
  const abbr = abbreviation(f, words);
  return abbr ? `${words} (${abbr})` : words;
}

/* The column heading a product file uses for a field; its key (which the reader takes too) without the table. */
function columnHeading(name) {
  const f = fieldInfo.get(name);
  return (f && f.heading) || name;
}

/* Give an element a field's name (kept, so a language switch or a late field table renders it again). */
function sayField(e, name) {
  e.dataset.fieldLabel = name;
  e.textContent = fieldLabel(name);
  return e;
}

/* ---- the record form ---- */

let fieldTable = [];
const fieldNames = new Set();
let catalog = { templates: [], sheets: [], printer_profiles: [] };

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === undefined || v === null) continue;
    if (k === 'class') e.className = v;
    else if (k === 'i18n') e.dataset.i18n = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  e.append(...children);
  return e;
}

function fieldRow(f) {
  const id = 'f-' + f.name;
  const label = el('label', { for: id });
  label.append(sayField(el('span', { class: 'name' }), f.name));
  if (f.required) label.append(' ', el('span', { class: 'req', 'aria-hidden': 'true' }, '*'));

  const hintKey = f.kind === 'date' && !STRINGS.vi['hint.' + f.name] ? 'hint.date' : 'hint.' + f.name;
  const hasHint = STRINGS.vi[hintKey] !== undefined;
  const described = (hasHint ? 'hint-' + f.name + ' ' : '') + 'err-' + f.name;
  const common = { id, name: f.name, 'aria-describedby': described, 'aria-required': f.required ? 'true' : false };
  let input;
  if (f.kind === 'choice') {
    input = el('select', common);
    const blank = el('option', { value: '' });
    say(blank, 'choose');
    input.append(blank);
    for (const c of f.choices || []) {
      const o = el('option', { value: c });
      say(o, 'choice.' + c, null, c);
      input.append(o);
    }
  } else if (LONG_TEXT.has(f.name)) {
    input = el('textarea', Object.assign({ rows: 2 }, common));
  } else {
    const a = Object.assign({ type: 'text', spellcheck: 'false' }, common);
    if (f.kind === 'number') a.inputmode = 'numeric';
    if (f.kind === 'code' || f.kind === 'gs1') a.autocapitalize = 'characters';
    if (f.kind === 'url') a.inputmode = 'url';
    if (f.kind === 'date') Object.assign(a, { 'data-i18n-ph': 'ph.date', placeholder: t('ph.date') });
    if (f.name === 'origin') a.placeholder = 'Việt Nam';
    if (f.kind === 'text') a.spellcheck = 'true';
    input = el('input', a);
  }
  const row = el('div', { class: 'field' + (WIDE.has(f.name) ? ' wide' : '') }, label, input);
  if (hasHint) {
    const hint = el('p', { class: 'hint', id: 'hint-' + f.name });
    say(hint, hintKey);
    row.append(hint);
  }
  row.append(el('div', { class: 'msg', id: 'err-' + f.name, 'aria-live': 'polite' }));
  return row;
}

/* The form without the field table: the fields GROUPS names, as text, each named by its key. */
function keyFields() {
  return GROUPS.flatMap(([, names]) => names).map((name) => ({ name, kind: 'text', required: false, choices: [] }));
}

function buildForm(fields) {
  const keep = recordValues();
  const active = document.activeElement;
  const focused = active && active.closest && active.closest('#groups') ? active.id : '';
  fieldTable = fields.filter((f) => !NOT_IN_FORM.has(f.name));
  const byName = new Map(fieldTable.map((f) => [f.name, f]));
  const used = new Set();
  const box = $('#groups');
  box.textContent = '';
  const groups = GROUPS.map(([g, names]) => [g, names.filter((n) => byName.has(n)).map((n) => byName.get(n))]);
  groups.forEach(([, list]) => list.forEach((f) => used.add(f.name)));
  groups.push(['other', fieldTable.filter((f) => !used.has(f.name))]);
  for (const [g, list] of groups) {
    if (!list.length) continue;
    const legend = el('legend');
    say(legend, 'group.' + g);
    box.append(el('fieldset', { class: 'group', id: 'g-' + g }, legend, el('div', { class: 'fields' }, ...list.map(fieldRow))));
  }
  fieldNames.clear();
  fieldTable.forEach((f) => fieldNames.add(f.name));
  /* a form built again (the field table came late) keeps what was typed */
  for (const [k, v] of Object.entries(keep)) {
    const input = document.getElementById('f-' + k);
    if (!input) continue;
    if (input.tagName === 'SELECT' && !Array.from(input.options).some((o) => o.value === v)) {
      input.append(el('option', { value: v }, v));
    }
    input.value = v;
  }
  const again = focused && document.getElementById(focused);
  if (again) again.focus();
  renderProblems();
}

function fillTemplates(select, chosen) {
  select.textContent = '';
  for (const tpl of catalog.templates) {
    const o = el('option', { value: tpl.name }, `${tpl.name} — ${tpl.width_mm} × ${tpl.height_mm} mm`);
    select.append(o);
  }
  const names = catalog.templates.map((x) => x.name);
  select.value = names.includes(chosen) ? chosen : names.includes('product-100x70') ? 'product-100x70' : names[0] || '';
}

function templateHint(select, hint) {
  const tpl = catalog.templates.find((x) => x.name === select.value);
  hint.textContent = tpl ? tpl.description : '';
}

function recordValues() {
  const out = {};
  for (const e of $('#record').elements) {
    if (e.name && fieldNames.has(e.name) && e.value.trim() !== '') out[e.name] = e.value;
  }
  return out;
}

function recordOptions() {
  return { template: $('#f-template').value, format: $('#f-format').value };
}

/* ---- live preview and problems ---- */

let timer = 0;
let controller = null;
let seq = 0;
let lastInputAt = 0;
let previewUrl = '';
let haveImage = false;
let currentBody = ''; /* the request the preview shows, so an unchanged record is not asked again */
let currentProblems = null; /* and its warnings */
const touched = new Set();
let showAll = false;
let problems = { errors: [], warnings: [] };

function status(kind, key, vars) {
  const s = $('#preview-status');
  s.dataset.kind = kind;
  say(s, key, vars);
}

/* the check could not be had: the server's words, asked again in another language */
function statusServer(key, vars) {
  const s = $('#preview-status');
  s.dataset.kind = 'error';
  sayServer(s, key, vars, checkAgain);
}

/* The record's problems (and the preview) asked again: in the page's language after a switch. */
function checkAgain() {
  currentBody = '';
  currentProblems = null;
  if (Object.keys(recordValues()).length) update();
}

function setState(state) {
  $('#preview').dataset.state = state;
  $('#frame').dataset.state = state;
}

function schedule(e) {
  if (e && e.target && e.target.name) touched.add(e.target.name);
  lastInputAt = performance.now();
  clearTimeout(timer);
  setState('pending');
  timer = setTimeout(update, DEBOUNCE_MS);
}

function same(a, b) {
  return a.field === b.field && a.message === b.message;
}

async function update() {
  if (controller) controller.abort();
  const values = recordValues();
  if (!Object.keys(values).length) {
    controller = null;
    problems = { errors: [], warnings: [] };
    renderProblems();
    currentBody = '';
    setState(haveImage ? 'stale' : 'empty');
    status('', '');
    return;
  }
  const opts = recordOptions();
  const key = formBody(Object.assign({}, values, opts)).toString();
  if (key === currentBody && currentProblems) {
    controller = null;
    ++seq;
    problems = { errors: [], warnings: currentProblems.warnings.slice() };
    renderProblems();
    setState('current');
    const w = problems.warnings.length;
    status(w ? 'warning' : 'ok', w ? 'status.ok.warnings' : 'status.ok', { n: w });
    return;
  }
  currentBody = '';
  controller = new AbortController();
  const { signal } = controller;
  const my = ++seq;
  const startedAt = lastInputAt;
  status('working', 'status.working');

  const check = api('/api/check', { method: 'POST', body: formBody(Object.assign({}, values, opts)), signal })
    .then(async (r) => {
      const text = await r.text();
      if (!r.ok) throw await errorOf(r.status, text);
      return JSON.parse(text);
    });
  const label = api('/api/label', {
    method: 'POST',
    body: formBody(Object.assign({}, values, { template: opts.template, format: 'png', dpi: previewDpi(opts.template) })),
    signal,
  }).then(async (r) => {
    if (r.status === 200) return { blob: await r.blob() };
    const text = await r.text();
    const err = await errorOf(r.status, text);
    if (r.status === 422) return { errors: err.body.errors || [] };
    throw err;
  });

  /* the messages appear as soon as the check answers, before the image */
  check.then((c) => {
    if (my !== seq) return;
    problems = { errors: c.errors || [], warnings: c.warnings || [] };
    renderProblems();
  }, () => {});

  /* the image is shown as soon as it comes, whatever the check is doing */
  const shown = label.then(async (l) => {
    if (l.blob && my === seq) {
      await showImage(l.blob, values.name || '', my);
      if (my === seq) $('#preview').dataset.latencyMs = String(Math.round(performance.now() - startedAt));
    }
    return l;
  });

  try {
    const [c, l] = await Promise.all([check, shown]);
    if (my !== seq) return;
    if (l.errors) {
      /* a rule that only the preview's rendering finds: show it too */
      for (const e of l.errors) if (!(c.errors || []).some((x) => same(x, e))) problems.errors.push(e);
      renderProblems();
    }
    const valid = !!l.blob && c.ok !== false && !(c.errors || []).length;
    setState(valid ? 'current' : haveImage ? 'stale' : 'empty');
    const n = problems.errors.length;
    if (valid) {
      currentBody = key;
      currentProblems = { errors: [], warnings: problems.warnings.slice() };
      const w = problems.warnings.length;
      status(w ? 'warning' : 'ok', w ? 'status.ok.warnings' : 'status.ok', { n: w });
    } else {
      status('error', haveImage ? 'status.invalid' : 'status.invalid.noimage', { n: n || 1 });
    }
  } catch (e) {
    if (e.name === 'AbortError' || my !== seq) return;
    setState(haveImage ? 'stale' : 'empty');
    statusServer('status.server', { msg: messageOf(e) });
  }
}

async function showImage(blob, name, my) {
  const img = $('#preview');
  const url = URL.createObjectURL(blob);
  const probe = new Image();
  probe.src = url;
  try {
    await probe.decode();
  } catch (e) {
    URL.revokeObjectURL(url);
    throw e;
  }
  if (my !== seq) {
    URL.revokeObjectURL(url);
    return;
  }
  img.src = url;
  img._name = name;
  img.alt = t('preview.alt', { name });
  img.hidden = false;
  $('#preview-empty').hidden = true;
  if (previewUrl) URL.revokeObjectURL(previewUrl);
  previewUrl = url;
  haveImage = true;
}

function problemItem(p, severity) {
  const li = el('li', { class: severity });
  const kind = el('strong');
  say(kind, 'problem.' + severity);
  li.append(kind, ' · ');
  if (p.field && fieldNames.has(p.field)) {
    const a = sayField(el('a', { href: '#f-' + p.field }), p.field);
    a.addEventListener('click', (ev) => {
      ev.preventDefault();
      const input = document.getElementById('f-' + p.field);
      touched.add(p.field);
      renderProblems();
      input.focus();
      input.scrollIntoView({ block: 'center' });
    });
    li.append(a, ': ');
  } else if (p.field) {
    const key = el('span', { class: 'key' });
    if (p.field === 'template' || p.field === 'format') say(key, p.field);
    else sayField(key, p.field);
    li.append(key, ': ');
  }
  li.append(el('span', { class: 'text' }, p.message));
  return li;
}

function renderProblems() {
  const { errors, warnings } = problems;
  const byField = new Map();
  const put = (p, sev) => {
    const key = fieldNames.has(p.field) ? p.field : ['template', 'format'].includes(p.field) ? p.field : '';
    if (!byField.has(key)) byField.set(key, []);
    byField.get(key).push([p, sev]);
  };
  errors.forEach((p) => put(p, 'error'));
  warnings.forEach((p) => put(p, 'warning'));
  for (const name of [...fieldNames, 'template', 'format']) {
    const box = document.getElementById('err-' + name);
    const input = document.getElementById('f-' + name);
    if (!box) continue;
    const list = (byField.get(name) || []).filter(() => showAll || touched.has(name) || name === 'template' || name === 'format');
    const text = list.map(([p, sev]) => sev + ':' + p.message).join('\n');
    if (box._text !== text) {
      box._text = text;
      box.textContent = '';
      for (const [p, sev] of list) {
        const line = el('p', { class: sev });
        const kind = el('strong');
        say(kind, 'problem.' + sev);
        line.append(kind, ': ', p.message);
        box.append(line);
      }
    } else {
      for (const s of $$('strong', box)) s.textContent = t(s.dataset.i18n);
    }
    const invalid = list.some(([, sev]) => sev === 'error');
    if (input) {
      if (invalid) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    }
  }
  const ul = $('#problems');
  ul.textContent = '';
  errors.forEach((p) => ul.append(problemItem(p, 'error')));
  warnings.forEach((p) => ul.append(problemItem(p, 'warning')));
}

function revealAll() {
  showAll = true;
  renderProblems();
  const first = $('#record [aria-invalid="true"]');
  if (first) first.focus();
}

/* ---- downloads and printing ---- */

function printDestination() {
  let s = $('#p-socket').value.trim();
  if (s && !/^[a-z]+:/i.test(s) && !s.startsWith('/') && /^[\w.-]+(:\d+)?$/.test(s) && s.includes('.')) s = 'socket://' + s;
  return s || $('#p-printer').value;
}

/* What a print sends: the chosen profile's language; else the chosen format when it is a printer's (TSPL, ZPL);
   else the language of the printer the template is made for (thermal-50x30: TSPL); else a PDF, which only a
   CUPS queue takes (the server says so for a raw port). PNG and SVG are not printed: their label goes as a PDF. */
function printFormat(chosen, template) {
  const prof = catalog.printer_profiles.find((p) => p.name === $('#p-profile').value);
  if (prof) return prof.language;
  if (chosen === 'tspl' || chosen === 'zpl') return chosen;
  const tpl = catalog.templates.find((x) => x.name === template);
  return tpl && tpl.language ? tpl.language : 'pdf';
}

async function downloadLabel(format) {
  const status = $('#download-status');
  say(status, 'download.busy', { format: format.toUpperCase() });
  try {
    const body = formBody(Object.assign({}, recordValues(), { template: $('#f-template').value, format }));
    const r = await api('/api/label', { method: 'POST', body });
    if (r.status === 422) {
      const err = await errorOf(422, await r.text());
      problems.errors = err.body.errors || problems.errors;
      say(status, 'download.invalid');
      revealAll();
      return;
    }
    if (!r.ok) throw await errorOf(r.status, await r.text());
    const blob = await r.blob();
    const name = fileName(r, (recordValues().gtin || 'nhan-ocop') + '.' + format);
    saveBlob(blob, name);
    say(status, 'download.done', { file: name });
  } catch (e) {
    if (e.name !== 'AbortError') sayServer(status, 'api.failed', { status: e.status || '—', msg: messageOf(e) });
  }
}

async function printLabel(ev) {
  ev.preventDefault();
  const status = $('#print-status');
  const printer = printDestination();
  if (!printer) {
    say(status, 'print.noprinter');
    $('#p-printer').focus();
    return;
  }
  say(status, 'print.sending');
  const button = $('#print-button');
  button.disabled = true;
  try {
    const body = formBody(Object.assign({}, recordValues(), {
      template: $('#f-template').value,
      format: printFormat($('#f-format').value, $('#f-template').value),
      printer,
      printer_profile: $('#p-profile').value,
      copies: $('#p-copies').value,
    }));
    const r = await api('/api/print', { method: 'POST', body });
    const text = await r.text();
    if (r.status === 422) {
      const err = await errorOf(422, text);
      problems.errors = err.body.errors || problems.errors;
      say(status, 'download.invalid');
      revealAll();
      return;
    }
    if (!r.ok) throw await errorOf(r.status, text);
    const j = JSON.parse(text);
    say(status, 'print.done', { labels: j.labels, format: String(j.format || '').toUpperCase(), bytes: bytes(j.sent || 0), printer: j.printer || printer });
  } catch (e) {
    if (e.name !== 'AbortError') sayServer(status, 'api.failed', { status: e.status || '—', msg: messageOf(e) });
  } finally {
    button.disabled = false;
  }
}

/* GET /api/printers (their descriptions in the page's language) into the print box */
function loadPrinters() {
  return getJSON('/api/printers').then(fillPrinters, (e) => fillPrinters({ printers: [], error: messageOf(e) }));
}

function fillPrinters(j) {
  const sel = $('#p-printer');
  const keep = sel.value;
  sel.textContent = '';
  const list = j.printers || [];
  const first = el('option', { value: '' });
  say(first, list.length ? 'printer.pick' : 'printer.none');
  sel.append(first);
  for (const p of list) {
    /* a CUPS queue's state is a word of the API (idle, printing, stopped, unknown): the page's words */
    const state = p.state ? t('printer.state.' + p.state, null, p.state) : '';
    const bits = [p.description || p.uri, state].filter(Boolean).join(', ');
    const o = el('option', { value: p.name }, p.name + (bits ? ` (${bits})` : ''));
    if (p.accepting === false) o.disabled = true;
    sel.append(o);
    if (p.default) sel.value = p.name;
  }
  if (keep && list.some((p) => p.name === keep)) sel.value = keep;
  const hint = $('#hint-printer');
  if (j.error) sayServer(hint, 'printer.none.hint', { msg: j.error }, loadPrinters);
  else say(hint, '');
  say($('#print-note'), list.length ? 'print.note' : 'print.note.none', { n: list.length });
}

function fillProfiles() {
  const sel = $('#p-profile');
  sel.textContent = '';
  const none = el('option', { value: '' });
  say(none, 'profile.none');
  sel.append(none);
  for (const p of catalog.printer_profiles) {
    sel.append(el('option', { value: p.name }, `${p.name} — ${p.language.toUpperCase()} ${p.dpi} dpi`));
  }
}

/* ---- batch ---- */

let batchFile = null;
let rowsController = null;

function chooseFile(file) {
  batchFile = file || null;
  const out = $('#b-file-name');
  if (batchFile) say(out, 'file.chosen', { name: batchFile.name, size: bytes(batchFile.size) });
  else say(out, '');
  if (batchFile) loadRows();
}

function layoutIsSheet() {
  return $('#batch').elements.namedItem('layout').value === 'sheet';
}

function batchTemplate() {
  return $('#b-template').value;
}

/* the template the clerk chose for the batch; until then (and after choosing a sheet) the sheet's own */
let batchTemplateChosen = false;

/* A template larger than the sheet's labels (the library refuses it): said at the select, before a run. */
function templateFits(sheet) {
  const box = $('#err-b-template > p');
  const tpl = catalog.templates.find((x) => x.name === $('#b-template').value);
  const misfit = sheet && tpl && sheet.label_width_mm && (tpl.width_mm > sheet.label_width_mm + 0.01
    || tpl.height_mm > sheet.label_height_mm + 0.01);
  const num = (x) => String(Math.round(x * 10) / 10);
  if (misfit) {
    say(box, 'batch.template.misfit', { template: tpl.name, w: num(tpl.width_mm), h: num(tpl.height_mm),
      cw: num(sheet.label_width_mm), ch: num(sheet.label_height_mm), sheet: sheet.name });
  } else say(box, '');
  box.hidden = !misfit;
  $('#b-template').setAttribute('aria-invalid', misfit ? 'true' : 'false');
}

function syncLayout() {
  const sheet = layoutIsSheet();
  $('#b-sheet').disabled = !sheet;
  $('#b-first').disabled = !sheet;
  const s = catalog.sheets.find((x) => x.name === $('#b-sheet').value);
  if (s) say($('#hint-sheet'), 'sheet.hint', { labels: s.labels, template: s.template || '—' });
  const select = $('#b-template');
  if (sheet && s && s.template && !batchTemplateChosen && Array.from(select.options).some((o) => o.value === s.template)) {
    select.value = s.template;
  }
  templateFits(sheet ? s : null);
  const ser = $('#b-serialize').checked;
  $('#b-serial-start').disabled = !ser;
  $('#b-serial-prefix').disabled = !ser;
  $('#b-serial-digits').disabled = !ser;
  showSerial();
}

/* The first label's serial as the server makes it from the prefix and the number of digits (the
   server checks them and says what is wrong) */
function showSerial() {
  const out = $('#serial-example');
  if (!$('#b-serialize').checked) return say(out, '');
  const start = String(Math.max(1, parseInt($('#b-serial-start').value, 10) || 1));
  const digits = Math.min(20, Math.max(0, parseInt($('#b-serial-digits').value, 10) || 0));
  say(out, 'serial.example', { serial: $('#b-serial-prefix').value + start.padStart(digits, '0') });
}

function batchForm(withOptions) {
  const f = $('#batch').elements;
  const fd = new FormData();
  fd.append('file', batchFile, batchFile.name);
  const put = (k, v) => { if (v !== undefined && v !== null && String(v).trim() !== '') fd.append(k, v); };
  put('worksheet', f.namedItem('worksheet').value);
  if (f.namedItem('skip_hidden').checked) fd.append('skip_hidden', '1');
  put('template', batchTemplate());
  if (withOptions) {
    if (layoutIsSheet()) {
      put('sheet', $('#b-sheet').value);
      put('first', $('#b-first').value);
    }
    put('copies', $('#b-copies').value);
    if ($('#b-serialize').checked) {
      fd.append('serialize', '1');
      put('serial_start', $('#b-serial-start').value);
      put('serial_prefix', $('#b-serial-prefix').value);
      put('serial_digits', $('#b-serial-digits').value);
    }
  }
  return fd;
}

/* The rows table of the chosen file; again: asked again in another language, the status line (the
   result of a download, say) left as it is unless the file cannot be read. */
async function loadRows(again) {
  if (!batchFile) return;
  if (rowsController) rowsController.abort();
  rowsController = new AbortController();
  const status = $('#batch-status');
  if (again !== true) say(status, 'batch.reading');
  try {
    const r = await api('/api/rows', { method: 'POST', body: batchForm(false), signal: rowsController.signal });
    const text = await r.text();
    if (!r.ok) throw await errorOf(r.status, text);
    renderRows(JSON.parse(text));
    if (again !== true) say(status, '');
  } catch (e) {
    if (e.name === 'AbortError') return;
    $('#rows-area').hidden = true;
    rowsShown = null;
    sayServer(status, 'api.failed', { status: e.status || '—', msg: messageOf(e) }, loadRows);
  }
}

function isRejected(row) {
  if (typeof row.rejected === 'boolean') return row.rejected;
  return (row.problems || []).some((p) => (p.severity || 'error') !== 'warning');
}

let rowsShown = null; /* the last answer of /api/rows, drawn again when the language changes */

/* A column of the rows table: the file's own heading, and under it the field it was read as, in
   words, when that says more ("NSX": Ngày sản xuất (NSX); "gtin": Mã số mã vạch (GTIN)). */
function columnHead(h, field) {
  const th = el('th', { scope: 'col', 'data-field': field || '' }, h);
  const words = field && fieldInfo.has(field) ? fieldLabel(field) : '';
  if (words && words.toLocaleLowerCase() !== String(h).trim().toLocaleLowerCase()) {
    th.append(el('span', { class: 'col-field' }, words));
  }
  return th;
}

function renderRows(j, again) {
  rowsShown = j;
  const wrap = $('#rows-area .table-wrap');
  const scroll = [wrap.scrollLeft, wrap.scrollTop];
  const table = $('#rows');
  table.textContent = '';
  const header = j.header || [];
  const fields = j.fields || [];
  const head = el('tr');
  const rowTh = el('th', { scope: 'col' });
  say(rowTh, 'rows.row');
  /* the rows' messages next to their numbers, so that a rejected row's reason is in view however wide the file */
  const probTh = el('th', { scope: 'col', class: 'col-problems' });
  say(probTh, 'rows.col.problems');
  head.append(rowTh, probTh, ...header.map((h, i) => columnHead(h, fields[i])));
  table.append(el('thead', {}, head));
  const body = el('tbody');
  for (const row of j.rows || []) {
    const rejected = isRejected(row);
    const tr = el('tr', { 'data-row': row.row, id: 'row-' + row.row, tabindex: '-1', class: rejected ? 'rejected' : false });
    const num = el('th', { scope: 'row', class: 'rownum' }, String(row.row));
    if (rejected) {
      const tag = el('span', { class: 'tag' });
      say(tag, 'rows.rejected');
      num.append(' ', tag);
    }
    const msgs = el('td', { class: 'row-problems' });
    for (const p of [...(row.problems || []), ...(row.warnings || []).map((w) => Object.assign({ severity: 'warning' }, w))]) {
      const sev = p.severity === 'warning' ? 'warn' : 'bad';
      msgs.append(el('span', { class: 'cell-msg ' + sev }, (p.field ? fieldLabel(p.field) + ': ' : '') + p.message));
    }
    tr.append(num, msgs);
    const cells = header.map((h, i) => el('td', { 'data-field': fields[i] || '' }, (row.values || [])[i] || ''));
    tr.append(...cells);
    for (const p of row.problems || []) {
      const i = p.field ? fields.indexOf(p.field) : -1;
      const cell = i >= 0 ? cells[i] : num;
      const sev = (p.severity || 'error') === 'warning' ? 'warn' : 'bad';
      if (sev === 'bad' || !cell.classList.contains('bad')) cell.classList.add(sev);
      const where = i >= 0 || !p.field ? '' : fieldLabel(p.field) + ': ';
      cell.title = (cell.title ? cell.title + '\n' : '') + where + p.message;
      cell.append(el('span', { class: 'cell-msg ' + sev }, where + p.message));
    }
    body.append(tr);
  }
  table.append(body);
  renderProblemList(j);
  const c = j.counts || {};
  $('#rejected-download').hidden = !(c.rejected > 0);
  say($('#rows-counts'), 'rows.counts', { rows: c.rows ?? 0, valid: c.valid ?? 0, rejected: c.rejected ?? 0 });
  if (j.truncated) $('#rows-counts').append(' ', t('rows.truncated', { shown: (j.rows || []).length }));
  $('#rows-area').hidden = false;
  if (again) [wrap.scrollLeft, wrap.scrollTop] = scroll;
}

/* the problems of the file above its table, in row order, a warning many rows share once with their count; each
   links to its row */
function renderProblemList(j) {
  const list = $('#rows-problems');
  list.textContent = '';
  const all = j.problems || [];
  const header = j.header || [];
  const fields = j.fields || [];
  for (const p of all) {
    const i = p.field ? fields.indexOf(p.field) : -1;
    const sev = p.severity === 'warning' ? 'warning' : 'error';
    const a = el('a', { href: '#row-' + p.row, 'data-row': p.row });
    a.append(t('rows.problem.row', { row: p.row }));
    if (i >= 0) a.append(' · ' + (header[i] || ''));
    a.addEventListener('click', (e) => {
      e.preventDefault();
      const tr = document.getElementById('row-' + p.row);
      if (tr) { tr.scrollIntoView({ block: 'center' }); tr.focus({ preventScroll: true }); }
    });
    const li = el('li', { class: sev, 'data-row': p.row, 'data-field': p.field || '' });
    const kind = el('span', { class: 'sev' }, t('rows.problem.' + sev));
    li.append(kind, ' ', a, ': ', (p.field ? fieldLabel(p.field) + ' — ' : '') + p.message);
    if (p.repeats) li.append(el('span', { class: 'repeats' }, ' ' + t('rows.problem.repeats', { n: p.repeats, last: p.last_row })));
    list.append(li);
  }
  if (j.more_problems) list.append(el('li', {}, t('rows.problem.more', { n: j.more_problems })));
  $('#rows-problems-area').hidden = !all.length;
}

async function downloadRejected() {
  const status = $('#batch-status');
  if (!batchFile) return;
  say(status, 'rejected.busy');
  try {
    const r = await api('/api/rejected', { method: 'POST', body: batchForm(true) });
    if (!r.ok) throw await errorOf(r.status, await r.text());
    const name = fileName(r, batchFile.name.replace(/\.[^.]*$/, '') + '-rejected.xlsx');
    saveBlob(await r.blob(), name);
    say(status, 'rejected.done', { file: name });
  } catch (e) {
    if (e.name !== 'AbortError') sayServer(status, 'api.failed', { status: e.status || '—', msg: messageOf(e) });
  }
}

function progress(phase, e) {
  const bar = $('#batch-progress');
  bar.hidden = false;
  if (phase === 'wait' || !e || !e.lengthComputable || !e.total) {
    bar.removeAttribute('value');
    return;
  }
  const part = e.loaded / e.total;
  bar.value = phase === 'upload' ? part * 0.5 : 0.5 + part * 0.5;
}

function send(path, fd, onUploaded) {
  return new Promise((resolve, reject) => {
    const x = new XMLHttpRequest();
    x.open('POST', withLang(path));
    x.responseType = 'blob';
    x.setRequestHeader('Accept-Language', lang); /* the server's messages in the page's language */
    if (token) x.setRequestHeader('Authorization', 'Bearer ' + token);
    x.upload.onprogress = (e) => progress('upload', e);
    x.upload.onload = () => { progress('wait'); onUploaded(); };
    x.onprogress = (e) => progress('download', e);
    x.onload = () => resolve(x);
    x.onerror = () => reject(new ApiError(0, t('api.offline')));
    x.onabort = () => reject(new ApiError(0, t('api.aborted')));
    x.send(fd);
  });
}

async function runBatch(print) {
  const status = $('#batch-status');
  if (!batchFile) {
    say(status, 'batch.nofile');
    $('#b-file').focus();
    return;
  }
  const fd = batchForm(true);
  const format = $('#b-format').value;
  let printer = '';
  if (print) {
    printer = printDestination();
    if (!printer) {
      say(status, 'print.noprinter');
      $('#p-printer').focus();
      return;
    }
    fd.append('format', layoutIsSheet() ? printFormat(format === 'png' ? 'pdf' : format, '') : printFormat(format, batchTemplate()));
    fd.append('printer', printer);
    if ($('#p-profile').value) fd.append('printer_profile', $('#p-profile').value);
  } else {
    fd.append('format', format);
  }
  const buttons = [$('#batch-download'), $('#batch-print')];
  buttons.forEach((b) => { b.disabled = true; });
  const bar = $('#batch-progress');
  bar.value = 0;
  bar.hidden = false;
  say(status, 'batch.uploading');
  try {
    const x = await send(print ? '/api/print' : '/api/batch', fd, () => say(status, 'batch.working'));
    if (x.status === 401) banner('api.unauthorized');
    if (x.status !== 200) throw await errorOf(x.status, await x.response.text());
    bar.value = 1;
    if (print) {
      const j = JSON.parse(await x.response.text());
      say(status, 'batch.printed', { labels: j.labels, format: String(j.format || '').toUpperCase(), bytes: bytes(j.sent || 0), printer: j.printer || printer });
      return;
    }
    const h = (k) => x.getResponseHeader('X-Ocoplabel-' + k) || '0';
    const ext = format === 'png' ? 'zip' : format;
    const name = fileName(x, batchFile.name.replace(/\.[^.]*$/, '') + '.' + ext);
    saveBlob(x.response, name);
    for (const k of ['Rows', 'Valid', 'Rejected', 'Labels']) status.dataset[k.toLowerCase()] = h(k);
    say(status, 'batch.done', { file: name, labels: h('Labels'), valid: h('Valid'), rejected: h('Rejected'), rows: h('Rows') });
  } catch (e) {
    sayServer(status, 'api.failed', { status: e.status || '—', msg: messageOf(e) });
  } finally {
    buttons.forEach((b) => { b.disabled = false; });
    bar.hidden = true;
  }
}

/* ---- start ---- */

function wire() {
  /* words that name fields come from the field table when they are shown, whichever language */
  say($('#batch-intro'), 'batch.intro', () => ({ columns: ['name', 'gtin', 'stars'].map(columnHeading).join(', ') }));
  say($('#hint-b-copies'), 'batch.copies.hint', () => {
    const f = fieldInfo.get('copies');
    const words = lang === 'en' && f && f.label_en ? ` (${f.label_en})` : '';
    return { column: columnHeading('copies') + words };
  });

  $('#lang').addEventListener('click', () => {
    lang = lang === 'vi' ? 'en' : 'vi';
    storageSet(localStorage, 'ocoplabel.lang', lang);
    applyLang();
    askAgain();
  });

  const record = $('#record');
  /* 'input' fires for selects too, but not always: a choice made by a program (an automation driver,
     some assistive tools) fires 'change' alone. 'change' on a text field would repeat every field as
     it loses focus, so it is heard for selects only; a repeat costs nothing (update() asks nothing
     when the record is unchanged). */
  record.addEventListener('input', schedule);
  record.addEventListener('change', (e) => { if (e.target.tagName === 'SELECT') schedule(e); });
  record.addEventListener('submit', (e) => e.preventDefault());
  $('#f-template').addEventListener('change', () => templateHint($('#f-template'), $('#hint-template')));
  $('#f-format').addEventListener('change', markFormat);

  for (const b of $$('#downloads button')) b.addEventListener('click', () => downloadLabel(b.dataset.format));
  $('#print').addEventListener('submit', printLabel);
  $('#rejected-download').addEventListener('click', downloadRejected);
  const box = $('#print-box');
  box.open = storageGet(localStorage, 'ocoplabel.print') === 'open';
  box.addEventListener('toggle', () => storageSet(localStorage, 'ocoplabel.print', box.open ? 'open' : 'closed'));

  const file = $('#b-file');
  file.addEventListener('change', () => chooseFile(file.files[0]));
  const drop = $('#drop');
  for (const type of ['dragenter', 'dragover']) {
    drop.addEventListener(type, (e) => {
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
      drop.classList.add('over');
    });
  }
  for (const type of ['dragleave', 'drop']) drop.addEventListener(type, () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    const f = e.dataTransfer.files && e.dataTransfer.files[0];
    if (!f) return;
    try { file.files = e.dataTransfer.files; } catch (err) { /* older browsers: keep our own reference */ }
    chooseFile(f);
  });
  /* a file dropped beside the zone should not replace the page */
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => e.preventDefault());

  const batch = $('#batch');
  batch.addEventListener('input', (e) => { if (e.target.name && e.target.name.startsWith('serial')) showSerial(); });
  batch.addEventListener('change', (e) => {
    if (e.target.name === 'template') batchTemplateChosen = true;
    else if (e.target.name === 'sheet' || e.target.name === 'layout') batchTemplateChosen = false;
    syncLayout();
    if (['worksheet', 'skip_hidden', 'template', 'sheet', 'layout'].includes(e.target.name)) loadRows();
  });
  batch.addEventListener('submit', (e) => {
    e.preventDefault();
    runBatch(false);
  });
  $('#batch-print').addEventListener('click', () => runBatch(true));
}

function markFormat() {
  const f = $('#f-format').value;
  for (const b of $$('#downloads button')) b.classList.toggle('primary', b.dataset.format === f);
}

/* The language changed: what the server said is asked again in it (the record's problems and its
   preview, the rows table, the templates' and printers' descriptions). A print or a download is not
   done again: its message says in the new language that it was in the other one (applyLang). */
function askAgain() {
  checkAgain();
  if (rowsShown && batchFile) loadRows(true);
  loadTemplates();
  loadPrinters();
}

/* The API failed: say so, unless api() already has (no token, no server). */
function failed(e) {
  if (e.status === 401 || e.name === 'AbortError' || e instanceof TypeError) return;
  const b = $('#banner');
  sayServer(b, 'api.failed', { status: e.status || '—', msg: messageOf(e) });
  b.hidden = false;
}

function haveFields(j) {
  if (!j || !Array.isArray(j.fields) || !j.fields.length) throw new ApiError(0, t('api.nofields'));
  useFieldTable(j);
  buildForm(j.fields);
  document.body.dataset.fields = 'table';
  applyLang();
}

/* The form waits for the field table, so that every name it shows is the table's; when the table
   is late (FIELDS_WAIT_MS) or fails, the form is built from GROUPS with keys for names, and built
   again, keeping what was typed, if the table comes after all. */
async function loadFields() {
  const fields = getJSON('/api/fields');
  let timer = 0;
  const late = new Promise((resolve) => { timer = setTimeout(() => resolve({ late: true }), FIELDS_WAIT_MS); });
  const first = await Promise.race([fields.then((j) => ({ j }), (e) => ({ e })), late]);
  clearTimeout(timer);
  if (first.j) {
    try {
      return haveFields(first.j);
    } catch (e) {
      first.e = e;
    }
  }
  buildForm(keyFields());
  document.body.dataset.fields = 'keys';
  applyLang();
  if (first.e) failed(first.e);
  else fields.then(haveFields).catch(failed);
}

/* The templates, sheets and printer profiles (their descriptions in the page's language) into the
   selects, keeping what is chosen. */
function fillCatalog() {
  fillTemplates($('#f-template'), $('#f-template').value);
  fillTemplates($('#b-template'), $('#b-template').value);
  templateHint($('#f-template'), $('#hint-template'));
  const sheet = $('#b-sheet');
  const keep = sheet.value;
  sheet.textContent = '';
  for (const s of catalog.sheets) {
    const o = el('option', { value: s.name, title: s.description });
    say(o, 'sheet.option', { name: s.name, labels: s.labels });
    sheet.append(o);
  }
  const names = catalog.sheets.map((s) => s.name);
  if (names.includes(keep)) sheet.value = keep;
  else if (names.includes('a4-3x8')) sheet.value = 'a4-3x8';
  const profile = $('#p-profile').value;
  fillProfiles();
  if (catalog.printer_profiles.some((p) => p.name === profile)) $('#p-profile').value = profile;
  syncLayout();
}

function loadTemplates() {
  return getJSON('/api/templates').then((j) => {
    catalog = Object.assign({ templates: [], sheets: [], printer_profiles: [] }, j);
  }, failed).then(fillCatalog);
}

async function start() {
  wire();
  applyLang();
  markFormat();
  /* the templates do not wait for the field table, nor it for them */
  await Promise.all([loadFields(), loadTemplates()]);
  applyLang();
  document.body.dataset.ready = 'true';
  loadPrinters();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
