// ocoplabel tests: ZPL jobs rendered by an independent renderer, zpl-renderer-js (Zebrash compiled to
// WebAssembly; installed by tests/npm-tools.sh into $OCOPLABEL_NPM_DIR, default /usr/local/lib/ocoplabel-test-npm).
//   node zpl_render.js JOB.zpl WIDTH_MM HEIGHT_MM DPMM OUT_DIR
// writes OUT_DIR/label-0001.png, ... (one per ^XA ... ^XZ format) and prints JSON
// {"labels":[{"png":"label-0001.png","copies":N}]}, the copies from each format's ^PQ.
// Seen with 3.4.0: the ^GFA image at ^FO0,0 comes out dot for dot; ^PQ, ^MN, ^PO, ^PR and ~SD
// do not change the image (they are printer settings); ^BQ's ^FO is the symbol's top-left. The canvas is
// WIDTH_MM x DPMM dots; a narrower ^PW label is centred across it (4 dots in from the left for 50 mm at 12).
'use strict';
const fs = require('fs');
const path = require('path');
const dir = process.env.OCOPLABEL_NPM_DIR || '/usr/local/lib/ocoplabel-test-npm';
const { ready } = require(path.join(dir, 'node_modules', 'zpl-renderer-js'));
const [job, w, h, dpmm, out] = process.argv.slice(2);
(async () => {
  const { api } = await ready;
  const zpl = fs.readFileSync(job, 'latin1');
  const formats = zpl.match(/\^XA[\s\S]*?\^XZ/g) || [];
  if (formats.length === 0)
    throw new Error(`${job}: no ^XA ... ^XZ label format`);
  fs.mkdirSync(out, { recursive: true });
  const labels = [];
  for (let i = 0; i < formats.length; i++) {
    const png = await api.zplToBase64Async(formats[i], +w, +h, +dpmm);
    const name = `label-${String(i + 1).padStart(4, '0')}.png`;
    fs.writeFileSync(path.join(out, name), Buffer.from(png, 'base64'));
    const pq = formats[i].match(/\^PQ(\d+)/);
    labels.push({ png: name, copies: pq ? +pq[1] : 1 });
  }
  console.log(JSON.stringify({ labels }));
})().catch((e) => { console.error(String(e)); process.exit(1); });
