/**
 * Who a meeting is for (Section 9: a meeting "can be for a specific audience, such as Women Only or
 * LGBTQ+"). Each audience carries the Meeting Guide type code other recovery apps understand, where
 * the specification has one (the codes ship in @code4recovery/spec; a test checks them there).
 */
export const AUDIENCES = [
  { code: 'women', name: 'Women only', meetingGuideType: 'W' },
  { code: 'men', name: 'Men only', meetingGuideType: 'M' },
  { code: 'lgbtq', name: 'LGBTQ+', meetingGuideType: 'LGBTQ' },
  { code: 'young-people', name: 'Young people', meetingGuideType: 'Y' },
  // The specification has no veterans code; the SMART Veterans programme says it instead.
  { code: 'veterans', name: 'Veterans', meetingGuideType: null },
] as const;

export type AudienceCode = (typeof AUDIENCES)[number]['code'];

export const AUDIENCE_CODES = AUDIENCES.map((a) => a.code) as [AudienceCode, ...AudienceCode[]];

/** The audience's name as shown to the public ('lgbtq' → 'LGBTQ+'). */
export function audienceName(code: AudienceCode): string {
  return AUDIENCES.find((a) => a.code === code)!.name;
}

/** Meeting Guide types for the meeting's audiences (those the specification has codes for). */
export function audienceMeetingGuideTypes(codes: readonly AudienceCode[]): string[] {
  return AUDIENCES.filter((a) => codes.includes(a.code) && a.meetingGuideType !== null).map((a) => a.meetingGuideType as string);
}
