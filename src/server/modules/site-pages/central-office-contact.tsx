import { CENTRAL_OFFICE_PHONE, TEAM_INBOXES } from '../../../domain/reference.js';
import type { Config } from '../../env.js';

/** The postal address with its parts on separate lines ('UK SMART Recovery, PO Box 4964, …'). */
function addressLines(address: string): string[] {
  return address
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}

/**
 * Central Office's telephone, postal address and team inboxes (Section 11). These are the
 * charity's, never a person's: a Coordinator's own details are not shown on public pages.
 */
export function CentralOfficeContact({ charity, headingLevel = 2, inboxes = 'all' }: { charity: Config['charity']; headingLevel?: 2 | 3; inboxes?: 'all' | 'info' }) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const shown = inboxes === 'all' ? TEAM_INBOXES : TEAM_INBOXES.filter((i) => i.code === 'info');
  return (
    <>
      <Heading>Telephone</Heading>
      <p>
        <a href={`tel:+44${CENTRAL_OFFICE_PHONE.replace(/\s/g, '').slice(1)}`}>{CENTRAL_OFFICE_PHONE}</a>
      </p>
      <Heading>Post</Heading>
      <address>
        {addressLines(charity.address).flatMap((line, i) => (i === 0 ? [line] : [<br key={i} />, line]))}
      </address>
      <Heading>Email</Heading>
      <ul>
        {shown.map((inbox) => (
          <li key={inbox.code}>
            {inbox.name}: <a href={`mailto:${inbox.email}`}>{inbox.email}</a>
          </li>
        ))}
      </ul>
    </>
  );
}
