import { COORDINATOR_POSTS, TEAM_INBOXES, VACANT_POSTS, type RegionCode, type TeamInboxCode } from '../reference.js';

/**
 * Section 11: where a message sent through the public contact form goes. Each kind of request has
 * its Central Office inbox; "support in my area" goes to the Community Coordinator of the region
 * the postcode falls in, who is "your first point of contact for all partnership and programme
 * queries". A region whose post is vacant ("Currently Recruiting"), or which has no post, goes to
 * the partnerships inbox, which Section 3 gives as the other way to reach help
 * (docs/decisions/133-contact-routing.md).
 */
export const CONTACT_TOPICS = [
  { code: 'partnership', label: 'A partnership enquiry', inbox: 'partnerships' },
  { code: 'training', label: 'Training', inbox: 'training' },
  { code: 'meeting-updates', label: 'Updates or changes to a meeting', inbox: 'updates' },
  { code: 'technical-support', label: 'Technical support', inbox: 'support' },
  { code: 'volunteering', label: 'Volunteering with UK SMART Recovery', inbox: 'volunteer' },
  { code: 'general', label: 'Something else', inbox: 'info' },
  { code: 'local-support', label: 'Support in my area (we pass it to your Community Coordinator)', inbox: 'partnerships' },
] as const satisfies readonly { code: string; label: string; inbox: TeamInboxCode }[];
export type ContactTopic = (typeof CONTACT_TOPICS)[number]['code'];

/** A Community Coordinator post and who holds it now (null when nobody active does). */
export interface PostHolder {
  postCode: string;
  holder: { userId: string; name: string; email: string } | null;
}

export type ContactRoute =
  | { kind: 'inbox'; inbox: TeamInboxCode; email: string; reason: string }
  | { kind: 'coordinator'; postCode: string; userId: string; name: string; email: string; inbox: TeamInboxCode; reason: string };

const inboxEmail = (code: TeamInboxCode) => TEAM_INBOXES.find((i) => i.code === code)!.email;

/** Where a contact message goes: an inbox, or the region's Community Coordinator for local support. */
export function routeContact(topic: ContactTopic, region: RegionCode | null, holders: readonly PostHolder[]): ContactRoute {
  const inbox = CONTACT_TOPICS.find((t) => t.code === topic)!.inbox;
  if (topic !== 'local-support') {
    return { kind: 'inbox', inbox, email: inboxEmail(inbox), reason: 'Section 11: the inbox for this kind of enquiry.' };
  }
  if (region === null) {
    return { kind: 'inbox', inbox, email: inboxEmail(inbox), reason: 'The postcode is not in a UKSR region we know, so the partnerships team will answer.' };
  }
  // The region's own Community Coordinator posts (not the national programme leads), in the
  // guidance's order; a region with two posts (Scotland) goes to the first one that is filled.
  const posts = COORDINATOR_POSTS.filter((p) => p.region === region && p.programme === null);
  for (const post of posts) {
    if (VACANT_POSTS.includes(post.code)) continue;
    const holder = holders.find((h) => h.postCode === post.code)?.holder;
    if (holder) {
      return { kind: 'coordinator', postCode: post.code, userId: holder.userId, name: holder.name, email: holder.email, inbox, reason: `Section 11: ${post.title}.` };
    }
  }
  const why = posts.length === 0 ? 'This region has no Community Coordinator post' : "This region's Community Coordinator post is vacant";
  return { kind: 'inbox', inbox, email: inboxEmail(inbox), reason: `${why}, so the partnerships team will answer.` };
}
