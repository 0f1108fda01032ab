import { useId } from 'react';

/**
 * Points placed by latitude and longitude on a plain grid of the UK (decision 129): no map tiles or
 * outside services, so it works offline and in tests. A list of the same places goes alongside it;
 * the SVG is a picture of that list.
 */

export interface MapPoint {
  id: string;
  label: string;
  latitude: number | null;
  longitude: number | null;
  kind: 'site' | 'gap' | 'meeting';
}

// The UK and Ireland's extent, with longitude squeezed by cos(54°) so shapes are not stretched.
const BOUNDS = { north: 61, south: 49.8, west: -8.7, east: 2 };
const SCALE = 60;
const COS = Math.cos((54 * Math.PI) / 180);
const x = (longitude: number) => (longitude - BOUNDS.west) * COS * SCALE;
const y = (latitude: number) => (BOUNDS.north - latitude) * SCALE;

const SYMBOLS: Record<MapPoint['kind'], { name: string; className: string }> = {
  meeting: { name: 'Meeting', className: 'map-point map-meeting' },
  site: { name: 'Licensed site with a meeting', className: 'map-point map-site' },
  gap: { name: 'Licensed site with no meeting', className: 'map-point map-gap' },
};

export function PointsMap({ title, points }: { title: string; points: MapPoint[] }) {
  const id = useId();
  const width = x(BOUNDS.east);
  const height = y(BOUNDS.south);
  const placed = points.filter((p) => p.latitude !== null && p.longitude !== null);
  const lats = [50, 52, 54, 56, 58, 60];
  const lons = [-8, -6, -4, -2, 0, 2];
  return (
    <figure className="network-map">
      <figcaption id={`${id}-title`}>
        {title}: {placed.length} of {points.length} places shown by their coordinates
      </figcaption>
      <svg viewBox={`0 0 ${width.toFixed(0)} ${height.toFixed(0)}`} role="img" aria-labelledby={`${id}-title`} className="network-map-svg" focusable="false">
        {lats.map((lat) => (
          <g key={`lat${lat}`}>
            <line x1={0} x2={width} y1={y(lat)} y2={y(lat)} className="map-grid" />
            <text x={4} y={y(lat) - 3} className="map-grid-label">
              {lat}°N
            </text>
          </g>
        ))}
        {lons.map((lon) => (
          <g key={`lon${lon}`}>
            <line y1={0} y2={height} x1={x(lon)} x2={x(lon)} className="map-grid" />
            <text y={height - 4} x={x(lon) + 3} className="map-grid-label">
              {Math.abs(lon)}°{lon < 0 ? 'W' : lon > 0 ? 'E' : ''}
            </text>
          </g>
        ))}
        {/* Sites first and larger, so a meeting at the same place shows inside its site's square. */}
        {[...placed.filter((p) => p.kind !== 'meeting'), ...placed.filter((p) => p.kind === 'meeting')].map((p) =>
          p.kind === 'meeting' ? (
            <circle key={`${p.kind}${p.id}`} cx={x(p.longitude!)} cy={y(p.latitude!)} r={4} className={SYMBOLS[p.kind].className}>
              <title>{`${SYMBOLS[p.kind].name}: ${p.label}`}</title>
            </circle>
          ) : (
            <rect key={`${p.kind}${p.id}`} x={x(p.longitude!) - 8} y={y(p.latitude!) - 8} width={16} height={16} className={SYMBOLS[p.kind].className}>
              <title>{`${SYMBOLS[p.kind].name}: ${p.label}`}</title>
            </rect>
          ),
        )}
      </svg>
      <ul className="map-key">
        <li>
          <span className="map-key-symbol map-meeting-key" aria-hidden="true" /> Meeting (circle)
        </li>
        <li>
          <span className="map-key-symbol map-site-key" aria-hidden="true" /> Licensed site with a meeting (square)
        </li>
        <li>
          <span className="map-key-symbol map-gap-key" aria-hidden="true" /> Licensed site with no meeting (red square)
        </li>
      </ul>
    </figure>
  );
}
