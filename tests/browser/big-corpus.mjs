// Writes 1,500 short generated articles into OUTDIR for the paging browser test: each with a
// quote in the same frame ("Bantuan tahap N … sudah kami kirim," kata X kepada wartawan di
// Jakarta), half of them by one speaker, the rest by 150 others, published over two months, so
// that they make one story bigger than the lists the server answers at once.
//   node big-corpus.mjs OUTDIR
import { mkdirSync, writeFileSync } from "node:fs";

const out = process.argv[2];
if (!out) {
  console.error("usage: node big-corpus.mjs OUTDIR");
  process.exit(2);
}
mkdirSync(out, { recursive: true });
let seed = 7;
const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
const pick = (list) => list[next() % list.length];
const words = ("pemerintah daerah bantuan banjir warga desa kabupaten provinsi jalan jembatan rumah sekolah pasar " +
  "petani nelayan harga beras minyak listrik air sungai hujan angin gempa longsor relawan posko logistik obat " +
  "dokter anggaran dana proyek menteri gubernur bupati camat polisi kapal pesawat bandara pelabuhan kereta " +
  "terminal mahasiswa guru buruh pabrik tambang hutan kebun sawit kopi teh gula garam ikan udang sapi").split(" ");
const first = "Ahmad Bambang Citra Dewi Eko Fajar Gita Hendra Indah Joko Kartika Lukman Mega Nanda Oki".split(" ");
const last = "Saputra Wibowo Lestari Hidayat Kusuma Pratama Santika Nugroho Halim Siregar".split(" ");
for (let i = 0; i < 1500; i++) {
  const month = i < 750 ? 1 : 2, day = (i % 28) + 1;
  const sentences = [];
  for (let k = 0; k < 5; k++) {
    const s = Array.from({ length: 12 }, () => pick(words)).join(" ");
    sentences.push(s[0].toUpperCase() + s.slice(1));
  }
  const who = i % 2 === 0 ? "Budi Santoso" : `${first[Math.floor(i / 2) % 15]} ${last[Math.floor(i / 30) % 10]}`;
  const text = `Laporan ${i} tentang ${pick(words)} dan ${pick(words)}\n\nJAKARTA - ${sentences.join(". ")}.\n\n` +
    `"Bantuan tahap ${i} untuk ${pick(words)} sudah kami kirim," kata ${who} kepada wartawan di Jakarta, ` +
    `Senin (${day}/${month}/2024).\n`;
  writeFileSync(`${out}/d${String(i).padStart(4, "0")}.txt`, text);
}
