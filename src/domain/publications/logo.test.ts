import { describe, expect, it } from 'vitest';
import { checkLogo, MAX_LOGO_BYTES } from './logo.js';

const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
const text = (s: string) => new TextEncoder().encode(s);

describe('checkLogo', () => {
  it('accepts PNG and JPEG by their magic bytes', () => {
    expect(checkLogo(png)).toEqual({ ok: true, type: 'image/png', extension: 'png' });
    expect(checkLogo(jpeg)).toEqual({ ok: true, type: 'image/jpeg', extension: 'jpg' });
  });

  it('refuses a text file, whatever it is called, and SVG', () => {
    expect(checkLogo(text('just some notes, saved as logo.png'))).toMatchObject({ ok: false, code: 'not_an_image' });
    expect(checkLogo(text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toMatchObject({ ok: false, code: 'not_an_image' });
    expect(checkLogo(Uint8Array.from([0x89, 0x50, 0x4e]))).toMatchObject({ ok: false, code: 'not_an_image' });
  });

  it('refuses an empty file and one over 2 MB, and accepts exactly 2 MB', () => {
    expect(checkLogo(new Uint8Array())).toMatchObject({ ok: false, code: 'empty' });
    const big = new Uint8Array(MAX_LOGO_BYTES + 1);
    big.set(png);
    expect(checkLogo(big)).toMatchObject({ ok: false, code: 'too_large' });
    expect(checkLogo(big.subarray(0, MAX_LOGO_BYTES))).toMatchObject({ ok: true });
  });
});
