import { LICENCE_TYPES, NATIONS, PROGRAMMES, TEAM_INBOXES } from './reference.js';
import type { LicenceTypeCode, NationCode, ProgrammeCode, TeamInboxCode } from './reference.js';

// Messages name things as the guidance does, so they read the names from the reference lists
// rather than repeating them.

/** The programme's name from the guidance, e.g. 'SMART Family & Friends'. */
export function programmeName(code: ProgrammeCode): string {
  return PROGRAMMES.find((p) => p.code === code)?.name ?? code;
}

/** The programme's name as it reads mid-sentence, e.g. 'the SMART Recovery 4-Point Programme'. */
export function programmeInSentence(code: ProgrammeCode): string {
  const name = programmeName(code);
  return name.endsWith('Programme') ? `the ${name}` : name;
}

/** The licence type's short name, e.g. 'SMART Criminal Justice'. */
export function licenceTypeName(code: LicenceTypeCode): string {
  const name = LICENCE_TYPES.find((l) => l.code === code)?.name ?? code;
  // 'SMART Criminal Justice (includes InsideOut)' reads badly mid-sentence.
  return name.replace(/\s*\(.*\)$/, '');
}

/** The nation's name, e.g. 'Northern Ireland'. */
export function nationName(code: NationCode): string {
  return NATIONS.find((n) => n.code === code)?.name ?? code;
}

/** A Central Office inbox's address, e.g. 'partnerships@smartrecovery.org.uk'. */
export function inboxEmail(code: TeamInboxCode): string {
  return TEAM_INBOXES.find((inbox) => inbox.code === code)!.email;
}
