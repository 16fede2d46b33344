/** WCAG contrast arithmetic, so any brand colour a host picks keeps text readable (AA: 4.5:1). */
function luminance(hex: string): number {
  const n = parseInt(hex.slice(1), 16);
  const channel = (c: number) => {
    const v = c / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}

export function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

/** `#abc` or `#aabbcc`, else the default. */
export function normaliseHex(color: string | undefined, fallback: string): string {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec((color ?? '').trim());
  if (!m) return fallback;
  const h = m[1].length === 3 ? [...m[1]].map((c) => c + c).join('') : m[1];
  return `#${h.toLowerCase()}`;
}

/** Mixes toward black until the colour reads on white (for links and outlines in the brand's hue). */
function darken(hex: string, amount: number): string {
  const n = parseInt(hex.slice(1), 16);
  const f = (c: number) => Math.round(c * (1 - amount));
  return `#${[(n >> 16) & 255, (n >> 8) & 255, n & 255].map((c) => f(c).toString(16).padStart(2, '0')).join('')}`;
}

export interface Palette {
  brand: string;
  onBrand: string;
  /** The brand's hue, dark enough for text on white. */
  brandText: string;
}

export function paletteFor(brandColor: string | undefined): Palette {
  const brand = normaliseHex(brandColor, '#2563eb');
  const onBrand = contrast(brand, '#ffffff') >= 4.5 ? '#ffffff' : '#111111';
  let brandText = brand;
  for (let i = 1; contrast(brandText, '#ffffff') < 4.5 && i <= 10; i++) brandText = darken(brand, i / 10);
  return { brand, onBrand, brandText };
}
