import { describe, expect, it } from 'vitest';
import { CONTACT_TOPICS, routeContact, type PostHolder } from './routing.js';

const holders: PostHolder[] = [
  { postCode: 'north-west', holder: { userId: 'u-nw', name: 'Nia Westfield', email: 'nia.westfield@example.org' } },
  { postCode: 'scotland-1', holder: null },
  { postCode: 'scotland-2', holder: { userId: 'u-sc2', name: 'Ross Glenbrook', email: 'ross.glenbrook@example.org' } },
  // Held in the data, but the guidance lists the post as "Currently Recruiting".
  { postCode: 'midlands-london', holder: { userId: 'u-ml', name: 'Mo Lister', email: 'mo.lister@example.org' } },
];

describe('routeContact: each kind of enquiry reaches its Section 11 inbox', () => {
  it.each([
    ['partnership', 'partnerships', 'partnerships@smartrecovery.org.uk'],
    ['training', 'training', 'training@smartrecovery.org.uk'],
    ['meeting-updates', 'updates', 'updates@smartrecovery.org.uk'],
    ['technical-support', 'support', 'support@smartrecovery.org.uk'],
    ['volunteering', 'volunteer', 'volunteer@smartrecovery.org.uk'],
    ['general', 'info', 'info@smartrecovery.org.uk'],
  ] as const)('%s → %s', (topic, inbox, email) => {
    expect(routeContact(topic, 'north-west', holders)).toMatchObject({ kind: 'inbox', inbox, email });
  });

  it('covers every topic on the form', () => {
    expect(CONTACT_TOPICS.map((t) => t.code).sort()).toEqual(
      ['general', 'local-support', 'meeting-updates', 'partnership', 'technical-support', 'training', 'volunteering'].sort(),
    );
  });
});

describe('routeContact: support in my area', () => {
  it("goes to the region's Community Coordinator when the post is filled", () => {
    expect(routeContact('local-support', 'north-west', holders)).toMatchObject({ kind: 'coordinator', postCode: 'north-west', userId: 'u-nw', email: 'nia.westfield@example.org' });
  });

  it('goes to the first filled post of a region with two posts', () => {
    expect(routeContact('local-support', 'scotland', holders)).toMatchObject({ kind: 'coordinator', postCode: 'scotland-2', userId: 'u-sc2' });
  });

  it('goes to the partnerships inbox when the post is vacant ("Currently Recruiting"), even if someone is recorded against it', () => {
    const route = routeContact('local-support', 'midlands-london', holders);
    expect(route).toMatchObject({ kind: 'inbox', inbox: 'partnerships', email: 'partnerships@smartrecovery.org.uk' });
    expect(route.reason).toMatch(/vacant/);
    expect(routeContact('local-support', 'north-wales', holders)).toMatchObject({ kind: 'inbox', inbox: 'partnerships' });
  });

  it('goes to the partnerships inbox when nobody holds the post', () => {
    expect(routeContact('local-support', 'south-of-england', holders)).toMatchObject({ kind: 'inbox', inbox: 'partnerships' });
  });

  it('goes to the partnerships inbox for a region with no post, and for an unknown region', () => {
    expect(routeContact('local-support', 'south-wales', holders).reason).toMatch(/no Community Coordinator post/);
    expect(routeContact('local-support', 'northern-ireland', holders)).toMatchObject({ kind: 'inbox', inbox: 'partnerships' });
    expect(routeContact('local-support', null, holders)).toMatchObject({ kind: 'inbox', inbox: 'partnerships' });
  });
});
