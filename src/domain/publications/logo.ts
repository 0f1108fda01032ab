/**
 * A co-branding logo's checks (docs/decisions/132-logo-uploads.md): at most 2 MB, and a PNG or JPEG
 * by its content, whatever its name or declared type says. SVG is refused rather than sanitised:
 * it can carry scripts and links, and the printer needs a raster image anyway.
 */
export const MAX_LOGO_BYTES = 2 * 1024 * 1024;

export type LogoType = 'image/png' | 'image/jpeg';

export type LogoCheck =
  | { ok: true; type: LogoType; extension: 'png' | 'jpg' }
  | { ok: false; code: 'empty' | 'too_large' | 'not_an_image'; message: string };

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];

const startsWith = (bytes: Uint8Array, magic: readonly number[]) => bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);

/** The logo's real type from its first bytes (its "magic number"), or why it is refused. */
export function checkLogo(bytes: Uint8Array): LogoCheck {
  if (bytes.length === 0) return { ok: false, code: 'empty', message: 'Choose a logo file: the file sent was empty.' };
  if (bytes.length > MAX_LOGO_BYTES) return { ok: false, code: 'too_large', message: 'The logo must be 2 MB or smaller.' };
  if (startsWith(bytes, PNG)) return { ok: true, type: 'image/png', extension: 'png' };
  if (startsWith(bytes, JPEG)) return { ok: true, type: 'image/jpeg', extension: 'jpg' };
  return { ok: false, code: 'not_an_image', message: 'The logo must be a PNG or JPEG image. Other files, including SVG, are refused.' };
}
