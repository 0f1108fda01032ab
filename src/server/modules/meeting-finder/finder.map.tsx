/**
 * The finder's map (docs/decisions/082-meeting-finder-map.md): an SVG drawn on the server with the
 * tile server's images behind numbered pins, so it needs no JavaScript and no map library, and
 * the Content-Security-Policy's "no inline styles" holds (SVG attributes are not styles). When the
 * tiles cannot load, the pins and their numbers still show, and the list beside it is complete.
 */

const TILE = 256;
const WIDTH = 640;
const HEIGHT = 360;
const PADDING = 28;
const MIN_ZOOM = 5;
const MAX_ZOOM = 15;

export interface MapPin {
  latitude: number;
  longitude: number;
  /** The number shown on the pin, matching the list. */
  label: string;
}

export interface MapProps {
  id: string;
  pins: readonly MapPin[];
  /** Where the search was measured from, marked with a cross. */
  origin?: { latitude: number; longitude: number } | undefined;
  tileUrl: string;
  attribution: string;
  /** What the map shows, for people who cannot see it. */
  description: string;
}

/** World pixel coordinates at zoom 0 (Web Mercator, as every slippy-map tile server uses). */
function project(latitude: number, longitude: number): { x: number; y: number } {
  const lat = Math.max(-85.0511, Math.min(85.0511, latitude));
  const sin = Math.sin((lat * Math.PI) / 180);
  return {
    x: ((longitude + 180) / 360) * TILE,
    y: (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * TILE,
  };
}

export function tileHref(template: string, z: number, x: number, y: number): string {
  return template
    .replace('{z}', String(z))
    .replace('{x}', String(x))
    .replace('{y}', String(y))
    .replace('{s}', 'a')
    .replace('{r}', '');
}

/** The zoom that fits every point, and the top-left world pixel of the view at that zoom. */
export function mapView(points: readonly { latitude: number; longitude: number }[]) {
  const projected = points.map((p) => project(p.latitude, p.longitude));
  const xs = projected.map((p) => p.x);
  const ys = projected.map((p) => p.y);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  let zoom = MAX_ZOOM;
  while (zoom > MIN_ZOOM) {
    const scale = 2 ** zoom;
    if ((maxX - minX) * scale <= WIDTH - 2 * PADDING && (maxY - minY) * scale <= HEIGHT - 2 * PADDING) break;
    zoom -= 1;
  }
  const scale = 2 ** zoom;
  const left = ((minX + maxX) / 2) * scale - WIDTH / 2;
  const top = ((minY + maxY) / 2) * scale - HEIGHT / 2;
  return { zoom, left, top, scale };
}

// A meeting's own page has one unnumbered pin and no list, so the caption only speaks of numbers
// when the pins carry them.
function captionOf(hasOrigin: boolean, numbered: boolean): string {
  const parts = [hasOrigin ? 'The circled dot is where you searched from' : '', numbered ? 'the numbers match the list' : ''].filter(Boolean);
  if (parts.length === 0) return '';
  const sentence = parts.join('; ');
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}. `;
}

export function MeetingMap({ id, pins, origin, tileUrl, attribution, description }: MapProps) {
  const points = origin ? [...pins, origin] : [...pins];
  if (points.length === 0) return null;
  const { zoom, left, top, scale } = mapView(points);
  const at = (p: { latitude: number; longitude: number }) => {
    const w = project(p.latitude, p.longitude);
    return { x: Math.round(w.x * scale - left), y: Math.round(w.y * scale - top) };
  };
  const tiles: { x: number; y: number; href: string }[] = [];
  const count = 2 ** zoom;
  for (let ty = Math.floor(top / TILE); ty <= Math.floor((top + HEIGHT - 1) / TILE); ty++) {
    if (ty < 0 || ty >= count) continue;
    for (let tx = Math.floor(left / TILE); tx <= Math.floor((left + WIDTH - 1) / TILE); tx++) {
      const wrapped = ((tx % count) + count) % count;
      tiles.push({ x: Math.round(tx * TILE - left), y: Math.round(ty * TILE - top), href: tileHref(tileUrl, zoom, wrapped, ty) });
    }
  }
  const originAt = origin ? at(origin) : null;
  // Later pins are drawn first so that pin 1 is on top where pins overlap.
  const drawn = pins.map((pin) => ({ ...pin, ...at(pin) })).reverse();
  return (
    <figure className="finder-map" id={id}>
      <svg className="finder-map-svg" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${id}-title`}>
        <title id={`${id}-title`}>{description}</title>
        <rect x="0" y="0" width={WIDTH} height={HEIGHT} fill="#e8eef0" />
        {tiles.map((t) => (
          <image key={`${t.x},${t.y}`} href={t.href} x={t.x} y={t.y} width={TILE} height={TILE} />
        ))}
        {originAt ? (
          <g>
            <circle cx={originAt.x} cy={originAt.y} r="9" fill="#ffffff" stroke="#0b0c0c" strokeWidth="3" />
            <circle cx={originAt.x} cy={originAt.y} r="3" fill="#0b0c0c" />
          </g>
        ) : null}
        {drawn.map((pin) => (
          <g key={`${pin.label}`}>
            <circle cx={pin.x} cy={pin.y} r="13" fill="#005a70" stroke="#ffffff" strokeWidth="3" />
            <text x={pin.x} y={pin.y + 5} textAnchor="middle" fontSize="14" fontWeight="700" fill="#ffffff" fontFamily="Arial, sans-serif">
              {pin.label}
            </text>
          </g>
        ))}
      </svg>
      <figcaption className="finder-map-caption">
        {captionOf(Boolean(origin), pins.some((pin) => pin.label !== ''))}
        Map data {attribution}.
      </figcaption>
    </figure>
  );
}
