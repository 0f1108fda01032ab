/**
 * Section 6, ongoing support: "Monthly online Facilitator Community Groups" and "Quarterly online
 * Tool Time Sessions, which are focused specifically on facilitators honing their skills at SMART
 * tool delivery within meetings".
 */
export const COMMUNITY_SESSION_KINDS = {
  community_group: { name: 'Facilitator Community Group', rhythm: 'monthly' },
  tool_time: { name: 'Tool Time', rhythm: 'quarterly' },
} as const;
export type CommunitySessionKind = keyof typeof COMMUNITY_SESSION_KINDS;
export const COMMUNITY_SESSION_KIND_CODES = Object.keys(COMMUNITY_SESSION_KINDS) as [CommunitySessionKind, ...CommunitySessionKind[]];

const PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function londonWallClock(at: Date): string {
  const p = Object.fromEntries(PARTS.formatToParts(at).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/**
 * The instant a UK wall-clock time names ("2026-12-10", "18:30" in Europe/London), or null for a
 * time the clocks skip. Sessions are advertised in UK time whatever the season.
 */
export function londonInstant(date: string, time: string): Date | null {
  const wanted = `${date}T${time}`;
  const asUtc = new Date(`${wanted}:00Z`);
  if (Number.isNaN(asUtc.getTime())) return null;
  // The UK is UTC or UTC+1: one of the two readings is the wall-clock time asked for. Summer time
  // is tried first, so an hour the clocks repeat in October means its first occurrence.
  for (const offsetHours of [1, 0]) {
    const candidate = new Date(asUtc.getTime() - offsetHours * 60 * 60 * 1000);
    if (londonWallClock(candidate) === wanted) return candidate;
  }
  return null;
}

/** The UK date and time of an instant: ["2026-12-10", "18:30"]. */
export function londonDateAndTime(at: Date): [string, string] {
  const [date, time] = londonWallClock(at).split('T') as [string, string];
  return [date, time];
}
