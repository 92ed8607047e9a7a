// Draws Exemplar's icon: an 8×8 picture of a case (a handwritten 1 from the digits demo, as the app shows a
// prototype), its subspace pixels in the accent colour. Writes resources/icons/icon.svg and icon.png
// (1024 px; electron-builder makes the .icns, .ico and Linux sizes from it). Run: node scripts/make-icon.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

// 0 blank, 1 ink, 2 ink in the subspace (outlined in the app; filled with the accent here).
const PICTURE = [
  '00011000',
  '00121000',
  '01121000',
  '00021000',
  '00021000',
  '00011000',
  '00122100',
  '01111110',
];
const SIZE = 1024;
const MARGIN = 112;
const RADIUS = 180;
const CELL = (SIZE - 2 * MARGIN) / 8;
const GAP = 10;
const BG = [0x1f, 0x29, 0x37];
const INK = [0xe5, 0xe7, 0xeb];
const ACCENT = [0xe6, 0x9f, 0x00]; // Okabe–Ito orange

const hex = (c) => '#' + c.map((v) => v.toString(16).padStart(2, '0')).join('');
let svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}">\n`;
svg += `  <rect width="${SIZE}" height="${SIZE}" rx="${RADIUS}" fill="${hex(BG)}"/>\n`;
PICTURE.forEach((row, r) =>
  [...row].forEach((v, c) => {
    if (v === '0') return;
    svg += `  <rect x="${MARGIN + c * CELL + GAP / 2}" y="${MARGIN + r * CELL + GAP / 2}" width="${CELL - GAP}" height="${CELL - GAP}" rx="12" fill="${hex(v === '2' ? ACCENT : INK)}"/>\n`;
  }),
);
svg += '</svg>\n';
writeFileSync('resources/icons/icon.svg', svg);

/** Colour and coverage at a point, 4×4 supersampled at the rounded corners. */
function insideRounded(x, y, w, h, rx, px, py) {
  if (px < x || py < y || px >= x + w || py >= y + h) return false;
  const cx = px < x + rx ? x + rx : px > x + w - rx ? x + w - rx : px;
  const cy = py < y + rx ? y + rx : py > y + h - rx ? y + h - rx : py;
  return (px - cx) ** 2 + (py - cy) ** 2 <= rx * rx;
}
function colourAt(px, py) {
  if (!insideRounded(0, 0, SIZE, SIZE, RADIUS, px, py)) return null;
  const c = Math.floor((px - MARGIN) / CELL);
  const r = Math.floor((py - MARGIN) / CELL);
  const v = PICTURE[r]?.[c];
  if (v && v !== '0' && insideRounded(MARGIN + c * CELL + GAP / 2, MARGIN + r * CELL + GAP / 2, CELL - GAP, CELL - GAP, 12, px, py)) return v === '2' ? ACCENT : INK;
  return BG;
}
const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) {
  raw[y * (SIZE * 4 + 1)] = 0; // filter: none
  for (let x = 0; x < SIZE; x++) {
    const acc = [0, 0, 0, 0];
    for (let sy = 0; sy < 4; sy++)
      for (let sx = 0; sx < 4; sx++) {
        const col = colourAt(x + (sx + 0.5) / 4, y + (sy + 0.5) / 4);
        if (!col) continue;
        acc[0] += col[0];
        acc[1] += col[1];
        acc[2] += col[2];
        acc[3] += 1;
      }
    const o = y * (SIZE * 4 + 1) + 1 + x * 4;
    if (acc[3]) [raw[o], raw[o + 1], raw[o + 2]] = [acc[0] / acc[3], acc[1] / acc[3], acc[2] / acc[3]].map(Math.round);
    raw[o + 3] = Math.round((acc[3] / 16) * 255);
  }
}
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type), data]);
  const sum = Buffer.alloc(4);
  sum.writeUInt32BE(crc(body));
  return Buffer.concat([len, body, sum]);
};
const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
writeFileSync('resources/icons/icon.png', Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]));
