/** Pictures the benchmarks draw with sharp: a phone photo of a handover sheet and a screenshot of a results screen. */
import sharp from 'sharp';

function lines(texts: string[], x: number, y: number, size: number, gap: number): string {
  return texts.map((text, i) => `<text x="${x}" y="${y + i * gap}" font-family="DejaVu Sans" font-size="${size}" fill="#1a1a1a">${text}</text>`).join('');
}

/** A sheet of paper at a slight angle on a grey desk, photographed at 4000×3000, as a phone saves it. */
export async function drawHandoverPhoto(file: string): Promise<void> {
  const sheet = `<svg xmlns="http://www.w3.org/2000/svg" width="4000" height="3000"><rect width="4000" height="3000" fill="#8a8a85"/>
    <g transform="rotate(-2 2000 1500)"><rect x="500" y="250" width="3000" height="2500" fill="#f4f2ec"/>
    ${lines(['Ward 9 handover 02/12', 'Bed 3  Mrs Joan Featherstone  NHS 943 476 5919', 'Bed 4  Mr Tomasz Nowak  DOB 14/02/1951', 'Bed 5  Ms Priya Iqbal  for CT head, falls', 'Bed 6  Mr Declan Doherty  sepsis ?source'], 620, 520, 80, 220)}</g></svg>`;
  await sharp(Buffer.from(sheet)).jpeg({ quality: 88 }).toFile(file);
}

/** A 1920×1080 screenshot of a results screen. */
export async function drawResultsScreenshot(file: string): Promise<void> {
  const rows = ['Haemoglobin 102 g/L', 'Sodium 131 mmol/L', 'Potassium 5.9 mmol/L', 'Creatinine 212 umol/L', 'Troponin 31044 ng/L'];
  const screen = `<svg xmlns="http://www.w3.org/2000/svg" width="1920" height="1080"><rect width="1920" height="1080" fill="#ffffff"/>
    <rect width="1920" height="60" fill="#dfe8f2"/>${lines(['NOWAK, Tomasz (Mr)   DOB: 14/02/1951   NHS: 401 023 2137'], 30, 42, 24, 0)}
    ${lines(rows, 60, 140, 22, 44)}</svg>`;
  await sharp(Buffer.from(screen)).png().toFile(file);
}
